// SCTE-35 of a TS_FILE input: a file made with the project's TsMuxer carries a splice_insert on
// SCTE-35 PID 500 (sent three times ahead of its splice, as senders do). The sections are read
// from the file with their places (readTsFileCues), handed out before the right pictures
// (TsFileCues: a clip skips the earlier ones, a looping pass gets them again on its clock), and,
// through the real pull edge (ffmpeg playing the file at its pace), arrive as scte35 events on
// PID 500 whose splice time is on the clock of the pictures the edge hands on.

import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { pullEdge } from "../../../src/ingest/edges/pull-edge.ts";
import type { InputEdgeEvent } from "../../../src/ingest/input-edge.ts";
import { readTsFileCues, TsFileCues } from "../../../src/ingest/pull/ts-file-cues.ts";
import { parseSpliceInfoSection } from "../../../src/media/scte35/splice-parser.ts";
import { spliceTimeOf } from "../../../src/media/scte35/splice-pts.ts";
import { inputRecord } from "../../helpers/input-record.ts";
import { makeTempDir } from "../../helpers/openlive-process.ts";
import { makeScte35Upstream } from "../../helpers/scte35-upstream.ts";
import { until } from "../../helpers/until.ts";

const SCTE35_PID = 500;

function splicePts(section: Uint8Array): number | null {
  const parsed = parseSpliceInfoSection(section);
  assert.ok(parsed.ok);
  return spliceTimeOf(parsed.section);
}

describe("TS_FILE SCTE-35 sections", { timeout: 60_000 }, () => {
  const folder = makeTempDir("openlive-ts-file-cues-");
  const file = path.join(folder, "cued.ts");
  writeFileSync(file, Buffer.concat(makeScte35Upstream({ folder, seconds: 4, scte35Pid: SCTE35_PID, spliceEventId: 7, spliceAtS: 3.5, breakDurationS: 2 }).flatMap((timed) => timed.packets)));

  it("reads the file's sections with the picture each follows, and hands them out before the pictures at or after it", async () => {
    const list = await readTsFileCues(file);
    assert.equal(list.cues.length, 3);
    assert.ok(list.cues.every((cue) => cue.pid === SCTE35_PID));
    const first = list.firstVideoPts90k!;
    assert.deepEqual(list.cues.map((cue) => Math.round((cue.anchorPts90k - first) / 90_000)), [0, 1, 2], "sent 3, 2 and 1 s ahead of the 3.5 s splice");
    assert.equal(splicePts(list.cues[0]!.section), first + 3.5 * 90_000);
    const frame = 3_600;
    const played = new TsFileCues(list);
    const handed = Array.from({ length: 100 }, (_, i) => played.picture(first + i * frame).length);
    assert.equal(handed.reduce((a, b) => a + b, 0), 3);
    // A clip that starts at 1.5 s plays only the last one; a second (looping) pass gets them again, moved on.
    const clip = new TsFileCues(list);
    const clipped = Array.from({ length: 70 }, (_, i) => clip.picture(first + 1.5 * 90_000 + i * frame)).flat();
    assert.equal(clipped.length, 1);
    const loop = new TsFileCues(list);
    for (let i = 0; i < 100; i += 1) loop.picture(first + i * frame);
    const secondPass = Array.from({ length: 100 }, (_, i) => loop.picture(first + (100 + i) * frame)).flat();
    assert.equal(secondPass.length, 3);
    assert.equal(splicePts(secondPass[0]!.section), first + 3.5 * 90_000 + 100 * frame);
  });

  it("through the pull edge (ffmpeg, real time): the sections arrive on their PID, their splice on the played pictures' clock", async () => {
    const events: InputEdgeEvent[] = [];
    const input = inputRecord({ id: "1", name: "cued-file", type: "TS_FILE", sources: [{ url: `file://${file}` }] });
    const edge = pullEdge({ input, sourceIndex: 0, resolveSecret: () => undefined, sourceUrl: `file://${file}`, inputRoots: [folder], onEvent: (event) => events.push(event) });
    await edge.start();
    try {
      await until("the file played to its end", () => (events.some((event) => event.type === "pull-state" && event.state === "ENDED") ? true : undefined), 20_000);
    } finally {
      await edge.close();
    }
    const sections = events.flatMap((event) => (event.type === "scte35" ? [event] : []));
    assert.ok(sections.length >= 2, `sections handed on: ${sections.length}`);
    assert.ok(sections.every((event) => event.pid === SCTE35_PID));
    const pictures = events.flatMap((event) => (event.type === "unit" && event.unit.kind === "video" && event.unit.pts90k !== null ? [event.unit.pts90k] : []));
    const splice = splicePts(sections[0]!.section)!;
    // 3.5 s after the first picture at 25 fps falls between two pictures: the splice lands on the next one.
    const splicePicture = pictures.find((pts) => pts >= splice && pts - splice < 3_600);
    assert.ok(splicePicture !== undefined, `the splice PTS ${splice} is on the played pictures' clock (ffmpeg keeps the file's timestamps): ${pictures.slice(0, 3).join(",")}…`);
    const firstSectionAt = events.findIndex((event) => event.type === "scte35");
    const splicePictureAt = events.findIndex((event) => event.type === "unit" && event.unit.pts90k === splicePicture);
    assert.ok(firstSectionAt < splicePictureAt, "the section comes before its splice picture");
  });
});
