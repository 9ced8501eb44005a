// SCTE-35 avails end to end (docs/ads-and-schedule.md): an RTP upstream carries a splice_insert
// (4 s break, auto return) on its own SCTE-35 PID, and later the schedule inserts one
// (scte35SpliceInsertSettings, immediate, 4 s). The HLS output with adMarkers ELEMENTAL lists
// #EXT-X-CUE-OUT:4.000 on the segment that starts at the splice — the first segment boundary
// at or after the splice picture — #EXT-X-CUE-OUT-CONT on the next one and #EXT-X-CUE-IN where
// the break ends; the segment of the CUE-OUT starts with an IDR picture (ffprobe). The channel
// blanks avails (availBlanking with a solid-colour image; the splice_insert carries no
// restriction flags, so both count as 0: restricted; the scheduled one neither): the CUE-OUT
// segment's decoded pictures are the image's colour and its audio silent, while around the
// source's break (the segment before it, the CUE-IN segment's end) the program and its tone
// are back.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { BatchUpdateScheduleCommand, CreateChannelCommand, CreateInputCommand, CreateInputSecurityGroupCommand, StartChannelCommand, StopChannelCommand, waitUntilChannelRunning, waitUntilChannelStopped } from "@aws-sdk/client-medialive";
import { TsDemuxer } from "../../../src/media/mpegts/ts-demuxer.ts";
import { canMarkSplices, spliceMarksIn } from "../../../src/media/scte35/splice-mark-sei.ts";
import { smallChannel } from "../../helpers/channel-fixtures.ts";
import { makeOutputDir, makeTempDir, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { makeScte35Upstream, sendRtp } from "../../helpers/scte35-upstream.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";
import { listedWithCueTags } from "../../helpers/playlist-cue-tags.ts";

const SEGMENT_S = 2;
const BREAK_S = 4;
/** The avail blanking image's colour (RGB); the test pattern has no large area of it. */
const SLATE_RGB = [0x20, 0xe0, 0x40] as const;
const SAMPLE_W = 32;
const SAMPLE_H = 18;


/** The first video PTS of a segment, and the PTS of the pictures carrying splice marks. */
function segmentPictures(file: string): { firstPts90k: number; markedPts90k: number[] } {
  const demuxer = new TsDemuxer();
  let firstPts90k: number | undefined;
  const markedPts90k: number[] = [];
  for (const event of [...demuxer.push(readFileSync(file), 0), ...demuxer.flush()]) {
    if (event.type !== "pes" || event.pes.kind !== "video" || event.pes.pts90k === null || !canMarkSplices(event.pes.codec)) continue;
    firstPts90k ??= event.pes.pts90k;
    if (spliceMarksIn(event.pes.codec, event.pes.data).length > 0) markedPts90k.push(event.pes.pts90k);
  }
  assert.ok(firstPts90k !== undefined, `${file} has video`);
  return { firstPts90k, markedPts90k };
}

function firstFrame(file: string): string {
  const probe = spawnSync("ffprobe", ["-v", "error", "-select_streams", "v", "-show_frames", "-read_intervals", "%+#1", "-show_entries", "frame=key_frame,pict_type", "-of", "compact=p=0", file], { encoding: "utf8" });
  return probe.stdout.trim().split("\n")[0] ?? "";
}

/** Per decoded picture of a segment: the share of its (downscaled) pixels within 48 of the slate colour per channel. */
function slateShares(file: string): number[] {
  const decoded = spawnSync("ffmpeg", ["-v", "error", "-i", file, "-an", "-vf", `scale=${SAMPLE_W}:${SAMPLE_H}`, "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"], { maxBuffer: 64 * 1024 * 1024 });
  const frame = SAMPLE_W * SAMPLE_H * 3;
  const shares: number[] = [];
  for (let offset = 0; offset + frame <= decoded.stdout.length; offset += frame) {
    let near = 0;
    for (let p = offset; p < offset + frame; p += 3) if (SLATE_RGB.every((value, c) => Math.abs(decoded.stdout[p + c]! - value) <= 48)) near += 1;
    shares.push(near / (SAMPLE_W * SAMPLE_H));
  }
  assert.ok(shares.length > 0, `${file} decodes to pictures`);
  return shares;
}

/** The segment's loudest audio sample (dBFS, ffmpeg volumedetect); -91 is digital silence. */
function maxVolumeDb(file: string): number {
  const run = spawnSync("ffmpeg", ["-v", "info", "-nostats", "-i", file, "-vn", "-af", "volumedetect", "-f", "null", "-"], { encoding: "utf8" });
  const found = /max_volume: (-?[\d.]+|-inf) dB/.exec(run.stderr);
  assert.ok(found, `volumedetect of ${file}: ${run.stderr.slice(-300)}`);
  return found[1] === "-inf" ? -Infinity : Number(found[1]);
}

describe("SCTE-35 avails in HLS ad markers", { timeout: 240_000 }, () => {
  let openlive: OpenliveProcess | undefined;
  after(async () => {
    await openlive?.stop();
  });

  it("a splice_insert from the source and one from the schedule: CUE-OUT on a segment starting with an IDR at the splice, CUE-OUT-CONT, CUE-IN", async () => {
    const work = makeTempDir("openlive-scte35-");
    const slate = path.join(work, "avail-slate.png");
    const made = spawnSync("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", `color=c=0x${SLATE_RGB.map((v) => v.toString(16).padStart(2, "0")).join("")}:s=320x180`, "-frames:v", "1", "-y", slate]);
    assert.equal(made.status, 0, String(made.stderr));
    const upstream = makeScte35Upstream({ folder: work, seconds: 14, scte35Pid: 500, spliceEventId: 7, spliceAtS: 7.3, breakDurationS: BREAK_S });
    openlive = await startOpenlive({ ownPushPorts: true, inputRoots: [work] });
    const client = sdkClient(openlive);
    const isg = await client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: "127.0.0.1/32" }] }));
    const input = (await client.send(new CreateInputCommand({ Name: "scte35-upstream", Type: "RTP_PUSH", InputSecurityGroups: [isg.SecurityGroup!.Id!] }))).Input!;
    const target = new URL(input.Destinations![0]!.Url!);
    const outDir = makeOutputDir("openlive-scte35-out-");
    const channel = smallChannel(input.Id!, `file://${outDir}/hls/index`, { segmentLengthS: SEGMENT_S });
    channel.EncoderSettings.AvailConfiguration = { AvailSettings: { Scte35SpliceInsert: { NoRegionalBlackoutFlag: "FOLLOW", WebDeliveryAllowedFlag: "FOLLOW" } } };
    channel.EncoderSettings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings.AdMarkers = ["ELEMENTAL"];
    channel.EncoderSettings.AvailBlanking = { State: "ENABLED", AvailBlankingImage: { Uri: `file://${slate}` } };
    channel.InputAttachments[0].InputSettings = { ...channel.InputAttachments[0].InputSettings, Scte35Pid: 500 };
    const channelId = (await client.send(new CreateChannelCommand(channel))).Channel!.Id!;
    await client.send(new StartChannelCommand({ ChannelId: channelId }));
    await waitUntilChannelRunning({ client, maxWaitTime: 60, minDelay: 0.2, maxDelay: 0.2 }, { ChannelId: channelId });

    const folder = path.join(outDir, "hls");
    const variantPlaylist = (): string | undefined => {
      const name = readdirSync(folder).find((file) => file.endsWith(".m3u8") && readFileSync(path.join(folder, file), "utf8").includes("#EXTINF"));
      return name && readFileSync(path.join(folder, name), "utf8");
    };
    const breaks = (): number => (variantPlaylist()?.match(/#EXT-X-CUE-IN/g) ?? []).length;

    await sendRtp(upstream, target.hostname, Number(target.port));
    await until("the source's break is listed with its CUE-IN", () => (breaks() >= 1 ? true : undefined), 30_000);
    await client.send(
      new BatchUpdateScheduleCommand({
        ChannelId: channelId,
        Creates: { ScheduleActions: [{ ActionName: "break-9", ScheduleActionStartSettings: { ImmediateModeScheduleActionStartSettings: {} }, ScheduleActionSettings: { Scte35SpliceInsertSettings: { SpliceEventId: 9, Duration: BREAK_S * 90_000 } } }] },
      }),
    );
    await until("the scheduled break is listed with its CUE-IN", () => (breaks() >= 2 ? true : undefined), 30_000);
    const playlist = variantPlaylist()!;
    await client.send(new StopChannelCommand({ ChannelId: channelId }));
    await waitUntilChannelStopped({ client, maxWaitTime: 60, minDelay: 0.2, maxDelay: 0.2 }, { ChannelId: channelId });

    const segments = listedWithCueTags(playlist);
    const starts = segments.flatMap((segment, i) => (segment.tags.includes(`#EXT-X-CUE-OUT:${BREAK_S.toFixed(3)}`) ? [i] : []));
    assert.equal(starts.length, 2, `two breaks start in:\n${playlist}`);
    for (const [n, start] of starts.entries()) {
      assert.deepEqual(segments[start + 1]?.tags, [`#EXT-X-CUE-OUT-CONT:${SEGMENT_S.toFixed(3)}/${BREAK_S}`], `the next segment continues the break:\n${playlist}`);
      assert.deepEqual(segments[start + 2]?.tags, ["#EXT-X-CUE-IN"], `the break ends ${BREAK_S} s later:\n${playlist}`);
      const file = (i: number): string => path.join(folder, path.posix.basename(segments[i]!.uri));
      assert.match(firstFrame(file(start)), /key_frame=1\|pict_type=I/, `the CUE-OUT segment starts with an IDR: ${firstFrame(file(start))}`);
      // The splice picture is the CUE-OUT segment's first, or lies in the segment before it.
      const opening = segmentPictures(file(start));
      const before = segmentPictures(file(start - 1));
      const splicePts = opening.markedPts90k[0] === opening.firstPts90k ? opening.firstPts90k : before.markedPts90k[0];
      assert.ok(splicePts !== undefined, "the splice picture is marked in the CUE-OUT segment's first picture or in the segment before");
      const movedS = (opening.firstPts90k - splicePts) / 90_000;
      assert.ok(movedS >= 0 && movedS < SEGMENT_S + 0.05, `the break starts at the first segment boundary at or after the splice (moved ${movedS} s)`);
      // Blanking: the CUE-OUT segment lies wholly inside the 4 s avail (it starts at or after the splice and lasts one segment).
      const inside = slateShares(file(start));
      assert.ok(inside.every((share) => share > 0.9), `every picture of the CUE-OUT segment shows the blanking image: ${inside.map((share) => share.toFixed(2)).join(" ")}`);
      assert.ok(maxVolumeDb(file(start)) < -60, `the CUE-OUT segment is silent (max ${maxVolumeDb(file(start))} dB)`);
      if (n > 0) continue; // the upstream has ended before the scheduled break: around it the output shows input-loss fill
      const beforeShares = slateShares(file(start - 1));
      assert.ok(beforeShares[0]! < 0.2, `the segment before the break starts with the program (${beforeShares[0]})`);
      assert.ok(maxVolumeDb(file(start - 1)) > -40, `the segment before the break carries the program's tone (max ${maxVolumeDb(file(start - 1))} dB)`);
      const afterShares = slateShares(file(start + 2));
      assert.ok(afterShares.at(-1)! < 0.2, `the program returns after the break: the CUE-IN segment ends with it (${afterShares.at(-1)})`);
      assert.ok(maxVolumeDb(file(start + 2)) > -40, `the program's tone returns after the break (max ${maxVolumeDb(file(start + 2))} dB)`);
    }
  });
});
