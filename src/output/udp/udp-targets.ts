// The UDP/RTP outputs of this pipeline: where each sends (udp:// or rtp://, host and port),
// with what FEC (udp-fec.ts), and how alerts and logs name it.

import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import { parseUdpDestinationUrl, type UdpDestinationScheme } from "../../domain/channels/udp-destination-url.ts";
import { planFec } from "../../domain/channels/udp-fec.ts";
import { outputGroupKey, outputSlaveKey } from "../output-group-key.ts";
import type { FecMatrix } from "./smpte2022-fec.ts";
import { m2tsScte35Pid } from "../scte35/scte35-passthrough.ts";
import { udpBufferMsec } from "./udp-plan.ts";

export interface UdpTarget {
  /** outputSlaveKey of the output (its tee slave writes to the target's relay socket). */
  readonly key: string;
  /** outputGroupKey of its group: the group's alert is shared by its outputs. */
  readonly groupKey: string;
  /** How alerts and logs name it, e.g. `output "ird" of group "contribution"`. */
  readonly label: string;
  /** The destination as the channel names it, e.g. `rtp://239.1.1.1:5000`. */
  readonly peer: string;
  readonly scheme: UdpDestinationScheme;
  /** An IP address (IPv6 without brackets) or a host name. */
  readonly host: string;
  readonly port: number;
  readonly multicast: boolean;
  /** bufferMsec as sent: the most the sender delays a datagram to pace it on the PCR. */
  readonly bufferMs: number;
  /** SMPTE 2022-1 FEC (rtp:// only); absent: none. */
  readonly fec?: FecMatrix;
  /** The PID the output passes SCTE-35 on (m2tsSettings scte35Control PASSTHROUGH); absent: none. */
  readonly scte35Pid?: number;
}

export function udpTargets(config: ChannelConfig, pipelineIndex: 0 | 1): UdpTarget[] {
  const targets: UdpTarget[] = [];
  (config.encoderSettings?.outputGroups ?? []).forEach((group, groupIndex) => {
    if (!group.outputGroupSettings.udpGroupSettings) return;
    const groupKey = outputGroupKey(group, groupIndex);
    group.outputs.forEach((output, outputIndex) => {
      const udp = output.outputSettings.udpOutputSettings;
      const destination = config.destinations.find((candidate) => candidate.id === udp?.destination.destinationRefId);
      const url = (destination?.settings?.[pipelineIndex] ?? destination?.settings?.[0])?.url ?? "";
      const parsed = parseUdpDestinationUrl(url);
      if (!udp || !parsed.ok) throw new TypeError(`output ${outputIndex} of group "${groupKey}" has no usable udp:// or rtp:// destination`);
      const fec = parsed.scheme === "rtp:" ? planFec(udp.fecOutputSettings) : undefined;
      const scte35Pid = m2tsScte35Pid(udp.containerSettings.m2tsSettings);
      targets.push({
        key: outputSlaveKey(groupKey, output.outputName, outputIndex),
        groupKey,
        label: `output "${output.outputName ?? outputIndex}" of group "${groupKey}"`,
        peer: url,
        scheme: parsed.scheme,
        host: parsed.host,
        port: parsed.port,
        multicast: parsed.multicast,
        bufferMs: udpBufferMsec(udp),
        ...(fec ? { fec: { rowLength: fec.rowLength, columnDepth: fec.columnDepth, rows: fec.rows } } : {}),
        ...(scte35Pid !== undefined ? { scte35Pid } : {}),
      });
    });
  });
  return targets;
}
