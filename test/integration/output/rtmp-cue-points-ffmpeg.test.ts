// RTMP onCuePoint ad markers end to end over a real encode and a real TCP connection: a picture
// carrying a splice mark goes through ffmpeg (libx264 with udu_sei, the FLV muxer as the RTMP
// output's tee slave writes it), the RTMP publisher reads the FLV and publishes it to a
// receiver running openlive's RTMP server session (the RTMP_PUSH input's protocol code). The
// receiver gets one AMF0 data message onCuePoint, just before the marked picture's video
// message: Adobe's cue point object named scte35, type event, its time the marked picture's
// presentation time, carrying the splice_info_section whose splice time is that same instant
// and whose splice fields are those of the splice; RTMP_PUSH's cue point reader takes it back
// to the same splice.

import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import pino from "pino";
import { FlvToAccessUnits } from "../../../src/media/flv/flv-to-access-units.ts";
import { TsMuxer } from "../../../src/media/mpegts/ts-muxer.ts";
import { programSpliceInsertSection } from "../../../src/media/scte35/program-splice-insert.ts";
import { insertSpliceMark, spliceMarksIn } from "../../../src/media/scte35/splice-mark-sei.ts";
import { parseSpliceInfoBase64, parseSpliceInfoSection } from "../../../src/media/scte35/splice-parser.ts";
import { spliceTimeOf } from "../../../src/media/scte35/splice-pts.ts";
import { SpliceMarkLog } from "../../../src/output/hls/splice-mark-log.ts";
import { RtmpPublisher } from "../../../src/output/rtmp/rtmp-publisher.ts";
import type { RtmpTarget } from "../../../src/output/rtmp/rtmp-targets.ts";
import { RtmpCuePoints } from "../../../src/protocols/rtmp/rtmp-cue-points.ts";
import { RtmpServerSession, type RtmpEvent } from "../../../src/protocols/rtmp/rtmp-server-session.ts";
import { makeCaptures } from "../../unit/media/mpegts/ffmpeg-captures.ts";
import { freeTcpPort } from "../../helpers/media-fixtures.ts";
import { captureVideo, stdoutOf as run } from "../../helpers/ts-demux-run.ts";
import { until } from "../../helpers/until.ts";

const MARKED_PICTURE = 30;
const EVENT_ID = 0x4800_008f;

function target(port: number): RtmpTarget {
  return {
    key: "social/out",
    groupKey: "social",
    label: 'output "out" of group "social"',
    peer: `rtmp://127.0.0.1:${port}/live`,
    endpoint: { tls: false, host: "127.0.0.1", port, verifyCertificate: true, app: "live", tcUrl: `rtmp://127.0.0.1:${port}/live`, streamName: "key" },
    retry: { retryIntervalMs: 100, numRetries: 10, restartDelayMs: 100 },
    cache: { cacheLengthMs: 30_000, behavior: "DISCONNECT_IMMEDIATELY", maxBytes: 32 * 1024 * 1024 },
    alertType: "RTMP Output Connection Failed",
    cuePoints: true,
  };
}

/** A receiver taking one publish with openlive's RTMP server session; its events in order. */
async function startReceiver(port: number): Promise<{ events: RtmpEvent[]; close: () => Promise<void> }> {
  const events: RtmpEvent[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    const session = new RtmpServerSession({ nowMs: Date.now() });
    socket.on("data", (bytes: Buffer) => {
      for (const event of session.receive(bytes, Date.now())) {
        events.push(event);
        if (event.type === "publish") events.push(...session.acceptPublish());
      }
      for (const out of session.takeOutput()) socket.write(out);
    });
    socket.on("error", () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    events,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe("RTMP onCuePoint ad markers over a real encode", { timeout: 60_000 }, () => {
  it("one onCuePoint just before the marked picture, at its presentation time, with the splice's section", async (t) => {
    const capture = (await makeCaptures(["h264-aac"]))?.get("h264-aac");
    if (!capture) return t.skip("ffmpeg is not available");
    const log = new SpliceMarkLog();
    const mark = log.add({ action: "start", eventId: EVENT_ID, durationSec: 30, section: programSpliceInsertSection(EVENT_ID, true, 0, 30 * 90_000), upid: null });
    const { videoPid, pictures } = captureVideo(capture);
    const muxer = new TsMuxer({ streams: [{ pid: videoPid, streamType: 0x1b }] });
    const packets: Uint8Array[] = [...muxer.psi(0)];
    pictures.forEach((pes, index) => {
      const data = index === MARKED_PICTURE ? insertSpliceMark("H264", pes.data, mark) : pes.data;
      packets.push(...muxer.mux({ trackId: videoPid, pts90k: pes.pts90k!, dts90k: pes.dts90k ?? pes.pts90k!, keyframe: pes.randomAccess, data }));
    });
    const dir = mkdtempSync(path.join(tmpdir(), "openlive-rtmp-cue-"));
    const port = await freeTcpPort();
    const receiver = await startReceiver(port);
    const publisher = new RtmpPublisher({ target: target(port), alert: () => undefined, logger: pino({ level: "silent" }), spliceMarks: log });
    try {
      const source = path.join(dir, "source.ts");
      const flv = path.join(dir, "out.flv");
      writeFileSync(source, Buffer.concat(packets));
      // The RTMP output's tee slave: FLV with the H.264 configuration from the first packet (push-plan.ts FLV_SLAVE_OPTIONS).
      const encoded = await run("ffmpeg", ["-v", "error", "-i", source, "-c:v", "libx264", "-preset", "ultrafast", "-bf", "2", "-udu_sei", "1", "-g", "25", "-flvflags", "no_duration_filesize", "-bsf:v", "extract_extradata", "-f", "flv", flv]);
      assert.ok(encoded, "ffmpeg wrote the FLV");
      publisher.streamStarted();
      await until("the publish accepted", () => publisher.publishing || undefined, 10_000);
      const bytes = readFileSync(flv);
      for (let offset = 0; offset < bytes.length; offset += 4_096) publisher.data(bytes.subarray(offset, offset + 4_096));
      await until("every picture delivered", () => (receiver.events.filter((event) => event.type === "media" && event.kind === "video").length >= pictures.length ? true : undefined), 10_000);

      // The marked picture as the receiver got it: its presentation time from DTS and CompositionTime.
      const converter = new FlvToAccessUnits();
      const marked: { index: number; pts90k: number }[] = [];
      receiver.events.forEach((event, index) => {
        if (event.type !== "media" || event.kind !== "video") return;
        for (const result of converter.video(event.data, event.timestampMs)) {
          if (result.type === "unit" && spliceMarksIn("H264", result.unit.data).includes(mark)) marked.push({ index, pts90k: result.unit.pts90k });
        }
      });
      assert.equal(marked.length, 1, "the encoder kept the mark on one picture");
      const cues = receiver.events.flatMap((event, index) => (event.type === "metadata" && event.name === "onCuePoint" ? [{ index, event }] : []));
      assert.equal(cues.length, 1, "one onCuePoint");
      const { index, event } = cues[0]!;
      assert.equal(index, marked[0]!.index - 1, "just before the marked picture's video message");
      const cue = event.values[0] as { name: string; time: number; type: string; parameters: { cue: string; duration: number } };
      assert.equal(cue.name, "scte35");
      assert.equal(cue.type, "event");
      assert.equal(Math.round(cue.time * 90_000), marked[0]!.pts90k, "its time is the marked picture's presentation time");
      assert.ok(marked[0]!.pts90k > 0, "the marked picture is not the first one (a time of 0 would prove little)");
      assert.equal(cue.parameters.duration, 30);
      const parsed = parseSpliceInfoBase64(cue.parameters.cue);
      assert.ok(parsed.ok, "parameters.cue is a base64 splice_info_section with a good CRC");
      assert.equal(spliceTimeOf(parsed.section), marked[0]!.pts90k, "the section's splice time is the marked picture's PTS");
      const command = parsed.section.command;
      assert.ok(command?.kind === "splice_insert" && !command.spliceEventCancelIndicator);
      assert.equal(command.spliceEventId, EVENT_ID);
      assert.equal(command.outOfNetworkIndicator, true);
      assert.equal(command.breakDuration?.duration90k, 30 * 90_000);

      // An RTMP_PUSH input reading this stream takes the cue point back to the same splice.
      const section = new RtmpCuePoints().section(event.name, event.values, event.timestampMs);
      assert.ok(section);
      const reread = parseSpliceInfoSection(section);
      assert.ok(reread.ok);
      assert.equal(spliceTimeOf(reread.section), marked[0]!.pts90k);
    } finally {
      await publisher.close();
      await receiver.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
