// Checklist items 1 and 2 of the seed page: a supported protocol (RTP, not UDP), and push
// or pull: a push must arrive where openlive listens; a pull must answer now, as
// CreateChannel verifies it then. Pure.

import type { SupportedInputType } from "../domain/records.ts";
import type { CheckLine, SourceObservation } from "./check-types.ts";
import { line } from "./check-line.ts";

const TRANSPORT: Readonly<Record<SupportedInputType, string>> = {
  RTP_PUSH: "MPEG-TS over RTP",
  RTMP_PUSH: "RTMP (FLV over TCP), pushed",
  SRT_LISTENER: "MPEG-TS over SRT, pushed to openlive's listener",
  RTMP_PULL: "RTMP, pulled",
  URL_PULL: "HLS (MPEG-TS segments) over HTTP",
  SRT_CALLER: "MPEG-TS over SRT, openlive calls the upstream's listener",
  MP4_FILE: "MP4 file",
  TS_FILE: "MPEG-TS file",
};

export function protocolLine(inputType: SupportedInputType, obs: SourceObservation, source: number): CheckLine {
  const spec = { id: "protocol", title: "Protocol and transport", rule: "protocol", source } as const;
  if (obs.bareUdp) {
    return line(
      spec,
      "fail",
      "MPEG-TS without RTP headers (plain UDP) arrived: UDP is not an input type; send RTP, not UDP",
      "send RTP, not UDP: ffmpeg … -f rtp_mpegts rtp://HOST:PORT (not -f mpegts udp://…); a hardware encoder: choose \"RTP\" (MPEG-TS over RTP, RFC 2250), not \"UDP\"",
    );
  }
  if (obs.mediaBytes === 0) return line(spec, "info", `${TRANSPORT[inputType]} expected; nothing arrived to tell the transport`);
  return line(spec, "pass", `${TRANSPORT[inputType]} (${inputType})`);
}

export function directionLine(inputType: SupportedInputType, obs: SourceObservation, source: number, seconds: number): CheckLine {
  const spec = { id: "direction", title: "Push or pull", rule: "direction", source } as const;
  const alerts = obs.alerts.length ? ` (${obs.alerts.join("; ")})` : "";
  if (obs.direction === "push") {
    if (obs.failure !== undefined) return line(spec, "fail", `cannot listen on ${obs.url}: ${obs.failure}`, "choose an address of this host and a free port");
    if (obs.bytesIn === 0) {
      const pullHint = inputType === "RTMP_PUSH" || inputType === "SRT_LISTENER" ? "; to pull from a server of yours instead, add --pull" : "";
      return line(spec, "fail", `push: nothing arrived on ${obs.url} within ${seconds} s${alerts}`, `point the encoder at this host and port${inputType === "RTMP_PUSH" ? " and stream name" : ""}, start it, and check firewalls on the way${pullHint}`);
    }
    if (obs.mediaBytes === 0 && !obs.bareUdp) return line(spec, "fail", `push: the encoder connected but no media arrived within ${seconds} s${alerts}`, "check the stream name (RTMP app/instance) or the SRT passphrase");
    return line(spec, "pass", `push: the encoder sends to openlive; it must be sending when the channel starts (it need not before)${alerts}`);
  }
  if (obs.failure !== undefined) {
    return line(spec, "fail", `pull: ${obs.url} is not ready: ${obs.failure}`, "the source must answer when the channel is created (CreateChannel verifies it) and while it runs");
  }
  return line(spec, "pass", `pull: openlive connects to the source; it answered and media flowed${alerts}`);
}
