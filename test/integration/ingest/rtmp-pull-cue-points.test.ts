// RTMP_PULL cue points: openlive's RTMP player pulls a live stream (an FLV file ffmpeg encoded,
// played at real time by a test RTMP server that injects AMF0 `onCuePoint` data messages —
// ffmpeg's own RTMP server cannot send them; the player's interplay with ffmpeg's server is in
// pull-ffmpeg.test.ts), ffmpeg remuxes it to MPEG-TS on the stream's clock, and the pull edge
// hands each cue point on as an SCTE-35 section before the picture it lands on: the picture
// whose PTS in the TS is the splice time.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { pullEdge } from "../../../src/ingest/edges/pull-edge.ts";
import type { InputEdgeEvent } from "../../../src/ingest/input-edge.ts";
import { FlvTagReader, FlvTagTypes } from "../../../src/output/rtmp/flv-tag-reader.ts";
import { parseSpliceInfoSection } from "../../../src/media/scte35/splice-parser.ts";
import { spliceTimeOf } from "../../../src/media/scte35/splice-pts.ts";
import { inputRecord } from "../../helpers/input-record.ts";
import { freeTcpPort, MediaFixtures } from "../../helpers/media-fixtures.ts";
import { startRtmpPlayServer } from "../../helpers/rtmp-play-server.ts";
import { stdoutOf } from "../../helpers/ts-demux-run.ts";
import { until } from "../../helpers/until.ts";

// ANSI/SCTE 35 2023 §14.2: a splice_insert out of the network, event 0x4800008f.
const SPLICE_INSERT_B64 = "/DAvAAAAAAAA///wFAVIAACPf+/+c2nALv4AUsz1AAAAAAAKAAhDVUVJAAABNWLbowo=";

describe("RTMP_PULL cue points", { timeout: 60_000 }, () => {
  it("onCuePoint messages of the pulled stream arrive as SCTE-35 sections just before the pictures they land on", async (t) => {
    const fixtures = new MediaFixtures("openlive-rtmp-pull-cue-");
    const flvPath = fixtures.path("live.flv");
    const encoded = await stdoutOf("ffmpeg", ["-hide_banner", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=25", "-f", "lavfi", "-i", "sine", "-t", "4", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac", "-f", "flv", flvPath]);
    if (encoded === null) return t.skip("ffmpeg is not available");
    const flv = readFileSync(flvPath);
    // The pictures' times as the file has them (ffmpeg's FLV muxer moves the stream by the AAC priming).
    const pictureMs = new FlvTagReader().push(flv).tags.flatMap((tag) => (tag.type === FlvTagTypes.VIDEO && tag.data[1] === 1 ? [tag.timestampMs] : []));
    const outMs = pictureMs.find((ms) => ms >= 2_000)!;
    const inMs = pictureMs.find((ms) => ms >= 3_000)!;
    const port = await freeTcpPort();
    const server = await startRtmpPlayServer(port, flv, [
      // A cue carrying its message, timed by its `time`; a plain cue-in timed by its message's timestamp.
      { beforeMs: outMs, values: ["onCuePoint", { name: "scte35", time: outMs / 1000, type: "event", parameters: { message: SPLICE_INSERT_B64 } }] },
      { beforeMs: inMs, values: ["onCuePoint", { name: "cue-in", type: "event" }] },
    ]);
    const events: InputEdgeEvent[] = [];
    const input = inputRecord({ id: "7654321", name: "rtmp-pull", type: "RTMP_PULL", sources: [{ url: `rtmp://127.0.0.1:${port}/live/cues?token=a` }] });
    const edge = pullEdge({ input, sourceIndex: 0, resolveSecret: () => undefined, onEvent: (event) => events.push(event) });
    try {
      await edge.start();
      const pictureAt = (pts90k: number): number => events.findIndex((event) => event.type === "unit" && event.unit.kind === "video" && event.unit.pts90k === pts90k);
      await until("the picture of the cue-in", () => (pictureAt(inMs * 90) >= 0 ? true : undefined), 20_000);
      assert.deepEqual(server.plays, ["cues?token=a"], "the play path as ffmpeg's client splits the URL, with its query");
      const sections = events.flatMap((event, index) => (event.type === "scte35" ? [{ index, event }] : []));
      assert.equal(sections.length, 2, "two cue points, two sections");
      const parsed = sections.map(({ event }) => {
        assert.equal(event.pid, null);
        const result = parseSpliceInfoSection(event.section);
        assert.ok(result.ok);
        return result.section;
      });
      assert.deepEqual(parsed.map(spliceTimeOf), [outMs * 90, inMs * 90], "at the cues' times on the stream's clock");
      const ids = parsed.map((section) => (section.command?.kind === "splice_insert" && !section.command.spliceEventCancelIndicator ? [section.command.spliceEventId, section.command.outOfNetworkIndicator] : null));
      assert.deepEqual(ids, [[0x4800_008f, true], [1, false]], "the carried message, then a return to network for the cue-in (ids of plain cues count from 1, as for RTMP_PUSH)");
      // ffmpeg kept the stream's timestamps: the pictures at those times are there, after their sections.
      for (const [i, pts90k] of [outMs * 90, inMs * 90].entries()) {
        const picture = pictureAt(pts90k);
        assert.ok(picture >= 0, `a picture with PTS ${pts90k}`);
        assert.ok(sections[i]!.index < picture, `section ${i} before its picture`);
      }
    } finally {
      await edge.close();
      await server.close();
      await fixtures.close();
    }
  });
});
