// Schedule input switching across input kinds (docs/failover.md), end to end through one
// openlive process. Channel "inputs" (SINGLE_PIPELINE, 320x180, 1 s segments) has:
//   live  RTP_PUSH, a red upstream
//   pull  URL_PULL of a live HLS that an ffmpeg green upstream writes into a folder served over HTTP
//   file  MP4_FILE, 6 s blue (SourceEndBehavior CONTINUE)
//   dyn   MP4_FILE file:///…/$urlPath$.mp4 (a DYNAMIC input): blue.mp4 and yellow.mp4 (LOOP)
//   clip  MP4_FILE, 8 s: 4 s blue then 4 s white (CONTINUE)
// Channel "equal" has a failover pair of two RTP_PUSH inputs (red primary, blue secondary,
// EQUAL_INPUT_PREFERENCE, input loss 500 ms). The input-loss image is magenta, so fill frames
// are told apart from every source. Cases:
//   (a) live → pull → file → live with immediate switches; a follow switch after a live input is refused
//   (b) an unprepared switch to the pull input waits for its first keyframe; after an
//       inputPrepareSettings the switch is on air at once (timings from the API and the logs)
//   (c) the dynamic input with urlPath ["blue"], then ["yellow"]
//   (d) inputClippingSettings ZEROBASED from 00:00:04:00: only the file's second half (white)
//   (d2) a file input prepared well before its switch still plays from its start (blue, then white)
//   (e) EQUAL_INPUT_PREFERENCE manual failover: to the secondary (accepted), back to a dead
//       primary (refused, alert "Input Switch Refused")
// The output is decoded frame by frame and reduced to colours (test/helpers/colour-frames.ts);
// its media sequence must continue through every switch. Channel "equal" starts when (d2)
// begins, so it is on air by (e) instead of (e) waiting for its start: the two channels share
// nothing but the openlive process.

import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import { BatchUpdateScheduleCommand, CreateInputCommand, ListAlertsCommand, type ChannelAlert, type MediaLiveClient, type ScheduleAction } from "@aws-sdk/client-medialive";
import { ActiveWatch } from "../../helpers/active-input-watch.ts";
import { createChannelId, createIsgId, startChannelAndWait } from "../../helpers/channel-lifecycle.ts";
import { colourChannel, createRtpPair, failoverAttachments, FPS, inputLossCondition, WIDE_PALETTE } from "../../helpers/colour-channel.ts";
import { colourOrder, coloursOf, describeRuns, HlsRecorder, transition, type RecordedFrame } from "../../helpers/colour-frames.ts";
import { makeColourFile, startColourUpstream, type ColourUpstream } from "../../helpers/colour-upstream.ts";
import { serveHlsFolder, type HlsOrigin } from "../../helpers/hls-player.ts";
import { makeOutputDir, makeTempDir, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";

const FILE_SECONDS = 6;
const CLIP_FILE_SECONDS = 8;
const CLIP_START_S = 4;
const DYN_SECONDS = 4;
/** The loss image: magenta, a colour no source has. */
const FILL_COLOUR = "FF00FF";
const FILL = "magenta";
/** Frames allowed between two healthy sources (the switcher replays the new input's buffered GOP). */
const CLEAN_SWITCH_BOUND_FRAMES = 5;
/** A prepared switch is reported by the API within this (the 100 ms poll included). */
const PREPARED_SWITCH_BOUND_MS = 400;
const LOSS_THRESHOLD_MS = 500;
const WAIT_MS = 30_000;

interface Rig {
  readonly channelId: string;
  readonly recorder: HlsRecorder;
  readonly watch: ActiveWatch;
}

/** Channel "equal" on air from its red primary, with the upstream (e) kills. */
interface EqualRig extends Rig {
  readonly primary: ColourUpstream;
}

type StartSettings = ScheduleAction["ScheduleActionStartSettings"];
const IMMEDIATE: StartSettings = { ImmediateModeScheduleActionStartSettings: {} };

function inputSwitch(name: string, attachment: string, start: StartSettings = IMMEDIATE, extra: Record<string, unknown> = {}): ScheduleAction {
  return { ActionName: name, ScheduleActionStartSettings: start, ScheduleActionSettings: { InputSwitchSettings: { InputAttachmentNameReference: attachment, ...extra } } };
}

function inputPrepare(name: string, attachment: string, start: StartSettings = IMMEDIATE): ScheduleAction {
  return { ActionName: name, ScheduleActionStartSettings: start, ScheduleActionSettings: { InputPrepareSettings: { InputAttachmentNameReference: attachment } } };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** An alert timestamp as ms: the SDK gives a Date, a raw answer an ISO string. */
function timeMs(value: unknown): number {
  return value instanceof Date ? value.getTime() : Date.parse(String(value));
}

/** Frames of `colour` in `colours`. */
function count(colours: readonly string[], colour: string): number {
  return colours.filter((c) => c === colour).length;
}

describe("schedule switching across input kinds (RTP, HLS pull, MP4, dynamic MP4, clipping, manual failover)", { timeout: 300_000 }, () => {
  let openlive: OpenliveProcess;
  let client: MediaLiveClient;
  let isgId: string;
  let origin: HlsOrigin;
  const upstreams: ColourUpstream[] = [];
  const rigs: Rig[] = [];
  let rig: Rig;
  let live: ColourUpstream;
  let equalRig: Promise<EqualRig> | undefined;

  before(async () => {
    const work = makeTempDir("openlive-schedule-inputs-");
    openlive = await startOpenlive({ ownPushPorts: true, inputRoots: [work] });
    client = sdkClient(openlive);
    isgId = await createIsgId(client);

    // The files have the live sources' layout (320x180 25 fps H.264 with a 1 s GOP, 48 kHz AAC).
    const file = path.join(work, "blue.mp4");
    const dynDir = path.join(work, "dyn");
    mkdirSync(dynDir);
    const clip = path.join(work, "blue-then-white.mp4");
    await Promise.all([
      makeColourFile({ colour: "blue", frequencyHz: 660, durationS: FILE_SECONDS, outputArgs: ["-movflags", "+faststart", file] }),
      makeColourFile({ colour: "blue", frequencyHz: 660, durationS: DYN_SECONDS, outputArgs: ["-movflags", "+faststart", path.join(dynDir, "blue.mp4")] }),
      makeColourFile({ colour: "yellow", frequencyHz: 880, durationS: DYN_SECONDS, outputArgs: ["-movflags", "+faststart", path.join(dynDir, "yellow.mp4")] }),
      makeColourFile({ colour: "blue", changes: [{ atS: CLIP_START_S, colour: "white" }], frequencyHz: 660, durationS: CLIP_FILE_SECONDS, outputArgs: ["-movflags", "+faststart", clip] }),
    ]);

    // A live HLS: ffmpeg writes 1 s segments into a folder, served over HTTP (pull sources are contacted at channel creation).
    const hlsDir = path.join(work, "origin");
    mkdirSync(hlsDir);
    upstreams.push(
      startColourUpstream({
        // ffmpeg's "green" is 0x008000: the palette's green is 0x00FF00.
        colour: "0x00FF00",
        frequencyHz: 550,
        outputArgs: ["-f", "hls", "-hls_time", "1", "-hls_list_size", "6", "-hls_flags", "delete_segments+omit_endlist", path.join(hlsDir, "index.m3u8")],
      }),
    );
    origin = await serveHlsFolder(hlsDir);
    await until(
      "the HLS upstream lists 3 segments",
      () => {
        const playlist = path.join(hlsDir, "index.m3u8");
        return existsSync(playlist) && readFileSync(playlist, "utf8").split("\n").filter((l) => l.endsWith(".ts")).length >= 3 ? true : undefined;
      },
      WAIT_MS,
    );

    const create = async (name: string, type: "RTP_PUSH" | "URL_PULL" | "MP4_FILE", url?: string) =>
      (await client.send(new CreateInputCommand({ Name: name, Type: type, ...(url ? { Sources: [{ Url: url }] } : { InputSecurityGroups: [isgId] }) }))).Input!;
    const liveInput = await create("inputs-live", "RTP_PUSH");
    const pullInput = await create("inputs-pull", "URL_PULL", `${origin.url}/index.m3u8`);
    const fileInput = await create("inputs-file", "MP4_FILE", pathToFileURL(file).href);
    const dynInput = await create("inputs-dyn", "MP4_FILE", `${pathToFileURL(dynDir).href}/$urlPath$.mp4`);
    const clipInput = await create("inputs-clip", "MP4_FILE", pathToFileURL(clip).href);
    assert.equal(dynInput.InputSourceType, "DYNAMIC", "an MP4_FILE input whose URL has $urlPath$ is DYNAMIC");
    assert.equal(fileInput.InputSourceType, "STATIC");

    const audio = { AudioSelectors: [{ Name: "default" }] };
    rig = await startChannel("inputs", makeOutputDir("openlive-schedule-inputs-"), [
      { InputId: liveInput.Id, InputAttachmentName: "live", InputSettings: { ...audio, SourceEndBehavior: "CONTINUE" } },
      { InputId: pullInput.Id, InputAttachmentName: "pull", InputSettings: { ...audio, SourceEndBehavior: "CONTINUE" } },
      { InputId: fileInput.Id, InputAttachmentName: "file", InputSettings: { ...audio, SourceEndBehavior: "CONTINUE" } },
      { InputId: dynInput.Id, InputAttachmentName: "dyn", InputSettings: { ...audio, SourceEndBehavior: "LOOP" } },
      { InputId: clipInput.Id, InputAttachmentName: "clip", InputSettings: { ...audio, SourceEndBehavior: "CONTINUE" } },
    ], () => {
      live = startColourUpstream({ colour: "red", frequencyHz: 440, url: liveInput.Destinations![0]!.Url! });
      upstreams.push(live);
    });
    await rig.watch.waitFor("live", { sinceMs: Date.now(), timeoutMs: WAIT_MS });
    await rig.recorder.waitForSteady("red");
  });

  after(async () => {
    for (const r of rigs) {
      r.watch.close();
      r.recorder.close();
    }
    for (const upstream of upstreams) await upstream.close();
    await origin?.close();
    await openlive?.stop();
  });

  /** Creates and starts a channel on `attachments` publishing into `out` (a folder inside the output root; startUpstreams runs once it exists). */
  async function startChannel(name: string, out: string, attachments: Record<string, unknown>[], startUpstreams: () => void): Promise<Rig> {
    const channel = colourChannel({ name, inputAttachments: attachments, outputUrls: [`file://${out}/${name}/live`], fillColour: FILL_COLOUR, programDateTime: true });
    const channelId = await createChannelId(client, channel);
    startUpstreams();
    const created: Rig = { channelId, recorder: new HlsRecorder(`${out}/${name}/live_720p.m3u8`), watch: new ActiveWatch(client, channelId) };
    rigs.push(created);
    await startChannelAndWait(client, channelId);
    return created;
  }

  /**
   * Creates and starts channel "equal" (a red primary and a blue secondary, EQUAL_INPUT_PREFERENCE)
   * once, and resolves when the primary is on air and the output steady red.
   */
  function startEqualRig(): Promise<EqualRig> {
    equalRig ??= (async () => {
      const out = makeOutputDir("openlive-schedule-equal-");
      const inputs = await createRtpPair(client, "equal", isgId);
      let primary: ColourUpstream | undefined;
      const equal = await startChannel(
        "equal",
        out,
        failoverAttachments(inputs.primary.id, inputs.secondary.id, { InputPreference: "EQUAL_INPUT_PREFERENCE", ErrorClearTimeMsec: 3_000, FailoverConditions: [inputLossCondition(LOSS_THRESHOLD_MS)] }),
        () => {
          primary = startColourUpstream({ colour: "red", frequencyHz: 440, url: inputs.primary.urls[0]! });
          upstreams.push(primary, startColourUpstream({ colour: "blue", frequencyHz: 660, url: inputs.secondary.urls[0]! }));
        },
      );
      await equal.watch.waitFor("primary", { sinceMs: Date.now(), timeoutMs: WAIT_MS });
      await equal.recorder.waitForSteady("red");
      return { ...equal, primary: primary! };
    })();
    // (e) awaits it; a start that fails while (d2) runs must not count as unhandled.
    equalRig.catch(() => undefined);
    return equalRig;
  }

  function msnNow(r: Rig): number {
    r.recorder.poll();
    return r.recorder.highestMsn ?? 0;
  }

  async function decode(r: Rig, fromMsn: number): Promise<RecordedFrame[]> {
    return r.recorder.decode({ fromMsn }, { palette: WIDE_PALETTE });
  }

  /** Decodes from `fromMsn` until `done(colours)` holds. */
  function decodeUntil(r: Rig, what: string, fromMsn: number, done: (colours: string[]) => boolean, timeoutMs = WAIT_MS): Promise<RecordedFrame[]> {
    let last: RecordedFrame[] = [];
    return until(
      what,
      async () => {
        last = await decode(r, fromMsn);
        return done(coloursOf(last)) ? last : undefined;
      },
      timeoutMs,
    ).catch((error: Error) => {
      const other = last.find((f) => f.colour === "other");
      throw new Error(`${error.message}; last decoded: ${describeRuns(coloursOf(last))}${other ? ` (an "other" frame: rgb ${other.rgb.join(",")})` : ""}`);
    });
  }

  /** The colours in order, fill and stray frames (runs shorter than `minFrames`) left out. */
  function sources(colours: readonly string[], minFrames = 5): string[] {
    return colourOrder(
      colours.filter((c) => c !== FILL),
      minFrames,
    );
  }

  async function schedule(channelId: string, ...actions: ScheduleAction[]): Promise<number> {
    const requestedAtMs = Date.now();
    await client.send(new BatchUpdateScheduleCommand({ ChannelId: channelId, Creates: { ScheduleActions: actions } }));
    return requestedAtMs;
  }

  /** An immediate switch; resolves when the API reports it, with the ms it took. */
  async function switchNow(r: Rig, action: string, attachment: string, extra: Record<string, unknown> = {}): Promise<{ requestedAtMs: number; seenAtMs: number; tookMs: number }> {
    const requestedAtMs = await schedule(r.channelId, inputSwitch(action, attachment, IMMEDIATE, extra));
    const seenAtMs = await r.watch.waitFor(attachment, { action, sinceMs: requestedAtMs, timeoutMs: 10_000 });
    return { requestedAtMs, seenAtMs, tookMs: seenAtMs - requestedAtMs };
  }

  /** Back on the live (red) input, steady for two segments, before a case's own switch. */
  async function onLive(action: string): Promise<void> {
    if (rig.watch.current?.attachment !== "live") await switchNow(rig, action, "live");
    await rig.recorder.waitForSteady("red", { segments: 2 });
  }

  /** Frames of `colour` in a row at the end. */
  function heldAtEnd(colours: readonly string[], colour: string): number {
    let n = 0;
    for (let i = colours.length - 1; i >= 0 && colours[i] === colour; i--) n++;
    return n;
  }

  function assertContinuous(r: Rig, fromMsn: number, label: string): void {
    r.recorder.poll();
    assert.deepEqual(r.recorder.problems, [], `${label}: the output's media sequence continues`);
    console.log(`# ${label}: discontinuities after msn ${fromMsn}: ${JSON.stringify(r.recorder.discontinuityMsns(fromMsn + 1))}`);
  }

  /** The last openlive JSON log line that `match`es. */
  function logLine(match: (line: Record<string, unknown>) => boolean): Record<string, unknown> | undefined {
    let found: Record<string, unknown> | undefined;
    for (const text of openlive.logs().split("\n")) {
      if (!text.startsWith("{")) continue;
      try {
        const line = JSON.parse(text) as Record<string, unknown>;
        if (match(line)) found = line;
      } catch {
        // a partial line
      }
    }
    return found;
  }

  it("(a) live push → live pull → file → live push with immediate switches; a follow switch after a live input is refused", async () => {
    const fromMsn = msnNow(rig);
    const toPull = await switchNow(rig, "a-to-pull", "pull");
    console.log(`# (a) unprepared switch to the HLS pull input reported after ${toPull.tookMs} ms`);
    await decodeUntil(rig, "(a) the output going red → green", fromMsn, (c) => {
      const change = transition(c, "red", "green");
      return change !== undefined && heldAtEnd(c, "green") >= FPS;
    });

    // MediaLive refuses a follow switch after a live input: live inputs never end.
    await assert.rejects(
      client.send(new BatchUpdateScheduleCommand({ ChannelId: rig.channelId, Creates: { ScheduleActions: [inputSwitch("a-follow-pull", "live", { FollowModeScheduleActionStartSettings: { FollowPoint: "END", ReferenceActionName: "a-to-pull" } })] } })),
      (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
        console.log(`# (a) follow after the live pull input: ${error.name} ${error.$metadata?.httpStatusCode}: ${error.message}`);
        return (error.$metadata?.httpStatusCode ?? 0) >= 400 && (error.$metadata?.httpStatusCode ?? 0) < 500;
      },
    );

    const toFile = await switchNow(rig, "a-to-file", "file");
    console.log(`# (a) switch to the MP4 file reported after ${toFile.tookMs} ms`);
    await decodeUntil(rig, "(a) the output going green → blue", fromMsn, (c) => {
      const change = transition(c, "green", "blue");
      return change !== undefined && count(c.slice(change.firstTo), "blue") >= FPS;
    });
    const toLive = await switchNow(rig, "a-to-live", "live");
    console.log(`# (a) switch back to RTP reported after ${toLive.tookMs} ms`);
    const frames = await decodeUntil(rig, "(a) the output going blue → red", fromMsn, (c) => {
      const start = c.indexOf("blue");
      const back = start < 0 ? undefined : transition(c, "blue", "red", start);
      return back !== undefined && heldAtEnd(c, "red") >= FPS;
    });
    const colours = coloursOf(frames);
    console.log(`# (a) output: ${describeRuns(colours)}`);
    const seen = rig.watch.seenBetween(toPull.requestedAtMs, Date.now()).map((o) => `${o.attachment}/${o.action ?? "-"}`);
    console.log(`# (a) DescribeChannel: ${seen.join(" → ")}`);

    assert.deepEqual(sources(colours), ["red", "green", "blue", "red"], `red → green → blue → red: ${describeRuns(colours)}`);
    assert.deepEqual(seen, ["live/-", "pull/a-to-pull", "file/a-to-file", "live/a-to-live"], "ActiveInputAttachmentName / ActiveInputSwitchActionName at each step");
    const pullChange = transition(colours, "red", "green")!;
    const fileChange = transition(colours, "green", "blue", pullChange.firstTo)!;
    const liveChange = transition(colours, "blue", "red", fileChange.firstTo)!;
    console.log(`# (a) frames between: red→green ${pullChange.gap} ${describeRuns(colours.slice(pullChange.lastFrom + 1, pullChange.firstTo))}; green→blue ${fileChange.gap}; blue→red ${liveChange.gap}`);
    // Without a prepare, the old input stays on air until the new one's first keyframe: no fill.
    assert.ok(!colours.includes(FILL), `no input-loss fill at any switch: ${describeRuns(colours)}`);
    assert.ok(pullChange.gap <= CLEAN_SWITCH_BOUND_FRAMES, `${pullChange.gap} frames between the RTP and the HLS input`);
    assert.ok(fileChange.gap <= CLEAN_SWITCH_BOUND_FRAMES, `${fileChange.gap} frames between the HLS input and the file`);
    assert.ok(liveChange.gap <= CLEAN_SWITCH_BOUND_FRAMES, `${liveChange.gap} frames between the file and the RTP input`);
    assertContinuous(rig, fromMsn, "(a)");
  });

  it("(b) inputPrepareSettings: the prepared HLS pull input goes on air at once on an immediate switch (unprepared: only after its first keyframe)", async () => {
    /** A switch to the pull input from live: API delay, the worker's own delay (logs), the output change. */
    const measure = async (action: string): Promise<{ apiMs: number; workerMs: number; gap: number; stampMs: number | undefined; start: string }> => {
      const fromMsn = msnNow(rig);
      const toPull = await switchNow(rig, action, "pull");
      const frames = await decodeUntil(rig, `(b) ${action}: the output going red → green`, fromMsn, (c) => {
        const change = transition(c, "red", "green");
        return change !== undefined && heldAtEnd(c, "green") >= FPS;
      });
      const colours = coloursOf(frames);
      const change = transition(colours, "red", "green")!;
      const firstGreen = frames[change.firstTo]!;
      const executed = logLine((l) => l.msg === "scheduled input switch" && l.actionName === action);
      const onAir = logLine((l) => typeof l.msg === "string" && l.msg.startsWith("input switch:") && l.actionName === action);
      console.log(`# (b) ${action}: output ${describeRuns(colours)}; log: ${JSON.stringify(onAir)}`);
      assert.ok(!colours.slice(change.firstTo).includes(FILL), `${action}: no fill after the switch: ${describeRuns(colours.slice(change.firstTo))}`);
      assert.equal(rig.watch.current?.action, action);
      assertContinuous(rig, fromMsn, `(b) ${action}`);
      return {
        apiMs: toPull.tookMs,
        workerMs: executed && onAir ? Number(onAir.time) - Number(executed.time) : Number.NaN,
        gap: change.gap,
        stampMs: firstGreen.programDateTimeMs === undefined ? undefined : Math.round(firstGreen.programDateTimeMs - toPull.requestedAtMs),
        start: String(onAir?.start),
      };
    };

    await onLive("b-live-1");
    const unprepared = await measure("b-unprepared");
    await onLive("b-live-2");
    await schedule(rig.channelId, inputPrepare("b-prepare-pull", "pull"));
    // Switch once the worker has buffered the prepared input's first keyframe (its log says so).
    await until("(b) the prepared input's first keyframe", () => logLine((l) => l.msg === "input prepared: keyframe buffered" && l.actionName === "b-prepare-pull" && l.attachment === "pull"), 15_000);
    const prepared = await measure("b-prepared");
    const show = (m: typeof prepared): string => `API ${m.apiMs} ms, worker ${m.workerMs} ms from executing the action to on air (${m.start}), ${m.gap} frames between red and green, first green stamped ${m.stampMs ?? "?"} ms from the request`;
    console.log(`# (b) unprepared: ${show(unprepared)}`);
    console.log(`# (b) prepared:   ${show(prepared)}`);
    assert.ok(prepared.apiMs <= PREPARED_SWITCH_BOUND_MS, `the prepared switch was reported after ${prepared.apiMs} ms (≤ ${PREPARED_SWITCH_BOUND_MS})`);
    assert.ok(prepared.workerMs <= 50, `the prepared input went on air ${prepared.workerMs} ms after the action executed (no wait for a keyframe)`);
    assert.ok(prepared.workerMs < unprepared.workerMs, `prepared (${prepared.workerMs} ms) faster than unprepared (${unprepared.workerMs} ms)`);
    assert.ok(prepared.gap <= CLEAN_SWITCH_BOUND_FRAMES, `${prepared.gap} frames between the RTP and the prepared HLS input`);
  });

  it("(c) a dynamic MP4 input: urlPath [\"blue\"] then [\"yellow\"] → blue then yellow", async () => {
    const fromMsn = msnNow(rig);
    const toBlue = await switchNow(rig, "c-blue", "dyn", { UrlPath: ["blue"] });
    console.log(`# (c) switch to dyn/blue reported after ${toBlue.tookMs} ms`);
    await decodeUntil(rig, "(c) the output showing blue", fromMsn, (c) => count(c, "blue") >= FPS);
    const toYellow = await switchNow(rig, "c-yellow", "dyn", { UrlPath: ["yellow"] });
    console.log(`# (c) switch to dyn/yellow reported after ${toYellow.tookMs} ms`);
    const frames = await decodeUntil(rig, "(c) the output going blue → yellow", fromMsn, (c) => {
      const start = c.indexOf("blue");
      return start >= 0 && transition(c, "blue", "yellow", start) !== undefined && heldAtEnd(c, "yellow") >= FPS;
    });
    const colours = coloursOf(frames);
    console.log(`# (c) output: ${describeRuns(colours)}`);
    assert.deepEqual(sources(colours.slice(colours.indexOf("blue"))), ["blue", "yellow"], `blue → yellow: ${describeRuns(colours)}`);
    const change = transition(colours, "blue", "yellow", colours.indexOf("blue"))!;
    assert.ok(change.gap <= CLEAN_SWITCH_BOUND_FRAMES && !colours.slice(colours.indexOf("blue")).includes(FILL), `blue → yellow with no fill: ${describeRuns(colours)}`);
    assert.equal(rig.watch.current?.attachment, "dyn");
    assert.equal(rig.watch.current?.action, "c-yellow");
    assertContinuous(rig, fromMsn, "(c)");
  });

  it("(d) inputClippingSettings ZEROBASED from 00:00:04:00: only the second half of the file (white, never blue)", async () => {
    await onLive("d-to-live");
    const fromMsn = msnNow(rig);
    const toClip = await switchNow(rig, "d-clip", "clip", { InputClippingSettings: { InputTimecodeSource: "ZEROBASED", StartTimecode: { Timecode: "00:00:04:00" } } });
    console.log(`# (d) switch to the clip reported after ${toClip.tookMs} ms`);
    // CONTINUE: after the clip's 4 s the output shows the fill.
    const frames = await decodeUntil(rig, "(d) the output going red → white → fill", fromMsn, (c) => {
      const change = transition(c, "red", "white");
      return change !== undefined && transition(c, "white", FILL, change.firstTo) !== undefined && heldAtEnd(c, FILL) >= 10;
    });
    const colours = coloursOf(frames);
    console.log(`# (d) output: ${describeRuns(colours)}`);
    const change = transition(colours, "red", "white")!;
    const afterSwitch = colours.slice(change.lastFrom + 1);
    const white = count(afterSwitch, "white");
    assert.equal(count(afterSwitch, "blue"), 0, `nothing of the file's first ${CLIP_START_S} s (blue): ${describeRuns(afterSwitch)}`);
    assert.ok(Math.abs(white - (CLIP_FILE_SECONDS - CLIP_START_S) * FPS) <= 0.15 * (CLIP_FILE_SECONDS - CLIP_START_S) * FPS, `the file from ${CLIP_START_S} s to its end: ${white} white frames of ${(CLIP_FILE_SECONDS - CLIP_START_S) * FPS}`);
    assert.ok(change.gap <= FPS, `${change.gap} frames between live and the clip`);
    assertContinuous(rig, fromMsn, "(d)");
  });

  it("(d2) a prepared file input plays from its start however long after the prepare the switch comes (blue, then white)", async () => {
    void startEqualRig(); // for (e), meanwhile
    await onLive("d2-to-live");
    const preparedAtMs = await schedule(rig.channelId, inputPrepare("d2-prepare-clip", "clip"));
    await until("(d2) the prepared file proved readable", () => logLine((l) => l.msg === "input prepared: file readable (a switch plays it from its start)" && l.actionName === "d2-prepare-clip"), 15_000);
    // Longer than the file's first (blue) half: a reader left running since the prepare would be in the white half by now.
    await sleep(Math.max(0, preparedAtMs + (CLIP_START_S + 1) * 1000 - Date.now()));
    const fromMsn = msnNow(rig);
    const toFile = await switchNow(rig, "d2-clip", "clip");
    console.log(`# (d2) switch to the prepared file reported after ${toFile.tookMs} ms, ${toFile.requestedAtMs - preparedAtMs} ms after the prepare`);
    const frames = await decodeUntil(rig, "(d2) the output going red → blue → white → fill", fromMsn, (c) => {
      const blue = transition(c, "red", "blue");
      const white = blue && transition(c, "blue", "white", blue.firstTo);
      return white !== undefined && transition(c, "white", FILL, white.firstTo) !== undefined && heldAtEnd(c, FILL) >= 10;
    });
    const colours = coloursOf(frames);
    console.log(`# (d2) output: ${describeRuns(colours)}`);
    const change = transition(colours, "red", "blue")!;
    const afterSwitch = colours.slice(change.lastFrom + 1);
    const blue = count(afterSwitch, "blue");
    const white = count(afterSwitch, "white");
    const halfFrames = CLIP_START_S * FPS;
    assert.ok(Math.abs(blue - halfFrames) <= 0.15 * halfFrames, `the file's first ${CLIP_START_S} s (blue) in full: ${blue} blue frames of ${halfFrames}`);
    assert.ok(Math.abs(white - (CLIP_FILE_SECONDS - CLIP_START_S) * FPS) <= 0.15 * halfFrames, `then its second half (white): ${white} white frames`);
    assert.ok(change.gap <= FPS, `${change.gap} frames between live and the file`);
    assertContinuous(rig, fromMsn, "(d2)");
  });

  it("(e) EQUAL_INPUT_PREFERENCE: a switch to the secondary is a manual failover; back to a failing primary is refused", async () => {
    const equal = await startEqualRig();
    const primary = equal.primary;
    const alerts = async (state: "SET" | "ALL" = "SET"): Promise<ChannelAlert[]> => (await client.send(new ListAlertsCommand({ ChannelId: equal.channelId, StateFilter: state }))).Alerts ?? [];

    // The manual failover: accepted, on air with no input-loss fill.
    const fromMsn = msnNow(equal);
    const toSecondary = await switchNow(equal, "e-to-secondary", "secondary");
    console.log(`# (e) manual failover to the secondary reported after ${toSecondary.tookMs} ms`);
    const frames = await decodeUntil(equal, "(e) the output going red → blue", fromMsn, (c) => {
      const change = transition(c, "red", "blue");
      return change !== undefined && heldAtEnd(c, "blue") >= FPS;
    });
    const change = transition(coloursOf(frames), "red", "blue")!;
    console.log(`# (e) output: ${describeRuns(coloursOf(frames))}`);
    const afterManual = await alerts("ALL");
    console.log(`# (e) alerts after the manual failover: ${JSON.stringify(afterManual.map((a) => [a.AlertType, a.State, a.Message]))}`);
    assert.ok(!afterManual.some((a) => a.AlertType === "Input Switch Refused"), "the manual failover to a healthy secondary is not refused");
    assert.ok(change.gap <= CLEAN_SWITCH_BOUND_FRAMES, `${change.gap} frames between the primary and the secondary`);

    // The primary dies; a switch back to it is refused.
    const killedAtMs = Date.now();
    await primary.kill();
    await until(
      "(e) the primary counted as failing (alert Failover Condition Met)",
      async () => ((await alerts()).some((a) => a.AlertType === "Failover Condition Met" && (a.Message ?? "").includes("primary")) ? true : undefined),
      10_000,
    );
    console.log(`# (e) the primary counted as failing ${Date.now() - killedAtMs} ms after it died`);
    const backMsn = msnNow(equal);
    const refusedAtMs = await schedule(equal.channelId, inputSwitch("e-to-primary", "primary"));
    const refused = await until(
      "(e) alert Input Switch Refused",
      async () => (await alerts()).find((a) => a.AlertType === "Input Switch Refused"),
      10_000,
    );
    console.log(`# (e) refused ${timeMs(refused.SetTimestamp) - refusedAtMs} ms after the request: ${refused.Message}`);
    await sleep(2_000);
    const seen = equal.watch.seenBetween(refusedAtMs, Date.now());
    console.log(`# (e) DescribeChannel after the refused switch: ${JSON.stringify(seen.map((o) => [o.attachment, o.action]))}`);
    assert.deepEqual([...new Set(seen.map((o) => o.attachment))], ["secondary"], "still on the secondary");
    assert.deepEqual([...new Set(seen.map((o) => o.action))], ["e-to-secondary"], "the action that put the secondary on air is still reported");
    const afterRefusal = coloursOf(await decode(equal, backMsn + 1));
    console.log(`# (e) output after the refused switch: ${describeRuns(afterRefusal)}`);
    assert.ok(afterRefusal.length >= FPS && afterRefusal.every((c) => c === "blue"), `the output stays blue: ${describeRuns(afterRefusal)}`);
    assertContinuous(equal, fromMsn, "(e)");
  });
});
