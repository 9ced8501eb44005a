// The schedule's ID3 and pause actions on a running channel (docs/ads-and-schedule.md): an
// RTP_PUSH input fed a moving test pattern with a tone, one HLS output of 1 s segments with
// m3u8Settings.timedMetadataBehavior PASSTHROUGH and hlsId3SegmentTagging ENABLED.
//   1. an immediate hlsTimedMetadataSettings action → its ID3 tag once in a segment, and an
//      immediate hlsId3SegmentTaggingSettings `tag` → a TXXX tag at the start of every later
//      segment, its `$sn$` that segment's number (read back byte for byte from the segments'
//      timed-metadata PID 502);
//   2. an immediate pause of PIPELINE_0 → 4 s of whole segments whose decoded pictures do not change
//      (ffmpeg tblend difference per picture) and whose audio is silent (volumedetect);
//   3. an immediate resume (no pipelines) → pictures change and sound again.

import assert from "node:assert/strict";
import { spawnSync, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { BatchUpdateScheduleCommand, CreateInputCommand, DescribeScheduleCommand, type MediaLiveClient, type ScheduleAction } from "@aws-sdk/client-medialive";
import { createChannelId, createIsgId, startChannelAndWait, stopChannelAndWait } from "../../helpers/channel-lifecycle.ts";
import { smallChannel } from "../../helpers/channel-fixtures.ts";
import { killAndWait, spawnLiveEncoder } from "../../helpers/media-fixtures.ts";
import { makeOutputDir, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { pesPackets } from "../../helpers/ts-pes.ts";
import { until } from "../../helpers/until.ts";
import { textTag } from "../../../src/media/id3/id3-tag.ts";
import { txxxTag } from "../../../src/pipeline/program/schedule-id3.ts";

const SEGMENT_S = 1;
/** A pause or resume is on air in the output at most this long after the action (the encoder's delay). */
const SETTLE_S = 2;
/** How much output the pause and the resume are checked over. */
const CHECKED_S = 4;
/** New segments to pass over after a pause or resume action: the one being written when it ran (not yet listed) and SETTLE_S more. */
const SKIPPED_SEGMENTS = 1 + SETTLE_S / SEGMENT_S;
const CHECKED_SEGMENTS = CHECKED_S / SEGMENT_S;
const ID3_PID = 502;
const ONE_TIME = Buffer.from(textTag("TIT2", "openlive one-time"));
const SEGMENT_TAG = "openlive-segment $sn$";
/** The segment tag as written into the segment numbered `segmentNumber` (the number its name ends with). */
const segmentTagIn = (segment: string): Buffer => Buffer.from(txxxTag(`openlive-segment ${Number(/_(\d+)\.ts$/.exec(segment)?.[1])}`));
const immediate = { ImmediateModeScheduleActionStartSettings: {} };

function segmentsOf(folder: string): string[] {
  return readdirSync(folder).filter((name) => name.endsWith(".ts")).sort().map((name) => path.join(folder, name));
}

/**
 * How much each decoded picture of the segments (played one after the other) differs from the one before: the mean
 * absolute luma difference (ffmpeg tblend difference + signalstats YAVG, 0–255). Frame hashes (-f framemd5) are not
 * used: a held picture is re-encoded at every segment's IDR and refined by the following P-frames, so the decoded
 * pictures of a pause differ in a few low bits — far below the moving pattern's differences.
 */
function pictureChanges(segments: readonly string[]): number[] {
  const run = spawnSync("ffmpeg", ["-v", "error", "-i", `concat:${segments.join("|")}`, "-map", "0:v", "-vf", "tblend=all_mode=difference,signalstats,metadata=print:key=lavfi.signalstats.YAVG:file=-", "-f", "null", "-"], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  return [...run.stdout.matchAll(/lavfi\.signalstats\.YAVG=([\d.e+-]+)/g)].map((match) => Number(match[1]));
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The loudest sample of a segment's audio, in dB (ffmpeg volumedetect; -91 dB is digital silence in 16 bits). */
function maxVolumeDb(segment: string): number {
  const run = spawnSync("ffmpeg", ["-v", "info", "-nostats", "-i", segment, "-map", "0:a", "-af", "volumedetect", "-f", "null", "-"], { encoding: "utf8" });
  const match = /max_volume: (-?[\d.]+|-inf) dB/.exec(run.stderr);
  assert.ok(match, run.stderr);
  return match[1] === "-inf" ? -Infinity : Number(match[1]);
}

async function schedule(client: MediaLiveClient, channelId: string, actions: ScheduleAction[]): Promise<void> {
  await client.send(new BatchUpdateScheduleCommand({ ChannelId: channelId, Creates: { ScheduleActions: actions } }));
}

/** Waits for `count` segments written after `known` (a whole segment lies after the moment `known` was taken from the second on). */
async function newSegments(folder: string, known: readonly string[], count: number): Promise<string[]> {
  return until(`${count} new segments`, () => {
    const fresh = segmentsOf(folder).filter((s) => !known.includes(s));
    // The newest file may still be written: only those followed by another count.
    return fresh.length > count ? fresh.slice(0, count) : undefined;
  }, (count + 3) * SEGMENT_S * 1000 + 10_000);
}

describe("schedule ID3 metadata and pause", { timeout: 240_000 }, () => {
  let openlive: OpenliveProcess | undefined;
  let upstream: ChildProcess | undefined;
  after(async () => {
    await killAndWait(upstream);
    await openlive?.stop();
  });

  it("writes the one-time and segment ID3 tags into the HLS segments; pause freezes the picture with silence; resume brings motion back", async () => {
    openlive = await startOpenlive({ ownPushPorts: true });
    const client = sdkClient(openlive);
    const input = (await client.send(new CreateInputCommand({ Name: "pattern", Type: "RTP_PUSH", InputSecurityGroups: [await createIsgId(client)] }))).Input!;
    const outDir = makeOutputDir("openlive-id3-pause-");
    const channel = smallChannel(input.Id!, `file://${outDir}/live/index`, { segmentLengthS: SEGMENT_S });
    channel.EncoderSettings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings.HlsId3SegmentTagging = "ENABLED";
    channel.EncoderSettings.OutputGroups[0].Outputs[0].OutputSettings.HlsOutputSettings.HlsSettings.StandardHlsSettings.M3u8Settings = { TimedMetadataBehavior: "PASSTHROUGH", TimedMetadataPid: String(ID3_PID) };
    const channelId = await createChannelId(client, channel);
    upstream = spawnLiveEncoder(["-f", "rtp_mpegts", input.Destinations![0]!.Url!]);
    await startChannelAndWait(client, channelId);
    const folder = path.join(outDir, "live");
    await until("three segments", () => (segmentsOf(folder).length >= 3 ? true : undefined), 60_000);

    // 1. ID3.
    await schedule(client, channelId, [
      { ActionName: "one-time", ScheduleActionStartSettings: immediate, ScheduleActionSettings: { HlsTimedMetadataSettings: { Id3: ONE_TIME.toString("base64") } } },
      { ActionName: "segment-tag", ScheduleActionStartSettings: immediate, ScheduleActionSettings: { HlsId3SegmentTaggingSettings: { Tag: SEGMENT_TAG } } },
    ]);
    const described = await client.send(new DescribeScheduleCommand({ ChannelId: channelId }));
    assert.deepEqual(described.ScheduleActions?.map((a) => a.ActionName), ["one-time", "segment-tag"]);
    assert.equal(described.ScheduleActions?.[1]?.ScheduleActionSettings?.HlsId3SegmentTaggingSettings?.Tag, SEGMENT_TAG, "stored as given");
    const tagsOf = (segment: string) => pesPackets(readFileSync(segment), ID3_PID);
    // The segment on air when the actions ran carries the one-time tag; segment tags start with the next one.
    const { complete, at } = await until("three whole segments after the one with the one-time tag", () => {
      const whole = segmentsOf(folder).slice(0, -1);
      const index = whole.findIndex((segment) => tagsOf(segment).some((tag) => tag.payload.equals(ONE_TIME)));
      return index >= 0 && whole.length - index > 3 ? { complete: whole, at: index } : undefined;
    }, 40_000);
    const all = complete.map(tagsOf);
    assert.equal(all.flat().filter((tag) => tag.payload.equals(ONE_TIME)).length, 1, "the one-time tag exactly once");
    assert.ok(all.flat().every((tag) => tag.streamId === 0xbd), "private_stream_1, as HLS timed metadata is carried");
    complete.forEach((segment, index) => {
      const tags = all[index]!.filter((tag) => tag.payload.subarray(10, 14).toString("latin1") === "TXXX");
      if (index <= at) {
        assert.equal(tags.length, 0, `${path.basename(segment)}: no segment tag before the action`);
        return;
      }
      assert.equal(tags.length, 1, `${path.basename(segment)}: one segment tag (${all[index]!.map((t) => t.payload.subarray(10, 14).toString("latin1"))})`);
      assert.deepEqual(tags[0]!.payload, segmentTagIn(segment), `${path.basename(segment)}: its own number in the tag (${tags[0]!.payload.subarray(22).toString("utf8")})`);
      const firstVideoPts = firstPts(segment);
      // Within a frame and a half: the encoder puts its pictures on its constant-rate grid, the copied tags keep their PTS.
      assert.ok(Math.abs(tags[0]!.pts90k! - firstVideoPts) <= 4500, `the tag goes with the segment's first picture: ${tags[0]!.pts90k} vs ${firstVideoPts}`);
    });
    const afterId3 = complete.slice(at + 1);

    // 2. Pause.
    const liveChanges = pictureChanges([afterId3.at(-1)!]);
    assert.ok(median(liveChanges) > 0.5, `the live pattern moves: ${median(liveChanges)}`);
    assert.ok(maxVolumeDb(afterId3.at(-1)!) > -30, "the live tone sounds");
    const beforePause = segmentsOf(folder);
    await schedule(client, channelId, [{ ActionName: "pause", ScheduleActionStartSettings: immediate, ScheduleActionSettings: { PauseStateSettings: { Pipelines: [{ PipelineId: "PIPELINE_0" }] } } }]);
    // The segment being written when the action ran (not yet listed) and those of the next SETTLE_S may hold the change.
    const paused = (await newSegments(folder, beforePause, SKIPPED_SEGMENTS + CHECKED_SEGMENTS)).slice(SKIPPED_SEGMENTS);
    const pausedChanges = pictureChanges(paused);
    assert.ok(pausedChanges.length >= paused.length * SEGMENT_S * 25 * 0.9, `pictures keep coming at the frame rate (${pausedChanges.length})`);
    assert.ok(Math.max(...pausedChanges) < 0.1, `one picture through ${CHECKED_S} s of whole segments of the pause: largest change ${Math.max(...pausedChanges)}`);
    for (const segment of paused) assert.ok(maxVolumeDb(segment) <= -80, `${path.basename(segment)}: silence while paused`);

    // 3. Resume.
    const beforeResume = segmentsOf(folder);
    await schedule(client, channelId, [{ ActionName: "resume", ScheduleActionStartSettings: immediate, ScheduleActionSettings: { PauseStateSettings: { Pipelines: [] } } }]);
    const resumed = (await newSegments(folder, beforeResume, SKIPPED_SEGMENTS + CHECKED_SEGMENTS)).slice(SKIPPED_SEGMENTS);
    for (const segment of resumed) {
      const changes = pictureChanges([segment]);
      assert.ok(median(changes) > 0.5, `${path.basename(segment)}: the picture moves again (${median(changes)})`);
      assert.ok(maxVolumeDb(segment) > -30, `${path.basename(segment)}: the tone is back`);
    }
    await stopChannelAndWait(client, channelId);
  });
});

/** The PTS of a segment's first video PES (PID 0x100 or whatever ffprobe names). */
function firstPts(segment: string): number {
  const run = spawnSync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts", "-read_intervals", "%+#1", "-of", "csv=p=0", segment], { encoding: "utf8" });
  return Number.parseInt(run.stdout.trim().split("\n")[0]!, 10);
}
