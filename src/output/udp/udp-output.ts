// UDP/RTP as an output kind (output-kind.ts): each output is an MPEG-TS tee slave written to a
// relay socket (udp-plan.ts), behind which a sender in this process sends it to its udp:// or
// rtp:// destination with SMPTE 2022-1 FEC (udp-sender.ts). A destination that cannot be sent
// to raises its group's alert and never touches the encoder or the channel's other outputs.

import type { OutputKind } from "../output-kind.ts";
import { startPushBeside } from "../push/push-beside.ts";
import { withScte35 } from "../scte35/scte35-sink.ts";
import { planUdpGroup } from "./udp-plan.ts";
import { UdpSender } from "./udp-sender.ts";
import { udpTargets } from "./udp-targets.ts";

export const UDP_OUTPUT: OutputKind = {
  kind: "udpGroupSettings",
  check: () => [],
  plan: planUdpGroup,
  startBeside: (context) =>
    startPushBeside(
      context,
      udpTargets(context.config, context.pipelineIndex).map((target) => ({ key: target.key, groupKey: target.groupKey, start: (alert) => withScte35(new UdpSender({ target, alert, logger: context.logger }), target.scte35Pid, context.spliceMarks) })),
    ),
};
