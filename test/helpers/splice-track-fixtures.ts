// For the tests of the senders that read an fMP4 stream on its way to the push senders (the CMAF
// ingest SCTE-35 track, the Smooth sparse track): a source whose picture carries a splice mark
// (push-track-feed.ts has the recording sender, the objects and the feed in chunks).

import { writeFileSync } from "node:fs";
import path from "node:path";
import { spliceSection, writeSpliceInfoSection } from "../../src/media/scte35/splice-writer.ts";
import { SpliceMarkLog } from "../../src/output/hls/splice-mark-log.ts";
import { makeCaptures } from "../unit/media/mpegts/ffmpeg-captures.ts";
import { markedVideoTs } from "./ts-demux-run.ts";

/**
 * The h264 capture's video (an MPEG-TS) with picture `markedPicture` carrying a splice mark (a
 * time_signal starting a 1.5 s break, in `log`); undefined when ffmpeg is not available.
 */
export async function markedSpliceTs(markedPicture: number): Promise<{ readonly ts: Buffer; readonly log: SpliceMarkLog; readonly mark: number } | undefined> {
  const capture = (await makeCaptures(["h264-aac"]))?.get("h264-aac");
  if (!capture) return undefined;
  const log = new SpliceMarkLog();
  const section = writeSpliceInfoSection(spliceSection({ kind: "time_signal", spliceTime: { ptsTime90k: 0 } }));
  const mark = log.add({ action: "start", eventId: 4, durationSec: 1.5, section, upid: null });
  return { ts: markedVideoTs(capture, markedPicture, mark).ts, log, mark };
}

/** markedSpliceTs(`markedPicture`) written to `dir`/source.ts. */
export async function markedSpliceSource(dir: string, markedPicture: number): Promise<{ readonly source: string; readonly log: SpliceMarkLog; readonly mark: number } | undefined> {
  const marked = await markedSpliceTs(markedPicture);
  if (!marked) return undefined;
  const source = path.join(dir, "source.ts");
  writeFileSync(source, marked.ts);
  return { source, log: marked.log, mark: marked.mark };
}
