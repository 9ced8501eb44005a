// A motion graphics overlay from the schedule on a running channel (docs/ads-and-schedule.md):
// an RTP_PUSH input fed the moving test pattern, one HLS output of 1 s segments at 320x180,
// motionGraphicsInsertion ENABLED. The page (served by the test on loopback) has a transparent
// background and draws a box over the pattern's (static) yellow bar that turns from red to
// green and back every 600 ms.
//   1. an immediate motionGraphicsImageActivateSettings → the decoded pictures show the box at
//      its place, red in some and green in others, and the yellow bar beside it unchanged;
//      DescribeChannel's pipeline details name the action and the page's URL, and so does the
//      web console's channel page (in a Chromium of the test's own, closed before step 2);
//   2. an immediate motionGraphicsImageDeactivateSettings → the box's place is yellow again, and
//      the pipeline details name no page;
// and the encoder ran throughout (no discontinuity in the playlist).

import assert from "node:assert/strict";
import { execFile, type ChildProcess } from "node:child_process";
import { promisify } from "node:util";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { chromium } from "playwright-core";
import { BatchUpdateScheduleCommand, CreateInputCommand, DescribeChannelCommand, type MediaLiveClient, type PipelineDetail, type ScheduleAction } from "@aws-sdk/client-medialive";
import { createChannelId, createIsgId, startChannelAndWait, stopChannelAndWait } from "../../helpers/channel-lifecycle.ts";
import { smallChannel } from "../../helpers/channel-fixtures.ts";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../helpers/hls-player.ts";
import { killAndWait, spawnLiveEncoder } from "../../helpers/media-fixtures.ts";
import { makeOutputDir, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";

/** testsrc2 at 320x180: the yellow bar spans x 107–160, below the moving band (y > 110). */
const YELLOW = [255, 255, 0];
const RED = [255, 0, 0];
const GREEN = [0, 255, 0];
const BOX = { x: 100, y: 116, width: 36, height: 48 };
/** Squares sampled: inside the box (over the bar), and the bar beside the box. */
const IN_BOX = { x: 106, y: 124, size: 24 };
const BESIDE = { x: 142, y: 124, size: 14 };
const immediate = { ImmediateModeScheduleActionStartSettings: {} };
const execFileAsync = promisify(execFile);

const PAGE = `<!doctype html><html><head><style>html,body{margin:0;background:transparent}
#box{position:absolute;left:${BOX.x}px;top:${BOX.y}px;width:${BOX.width}px;height:${BOX.height}px;background:#f00}</style></head>
<body><div id="box"></div><script>
const box = document.getElementById("box");
setInterval(() => { box.style.background = Math.floor(performance.now() / 600) % 2 ? "#0f0" : "#f00"; }, 50);
</script></body></html>`;

function segmentsOf(folder: string): string[] {
  return readdirSync(folder).filter((name) => name.endsWith(".ts")).sort().map((name) => path.join(folder, name));
}

/**
 * The mean RGB of a square in every decoded picture of the segments, in order. Asynchronous: the
 * page the browser loads is served by this process, which must not stop answering meanwhile.
 */
async function sampledColours(segments: readonly string[], square: { x: number; y: number; size: number }): Promise<number[][]> {
  const { stdout } = await execFileAsync("ffmpeg", ["-v", "error", "-i", `concat:${segments.join("|")}`, "-map", "0:v", "-vf", `crop=${square.size}:${square.size}:${square.x}:${square.y},scale=1:1:flags=area`, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], { encoding: "buffer", maxBuffer: 1 << 20 });
  const colours: number[][] = [];
  for (let i = 0; i + 3 <= stdout.length; i += 3) colours.push([stdout[i]!, stdout[i + 1]!, stdout[i + 2]!]);
  return colours;
}

const near = (a: readonly number[], b: readonly number[]): boolean => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!) < 90;

async function schedule(client: MediaLiveClient, channelId: string, actions: ScheduleAction[]): Promise<void> {
  await client.send(new BatchUpdateScheduleCommand({ ChannelId: channelId, Creates: { ScheduleActions: actions } }));
}

/** The service's log lines about the overlay, for a failure's message. */
let overlayLog: () => string = () => "";

/** The colours of the squares in each whole segment, decoded once (the HLS output deletes old segments meanwhile). */
const sampledBySegment = new Map<string, { box: number[][]; beside: number[][] }>();

/**
 * Waits until `done` accepts the colours in the box of the whole segments written after `known`; returns them.
 * 40 s: the browser starts in a few seconds, and one that gives no frame is started again after 8 s
 * (FIRST_FRAME_TIMEOUT_MS).
 */
async function boxColoursAfter(folder: string, known: readonly string[], done: (colours: readonly number[][]) => boolean, what: string): Promise<{ box: number[][]; beside: number[][] }> {
  let box: number[][] = [];
  // Segment names number the segments in order (…_00012.ts): those after the last one known count, not those deleted since.
  const lastKnown = known.at(-1) ?? "";
  return until(what, async () => {
    const whole = segmentsOf(folder).filter((s) => s > lastKnown).slice(0, -1);
    for (const segment of whole) {
      if (!sampledBySegment.has(segment)) sampledBySegment.set(segment, { box: await sampledColours([segment], IN_BOX), beside: await sampledColours([segment], BESIDE) });
    }
    const after = [...sampledBySegment].filter(([segment]) => path.dirname(segment) === folder && segment > lastKnown).sort(([a], [b]) => a.localeCompare(b)).map(([, colours]) => colours);
    box = after.flatMap((colours) => colours.box);
    return after.length > 0 && done(box) ? { box, beside: after.flatMap((colours) => colours.beside) } : undefined;
  }, 40_000).catch((error: Error) => assert.fail(`${error.message}: ${box.map((c) => c.join(",")).join(" ")}\nservice log:\n${overlayLog()}`));
}

describe("motion graphics overlay", { timeout: 120_000 }, () => {
  let openlive: OpenliveProcess | undefined;
  let upstream: ChildProcess | undefined;
  let server: Server | undefined;
  after(async () => {
    await killAndWait(upstream);
    await openlive?.stop();
    server?.close();
  });

  it("draws a rendered HTML page over the picture, following its changes, and removes it at the deactivation", async () => {
    server = createServer((_request, response) => response.writeHead(200, { "content-type": "text/html" }).end(PAGE));
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ticker.html`;
    openlive = await startOpenlive({ ownPushPorts: true });
    const service = openlive;
    overlayLog = () => service.logs().split("\n").filter((line) => /motion|render|chrom|overlay|canvas|playwright/i.test(line)).join("\n");
    const client = sdkClient(openlive);
    const input = (await client.send(new CreateInputCommand({ Name: "pattern", Type: "RTP_PUSH", InputSecurityGroups: [await createIsgId(client)] }))).Input!;
    const outDir = makeOutputDir("openlive-motion-graphics-");
    const request = smallChannel(input.Id!, `file://${outDir}/live/index`, { segmentLengthS: 1 });
    request.EncoderSettings.MotionGraphicsConfiguration = { MotionGraphicsInsertion: "ENABLED", MotionGraphicsSettings: { HtmlMotionGraphicsSettings: {} } };
    const channelId = await createChannelId(client, request);
    upstream = spawnLiveEncoder(["-f", "rtp_mpegts", input.Destinations![0]!.Url!]);
    await startChannelAndWait(client, channelId);
    const folder = path.join(outDir, "live");
    await until("the pattern in a segment", async () => {
      const whole = segmentsOf(folder).slice(0, -1);
      return whole.length > 0 && near((await sampledColours(whole.slice(-1), IN_BOX)).at(-1)!, YELLOW) ? true : undefined;
    }, 60_000);

    // 1. Activate: the box shows in both colours.
    const beforeActivate = segmentsOf(folder);
    await schedule(client, channelId, [{ ActionName: "ticker", ScheduleActionStartSettings: immediate, ScheduleActionSettings: { MotionGraphicsImageActivateSettings: { Url: pageUrl } } }]);
    const shown = await boxColoursAfter(folder, beforeActivate, (colours) => colours.filter((c) => near(c, RED)).length >= 5 && colours.filter((c) => near(c, GREEN)).length >= 5 && colours.slice(colours.findIndex((c) => near(c, RED) || near(c, GREEN))).length >= 25, "the box in red and in green, 5 pictures each");
    const show = (colours: readonly number[][]): string => colours.map((c) => (near(c, RED) ? "R" : near(c, GREEN) ? "G" : near(c, YELLOW) ? "Y" : "-")).join("");
    const boxed = (c: readonly number[]): boolean => near(c, RED) || near(c, GREEN);
    const firstBox = shown.box.findIndex(boxed);
    assert.ok(firstBox > 0, `the bar before the page: ${show(shown.box)}`);
    // Once shown, the box stays (a colour change may fall between two pictures: one in between).
    assert.ok(shown.box.slice(firstBox).filter((c) => !boxed(c)).length <= 2, `once shown, the box stays: ${show(shown.box)}`);
    // The page's transparent background: the picture beside the box is the program's (its yellow bar, crossed now and then by the pattern's moving parts):
    const besideShown = shown.beside.slice(firstBox);
    // An opaque page background would leave no yellow there; the moving parts cover the square about a third of the time.
    assert.ok(besideShown.filter((c) => near(c, YELLOW)).length >= 0.5 * besideShown.length, `the picture beside the box: ${show(besideShown)}`);

    // DescribeChannel names the page shown and the action that put it there.
    const detail = async (): Promise<PipelineDetail | undefined> => (await client.send(new DescribeChannelCommand({ ChannelId: channelId }))).PipelineDetails?.[0];
    const reported = await detail();
    assert.deepEqual([reported?.ActiveMotionGraphicsActionName, reported?.ActiveMotionGraphicsUri], ["ticker", pageUrl]);
    // The web console's channel page shows them on the pipeline's card (the address as the field's title).
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
    try {
      const page = await browser.newPage();
      await page.goto(`${openlive.url}/console/#/channels/${channelId}`);
      await page.fill("#login-access-key", openlive.credentials.accessKeyId);
      await page.fill("#login-secret", openlive.credentials.secretAccessKey);
      await page.click("#login-form button[type=submit]");
      const field = page.locator(".pipeline [data-field=motion-graphics]").first();
      await page.waitForFunction(() => document.querySelector(".pipeline [data-field=motion-graphics]")?.textContent === "ticker", undefined, { timeout: 15_000 });
      assert.equal(await field.getAttribute("title"), pageUrl);
    } finally {
      await browser.close();
    }

    // 2. Deactivate.
    const beforeDeactivate = segmentsOf(folder);
    await schedule(client, channelId, [{ ActionName: "ticker-off", ScheduleActionStartSettings: immediate, ScheduleActionSettings: { MotionGraphicsImageDeactivateSettings: {} } }]);
    await boxColoursAfter(folder, beforeDeactivate, (colours) => colours.length > 10 && colours.slice(-10).every((c) => !boxed(c)) && colours.slice(-10).some((c) => near(c, YELLOW)), "the box gone for 10 pictures");
    const after = await detail();
    assert.deepEqual([after?.ActiveMotionGraphicsActionName, after?.ActiveMotionGraphicsUri], [undefined, undefined], "no page reported after the deactivation");
    assert.doesNotMatch(readFileSync(path.join(folder, "index.m3u8"), "utf8"), /EXT-X-DISCONTINUITY/, "the encoder ran throughout");
    await stopChannelAndWait(client, channelId);
  });
});
