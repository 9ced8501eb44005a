// A static image overlay from the schedule on a running channel (docs/ads-and-schedule.md): an
// RTP_PUSH input fed the moving test pattern, one HLS output of 1 s segments at 320x180.
//   1. an immediate staticImageActivateSettings of a solid blue PNG (file:// inside the input
//      roots) at imageX/imageY over the pattern's (static) yellow bar, fading in over 1.5 s →
//      the decoded pictures at that place go from yellow through intermediate colours to blue;
//   2. an immediate staticImageDeactivateSettings of its layer → yellow again;
// and the encoder ran throughout (no discontinuity in the playlist).

import assert from "node:assert/strict";
import { spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { BatchUpdateScheduleCommand, CreateInputCommand, type MediaLiveClient, type ScheduleAction } from "@aws-sdk/client-medialive";
import { createChannelId, createIsgId, startChannelAndWait, stopChannelAndWait } from "../../helpers/channel-lifecycle.ts";
import { smallChannel } from "../../helpers/channel-fixtures.ts";
import { killAndWait, spawnLiveEncoder } from "../../helpers/media-fixtures.ts";
import { makeOutputDir, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";

const SEGMENT_S = 1;
const FADE_IN_MS = 1500;
const BLUE = [0, 0, 255];
/** testsrc2 at 320x180: the yellow bar spans x 107–160, below the moving band (y > 110). */
const YELLOW = [255, 255, 0];
const OVERLAY = { x: 100, y: 116, width: 64, height: 48 };
/** The square sampled, inside both the overlay and the yellow bar. */
const SAMPLE = { x: 116, y: 124, size: 32 };
const immediate = { ImmediateModeScheduleActionStartSettings: {} };

function segmentsOf(folder: string): string[] {
  return readdirSync(folder).filter((name) => name.endsWith(".ts")).sort().map((name) => path.join(folder, name));
}

/** The mean RGB of the sampled square in every decoded picture of the segments, in order. */
function sampledColours(segments: readonly string[]): number[][] {
  const run = spawnSync("ffmpeg", ["-v", "error", "-i", `concat:${segments.join("|")}`, "-map", "0:v", "-vf", `crop=${SAMPLE.size}:${SAMPLE.size}:${SAMPLE.x}:${SAMPLE.y},scale=1:1:flags=area`, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], { maxBuffer: 1 << 20 });
  assert.equal(run.status, 0, run.stderr?.toString());
  const colours: number[][] = [];
  for (let i = 0; i + 3 <= run.stdout.length; i += 3) colours.push([run.stdout[i]!, run.stdout[i + 1]!, run.stdout[i + 2]!]);
  return colours;
}

const distance = (a: readonly number[], b: readonly number[]): number => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
/** How far a colour is from yellow towards blue: 0 the bar, 1 the overlay (the moving pattern and 300 kb/s coding noise reach ~0.1). */
const blueness = (colour: readonly number[]): number => 1 - distance(colour, BLUE) / distance(YELLOW, BLUE);

async function schedule(client: MediaLiveClient, channelId: string, actions: ScheduleAction[]): Promise<void> {
  await client.send(new BatchUpdateScheduleCommand({ ChannelId: channelId, Creates: { ScheduleActions: actions } }));
}

/**
 * Waits until `done` accepts the blueness of the pictures of the whole segments written after
 * `known` (the newest file may still be written); returns those values.
 */
async function bluenessAfter(folder: string, known: readonly string[], done: (values: readonly number[]) => boolean, what: string): Promise<number[]> {
  let seen = "";
  let values: number[] = [];
  return until(what, () => {
    const whole = segmentsOf(folder).filter((s) => !known.includes(s)).slice(0, -1);
    if (whole.length === 0 || whole.join() === seen) return undefined;
    seen = whole.join();
    values = sampledColours(whole).map(blueness);
    return done(values) ? values : undefined;
  }, 20_000).catch((error: Error) => assert.fail(`${error.message}: ${values.map((v) => v.toFixed(2)).join(" ")}`));
}

describe("static image overlay", { timeout: 120_000 }, () => {
  let openlive: OpenliveProcess | undefined;
  let upstream: ChildProcess | undefined;
  after(async () => {
    await killAndWait(upstream);
    await openlive?.stop();
  });

  it("fades a scheduled image in at its place and removes it at the deactivation, without restarting the encoder", async () => {
    const imageRoot = makeOutputDir("openlive-overlay-images-");
    const imageDir = path.join(imageRoot, "logos");
    mkdirSync(imageDir);
    const logo = path.join(imageDir, "blue.png");
    const made = spawnSync("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", `color=c=blue:s=${OVERLAY.width}x${OVERLAY.height}`, "-frames:v", "1", "-pix_fmt", "rgba", logo]);
    assert.equal(made.status, 0, made.stderr?.toString());
    openlive = await startOpenlive({ ownPushPorts: true, inputRoots: [imageRoot] });
    const client = sdkClient(openlive);
    const input = (await client.send(new CreateInputCommand({ Name: "pattern", Type: "RTP_PUSH", InputSecurityGroups: [await createIsgId(client)] }))).Input!;
    const outDir = makeOutputDir("openlive-overlay-");
    const channelId = await createChannelId(client, smallChannel(input.Id!, `file://${outDir}/live/index`, { segmentLengthS: SEGMENT_S }));
    upstream = spawnLiveEncoder(["-f", "rtp_mpegts", input.Destinations![0]!.Url!]);
    await startChannelAndWait(client, channelId);
    const folder = path.join(outDir, "live");
    // The pattern on air (not the input-loss fill the channel starts with).
    await until("the pattern in a segment", () => {
      const whole = segmentsOf(folder).slice(0, -1);
      return whole.length > 0 && blueness(sampledColours(whole.slice(-1)).at(-1)!) < 0.2 ? true : undefined;
    }, 60_000);

    // 1. Fade in.
    const beforeActivate = segmentsOf(folder);
    await schedule(client, channelId, [
      { ActionName: "logo", ScheduleActionStartSettings: immediate, ScheduleActionSettings: { StaticImageActivateSettings: { Image: { Uri: `file://${logo}` }, ImageX: OVERLAY.x, ImageY: OVERLAY.y, Layer: 3, FadeIn: FADE_IN_MS } } },
    ]);
    const settled = (values: readonly number[]): boolean => {
      const full = values.findIndex((value) => value > 0.95);
      return full > 0 && values.length - full >= 10;
    };
    const fadeIn = await bluenessAfter(folder, beforeActivate, settled, "the overlay in full for 10 pictures");
    assert.ok(fadeIn[0]! < 0.2, `the bar before the overlay: ${fadeIn[0]}`);
    const full = fadeIn.findIndex((value) => value > 0.95);
    assert.ok(fadeIn.slice(full).every((value) => value > 0.9), "and stays");
    const intermediate = fadeIn.slice(0, full).filter((value) => value > 0.25 && value < 0.75);
    // A 1.5 s fade at 25 frames a second: about half its pictures lie in the middle half.
    assert.ok(intermediate.length >= 8, `a gradual fade-in (${intermediate.length} pictures between 0.25 and 0.75): ${fadeIn.map((v) => v.toFixed(2)).join(" ")}`);
    const first = fadeIn.findIndex((value) => value > 0.2);
    assert.ok((full - first) / 25 >= 1, `the fade lasts about ${FADE_IN_MS} ms: ${(full - first) / 25} s`);

    // 2. Deactivate.
    const beforeDeactivate = segmentsOf(folder);
    await schedule(client, channelId, [{ ActionName: "logo-off", ScheduleActionStartSettings: immediate, ScheduleActionSettings: { StaticImageDeactivateSettings: { Layer: 3 } } }]);
    await bluenessAfter(folder, beforeDeactivate, (values) => values.length > 10 && values.slice(-10).every((value) => value < 0.2), "the overlay gone for 10 pictures");
    const playlist = readFileSync(path.join(folder, "index.m3u8"), "utf8");
    assert.doesNotMatch(playlist, /EXT-X-DISCONTINUITY/, "the encoder ran throughout");
    await stopChannelAndWait(client, channelId);
  });
});
