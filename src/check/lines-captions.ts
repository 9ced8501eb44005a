// Checklist item 3, captions: what the source carries — CEA-608
// channels and CEA-708 services in the video, DVB-Sub, Teletext and SCTE-27 PIDs in the
// PMT — against the caption selectors the channel will have (the monitor's caption rule);
// and SCTE-35, reported for information. Pure.

import type { SupportedInputType } from "../domain/records.ts";
import { checkCaptions } from "../ingest/monitor/source-checks.ts";
import type { CaptionInfo } from "../media/types.ts";
import { CaptionSelectorNames, type CaptionSelectorName, type CheckLine, type SourceObservation } from "./check-types.ts";
import { line } from "./check-line.ts";

const FIXES: Readonly<Record<CaptionSelectorName, string>> = {
  embedded: "turn on CEA-608/708 caption insertion in the encoder (A/53 user data in the H.264/H.265 SEI), or pass the captions of the SDI source through",
  "dvb-sub": "add the DVB subtitle PID to the encoder's MPEG-TS output (PMT descriptor 0x59)",
  teletext: "add the Teletext PID to the encoder's MPEG-TS output (PMT descriptor 0x56)",
  scte27: "add the SCTE-27 PID to the encoder's MPEG-TS output (stream type 0x82)",
};

export function captionsFound(captions: CaptionInfo): string {
  const found: string[] = [];
  if (captions.cea608Channels.length) found.push(`CEA-608 ${captions.cea608Channels.map((channel) => `CC${channel}`).join(", ")}`);
  if (captions.cea708Services.length) found.push(`CEA-708 service${captions.cea708Services.length > 1 ? "s" : ""} ${captions.cea708Services.join(", ")}`);
  if (captions.dvbSubPids.length) found.push(`DVB-Sub on PID ${pids(captions.dvbSubPids)}`);
  if (captions.teletextPids.length) found.push(`Teletext on PID ${pids(captions.teletextPids)}`);
  if (captions.scte27Pids.length) found.push(`SCTE-27 on PID ${pids(captions.scte27Pids)}`);
  return found.length ? found.join("; ") : "no captions";
}

function pids(list: readonly number[]): string {
  return list.map((pid) => `${pid} (0x${pid.toString(16)})`).join(", ");
}

export function captionLines(selectors: readonly CaptionSelectorName[], obs: SourceObservation, source: number): CheckLine[] {
  const found = captionsFound(obs.streamInfo.captions);
  if (selectors.length === 0) return [line({ id: "captions", title: "Captions", rule: "captions", source }, "info", `found: ${found} (no caption selector asked for; add --caption-selector to check)`)];
  return selectors.map((name) => {
    const spec = { id: `captions.${name}`, title: `Captions (${name} selector)`, rule: "captions", source } as const;
    const [missing] = checkCaptions([{ name, kind: CaptionSelectorNames[name] }], obs.streamInfo);
    return missing ? line(spec, "fail", `${missing.message} (found: ${found})`, FIXES[name]) : line(spec, "pass", `found: ${found}`);
  });
}

export function scte35Line(inputType: SupportedInputType, obs: SourceObservation, source: number): CheckLine {
  const spec = { id: "scte35", title: "SCTE-35 ad markers", rule: "scte35", source } as const;
  if (inputType === "MP4_FILE") return line(spec, "info", `${inputType} inputs do not carry SCTE-35`);
  // RTMP carries splices as AMF0 onCuePoint data messages (docs/ads-and-schedule.md), which the
  // probe that observed this source does not report: say where they would come from.
  if (inputType === "RTMP_PUSH" || inputType === "RTMP_PULL") return line(spec, "info", `${inputType} inputs carry SCTE-35 as onCuePoint data messages (Adobe cue points), passed on by the channel; this check does not watch for them`);
  const found = obs.streamInfo.scte35Pids;
  return line(spec, "info", found.length ? `SCTE-35 on PID ${pids(found)}` : "no SCTE-35 PID in the PMT (only needed for ad markers)");
}
