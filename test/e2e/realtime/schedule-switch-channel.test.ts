// Schedule-driven input switching end to end (docs/failover.md): a SINGLE_PIPELINE channel
// on a live RTP_PUSH input ("live", a red upstream) and two MP4_FILE inputs of a 4 s blue
// file, "file-once" (SourceEndBehavior CONTINUE) and "file-loop" (LOOP). The HLS output is
// decoded frame by frame and reduced to colours (test/helpers/colour-frames.ts):
//   1. a fixed-time switch to file-once ≥ 16 s ahead, and a follow switch (END) back to
//      live: red → blue (the file's 4 s) → red, the fixed switch on time (±1 s)
//   2. an immediate switch to file-loop: blue for longer than the file (it loops), then an
//      immediate switch back to live
// DescribeChannel's ActiveInputAttachmentName / ActiveInputSwitchActionName follow the
// schedule, and the output's media sequence continues through every switch. The fixed-time
// switch is requested as soon as the live input is on air: its 15 s lead then covers the
// wait for a steady output.

import assert from "node:assert/strict";
import { copyFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import { BatchUpdateScheduleCommand, CreateInputCommand, type MediaLiveClient, type ScheduleAction } from "@aws-sdk/client-medialive";
import { ActiveWatch } from "../../helpers/active-input-watch.ts";
import { createChannelId, createIsgId, startChannelAndWait } from "../../helpers/channel-lifecycle.ts";
import { colourChannel, FPS, FRAME_MS, GREEN_FILL_COLOUR } from "../../helpers/colour-channel.ts";
import { colourOrder, coloursOf, describeRuns, HlsRecorder, runs, transition, type RecordedFrame } from "../../helpers/colour-frames.ts";
import { makeColourFile, startColourUpstream, type ColourUpstream } from "../../helpers/colour-upstream.ts";
import { makeOutputDir, makeTempDir, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";

const FILE_SECONDS = 4;
/** A fixed start must be ≥ 15 s ahead when the batch is validated; 17 s leaves room for the request. */
const FIXED_LEAD_MS = 17_000;
const WAIT_MS = 30_000;

function inputSwitch(name: string, attachment: string, start: ScheduleAction["ScheduleActionStartSettings"]): ScheduleAction {
  return { ActionName: name, ScheduleActionStartSettings: start, ScheduleActionSettings: { InputSwitchSettings: { InputAttachmentNameReference: attachment } } };
}

describe("schedule input switching (RTP live input + MP4 files)", { timeout: 240_000 }, () => {
  let openlive: OpenliveProcess;
  let client: MediaLiveClient;
  let channelId: string;
  let upstream: ColourUpstream;
  let recorder: HlsRecorder;
  let watch: ActiveWatch;
  /** Case 1's fixed-time switch: when it was requested, and its time. */
  let fixed: { requestedAtMs: number; fixedAtMs: number };

  before(async () => {
    const work = makeTempDir("openlive-schedule-");
    const out = makeOutputDir("openlive-schedule-");
    openlive = await startOpenlive({ ownPushPorts: true, inputRoots: [work] });
    client = sdkClient(openlive);
    // The file has the live source's layout (320x180 25 fps H.264, 48 kHz mono AAC): a switch needs no new encoder.
    const once = path.join(work, "blue-once.mp4");
    await makeColourFile({ colour: "blue", frequencyHz: 660, durationS: FILE_SECONDS, outputArgs: ["-movflags", "+faststart", once] });
    const loop = path.join(work, "blue-loop.mp4");
    copyFileSync(once, loop);
    const isgId = await createIsgId(client);
    const live = (await client.send(new CreateInputCommand({ Name: "live", Type: "RTP_PUSH", InputSecurityGroups: [isgId] }))).Input!;
    const fileOnce = (await client.send(new CreateInputCommand({ Name: "file-once", Type: "MP4_FILE", Sources: [{ Url: pathToFileURL(once).href }] }))).Input!;
    const fileLoop = (await client.send(new CreateInputCommand({ Name: "file-loop", Type: "MP4_FILE", Sources: [{ Url: pathToFileURL(loop).href }] }))).Input!;
    const audio = { AudioSelectors: [{ Name: "default" }] };
    const channel = colourChannel({
      name: "schedule-switch",
      inputAttachments: [
        { InputId: live.Id, InputAttachmentName: "live", InputSettings: { ...audio, SourceEndBehavior: "CONTINUE" } },
        { InputId: fileOnce.Id, InputAttachmentName: "file-once", InputSettings: { ...audio, SourceEndBehavior: "CONTINUE" } },
        { InputId: fileLoop.Id, InputAttachmentName: "file-loop", InputSettings: { ...audio, SourceEndBehavior: "LOOP" } },
      ],
      outputUrls: [`file://${out}/live`],
      fillColour: GREEN_FILL_COLOUR,
      programDateTime: true,
    });
    channelId = await createChannelId(client, channel);
    upstream = startColourUpstream({ colour: "red", frequencyHz: 440, url: live.Destinations![0]!.Url! });
    recorder = new HlsRecorder(`${out}/live_720p.m3u8`);
    watch = new ActiveWatch(client, channelId);
    await startChannelAndWait(client, channelId);
    await watch.waitFor("live", { sinceMs: Date.now(), timeoutMs: WAIT_MS });
    fixed = await requestFixedSwitch();
    await recorder.waitForSteady("red");
  });

  /** Case 1's schedule: a fixed-time switch to file-once ≥ 15 s ahead, and a follow switch (END) back to live. */
  async function requestFixedSwitch(): Promise<{ requestedAtMs: number; fixedAtMs: number }> {
    const requestedAtMs = Date.now();
    const fixedAtMs = Math.ceil((requestedAtMs + FIXED_LEAD_MS) / 1000) * 1000;
    await client.send(
      new BatchUpdateScheduleCommand({
        ChannelId: channelId,
        Creates: {
          ScheduleActions: [
            inputSwitch("to-file", "file-once", { FixedModeScheduleActionStartSettings: { Time: new Date(fixedAtMs).toISOString() } }),
            inputSwitch("back-to-live", "live", { FollowModeScheduleActionStartSettings: { FollowPoint: "END", ReferenceActionName: "to-file" } }),
          ],
        },
      }),
    );
    return { requestedAtMs, fixedAtMs };
  }

  after(async () => {
    watch?.close();
    recorder?.close();
    await upstream?.close();
    await openlive?.stop();
  });

  /** The newest listed segment: decoding from it covers whatever happens next. */
  function msnNow(): number {
    recorder.poll();
    return recorder.highestMsn ?? 0;
  }

  /** Decodes from `fromMsn` until `done(colours)` holds. */
  function decodeUntil(what: string, fromMsn: number, done: (colours: string[]) => boolean, timeoutMs = WAIT_MS): Promise<RecordedFrame[]> {
    return until(
      what,
      async () => {
        const frames = await recorder.decode({ fromMsn });
        return done(coloursOf(frames)) ? frames : undefined;
      },
      timeoutMs,
    );
  }

  /** Frames of the first stretch that starts with `colour` after index `from` and ends at the next `end` colour. */
  function stretch(colours: readonly string[], colour: string, end: string, from = 0): { start: number; end: number; inside: string[] } | undefined {
    const start = colours.indexOf(colour, from);
    if (start < 0) return undefined;
    const stop = colours.indexOf(end, start);
    if (stop < 0) return undefined;
    let last = stop - 1;
    while (last > start && colours[last] !== colour) last--;
    return { start, end: last, inside: colours.slice(start, last + 1) };
  }

  it("a fixed-time switch to the file (on time, ±1 s), then a follow switch at its END back to live: red → blue → red", async () => {
    // Requested in before(); the output was steady red before the fixed time, so decoding from now covers the switch.
    const fromMsn = msnNow();
    const { requestedAtMs, fixedAtMs } = fixed;
    assert.ok(Date.now() < fixedAtMs - 1_000, `the output was steady on the live input ${fixedAtMs - Date.now()} ms before the fixed time (raise FIXED_LEAD_MS if not)`);
    const switchedAtMs = await watch.waitFor("file-once", { action: "to-file", sinceMs: requestedAtMs, timeoutMs: fixedAtMs - Date.now() + 10_000 });
    console.log(`# fixed switch seen ${switchedAtMs - fixedAtMs} ms from its time`);
    assert.deepEqual(
      [...new Set(watch.attachmentsBetween(requestedAtMs, fixedAtMs - 1_000))],
      ["live"],
      "on the live input until the fixed time",
    );
    const backAtMs = await watch.waitFor("live", { action: "back-to-live", sinceMs: switchedAtMs, timeoutMs: FILE_SECONDS * 1000 + 10_000 });
    console.log(`# follow switch seen ${backAtMs - switchedAtMs} ms after the fixed one (file: ${FILE_SECONDS} s)`);
    const frames = await decodeUntil("the output going red → blue → red", fromMsn, (colours) => {
      const back = transition(colours, "blue", "red", colours.indexOf("blue"));
      return back !== undefined && colours.length - back.firstTo >= FPS;
    });
    const colours = coloursOf(frames);
    console.log(`# output: ${describeRuns(colours)}`);
    const toFile = transition(colours, "red", "blue")!;
    const toLive = transition(colours, "blue", "red", toFile.firstTo)!;
    console.log(`# ${toFile.gap} frames between live and file, ${toLive.gap} between file and live`);
    const firstBlue = frames[toFile.firstTo]!;
    if (firstBlue.programDateTimeMs !== undefined) console.log(`# the first file frame is stamped ${Math.round(firstBlue.programDateTimeMs - fixedAtMs)} ms from the fixed time (EXT-X-PROGRAM-DATE-TIME)`);

    assert.ok(Math.abs(switchedAtMs - fixedAtMs) <= 1_000, `the fixed switch happened ${switchedAtMs - fixedAtMs} ms from its time (±1000)`);
    assert.deepEqual(colourOrder(colours, 10), ["red", "blue", "red"], `red → blue → red: ${describeRuns(colours)}`);
    const blue = stretch(colours, "blue", "red", toFile.firstTo)!;
    const blueFrames = blue.inside.filter((c) => c === "blue").length;
    assert.ok(Math.abs(blueFrames - FILE_SECONDS * FPS) <= 0.15 * FILE_SECONDS * FPS, `the whole file once: ${blueFrames} blue frames of ${FILE_SECONDS * FPS}`);
    assert.ok(toFile.gap <= FPS, `${toFile.gap} frames between live and file (at most one second)`);
    assert.ok(toLive.gap <= FPS, `${toLive.gap} frames between file and live (at most one second)`);
    assert.ok(backAtMs - switchedAtMs >= (FILE_SECONDS - 1) * 1000 && backAtMs - switchedAtMs <= (FILE_SECONDS + 3) * 1000, `back on live ${backAtMs - switchedAtMs} ms after the file started`);
    recorder.poll();
    assert.deepEqual(recorder.problems, [], "the output's media sequence continues");
    console.log(`# discontinuities after msn ${fromMsn}: ${JSON.stringify(recorder.discontinuityMsns(fromMsn + 1))}`);
  });

  it("an immediate switch to the LOOP file stays blue past the file's length; an immediate switch back to live", async () => {
    const fromMsn = msnNow();
    const requestedAtMs = Date.now();
    await client.send(new BatchUpdateScheduleCommand({ ChannelId: channelId, Creates: { ScheduleActions: [inputSwitch("loop-now", "file-loop", { ImmediateModeScheduleActionStartSettings: {} })] } }));
    const onAtMs = await watch.waitFor("file-loop", { action: "loop-now", sinceMs: requestedAtMs, timeoutMs: 10_000 });
    console.log(`# immediate switch seen ${onAtMs - requestedAtMs} ms after the request`);
    // Two and a half plays of the file.
    const holdMs = FILE_SECONDS * 2_500;
    await new Promise((resolve) => setTimeout(resolve, holdMs));
    assert.deepEqual([...new Set(watch.attachmentsBetween(onAtMs, Date.now()))], ["file-loop"], `still on the looping file ${holdMs} ms later`);

    const backRequestedAtMs = Date.now();
    await client.send(new BatchUpdateScheduleCommand({ ChannelId: channelId, Creates: { ScheduleActions: [inputSwitch("live-now", "live", { ImmediateModeScheduleActionStartSettings: {} })] } }));
    const backAtMs = await watch.waitFor("live", { action: "live-now", sinceMs: backRequestedAtMs, timeoutMs: 10_000 });
    console.log(`# immediate switch back seen ${backAtMs - backRequestedAtMs} ms after the request`);
    const frames = await decodeUntil("the output going red → blue … → red", fromMsn, (colours) => {
      const start = colours.indexOf("blue");
      const back = start < 0 ? undefined : transition(colours, "blue", "red", start);
      return back !== undefined && colours.length - back.firstTo >= FPS;
    });
    const colours = coloursOf(frames);
    console.log(`# output: ${describeRuns(colours)}`);
    const blue = stretch(colours, "blue", "red")!;
    const notBlue = runs(blue.inside).filter((r) => r.colour !== "blue");
    const blueFrames = blue.inside.length - notBlue.reduce((sum, r) => sum + r.count, 0);
    const expected = ((backAtMs - onAtMs) / FRAME_MS) | 0;
    assert.ok(blueFrames >= 2 * FILE_SECONDS * FPS, `blue for ${blueFrames} frames: longer than two plays of the ${FILE_SECONDS} s file`);
    assert.ok(blueFrames >= 0.8 * expected, `blue for ${blueFrames} of the ~${expected} frames the file was on air`);
    assert.ok(!notBlue.some((r) => r.colour === "red"), `never the live input while the file loops: ${describeRuns(blue.inside)}`);
    assert.ok(notBlue.reduce((sum, r) => sum + r.count, 0) <= 3 * 5, `at most a few frames of fill at each loop point: ${describeRuns(blue.inside)}`);
    recorder.poll();
    assert.deepEqual(recorder.problems, [], "the output's media sequence continues");
    console.log(`# discontinuities after msn ${fromMsn}: ${JSON.stringify(recorder.discontinuityMsns(fromMsn + 1))}`);
  });
});
