// Automatic input failover end to end (docs/failover.md): a SINGLE_PIPELINE channel on two
// RTP_PUSH inputs, "primary" (a red upstream) carrying automaticInputFailoverSettings and
// "secondary" (a blue upstream). The HLS output is decoded frame by frame and reduced to
// colours (test/helpers/colour-frames.ts), so each case sees which input was on air, and
// how many fill frames (input-loss image: green) lay between the two:
//   (a) input loss 500 ms → secondary; the gap is bounded by the threshold
//   (b) PRIMARY_INPUT_PREFERRED: back on the primary once it is clean for errorClearTimeMsec
//   (f) the secondary dies too → fill and "Video Not Detected"; it comes back → on air
//   (g) hls.js in Chromium plays through a return and a failover without an error
//   (c) EQUAL_INPUT_PREFERENCE: stays on the secondary when the primary is back
//   (d) video black 1000 ms → secondary;  (e) audio silence 1000 ms → secondary
// The output's media sequence must continue through every switch (no encoder restart).
// The channels of (c), (d) and (e) start together when (c) begins (one start's wait instead
// of three) and stop together after (e); (d) and (e) turn their primaries black or silent
// when their case runs (test/helpers/colour-upstream.ts, commands).

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ListAlertsCommand, type ChannelAlert, type MediaLiveClient } from "@aws-sdk/client-medialive";
import { ActiveWatch } from "../../helpers/active-input-watch.ts";
import { createIsgId, startChannelAndWait, stopChannelAndWait } from "../../helpers/channel-lifecycle.ts";
import { createFailoverChannel, FPS, FRAME_MS, GREEN_FILL_COLOUR, inputLossCondition, lossGapBoundFrames, SWITCH_SLACK_MS, type FailoverPairSettings } from "../../helpers/colour-channel.ts";
import { coloursOf, describeRuns, HlsRecorder, transition, type RecordedFrame } from "../../helpers/colour-frames.ts";
import { startColourUpstream, type ColourUpstream, type ColourUpstreamOptions } from "../../helpers/colour-upstream.ts";
import { launchHlsPlayer, type HlsPlayer } from "../../helpers/hls-player.ts";
import { makeOutputDir, originUrlOf, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";

const LOSS_THRESHOLD_MS = 500;
const ERROR_CLEAR_MS = 3_000;
const BLACK_THRESHOLD_MS = 1_000;
const SILENCE_THRESHOLD_MS = 1_000;
const LOSS_GAP_BOUND_FRAMES = lossGapBoundFrames(LOSS_THRESHOLD_MS);
/** Frames allowed between two sources when both are healthy (the switcher replays the standby's buffered GOP). */
const CLEAN_SWITCH_BOUND_FRAMES = 5;
const WAIT_MS = 30_000;

/** DescribeChannel poll interval of the watches. */
const POLL_MS = 150;

/** An alert timestamp as ms: the SDK gives a Date (String() of it would drop the milliseconds), a raw answer an ISO string. */
function timeMs(value: unknown): number {
  return value instanceof Date ? value.getTime() : Date.parse(String(value));
}

interface Rig {
  readonly name: string;
  readonly channelId: string;
  readonly work: string;
  readonly primary: ColourUpstream;
  readonly secondary: ColourUpstream;
  readonly recorder: HlsRecorder;
  readonly watch: ActiveWatch;
}

/** The rigs of (c), (d) and (e), started together. */
interface LaterRigs {
  readonly equal: Promise<Rig>;
  readonly black: Promise<Rig>;
  readonly silence: Promise<Rig>;
}

describe("automatic input failover (two RTP_PUSH inputs, SINGLE_PIPELINE)", { timeout: 300_000 }, () => {
  let openlive: OpenliveProcess;
  let client: MediaLiveClient;
  let isgId: string;
  let player: HlsPlayer | undefined;
  const rigs: Rig[] = [];
  /** The rig of cases a, b, f, g (input loss, PRIMARY_INPUT_PREFERRED). */
  let main: Rig;
  let later: LaterRigs | undefined;

  before(async () => {
    openlive = await startOpenlive({ ownPushPorts: true });
    client = sdkClient(openlive);
    isgId = await createIsgId(client);
  });

  after(async () => {
    for (const rig of rigs) {
      rig.watch.close();
      rig.recorder.close();
      await rig.primary.close();
      await rig.secondary.close();
    }
    await player?.close();
    await openlive?.stop();
  });

  /** Creates the inputs and channel, starts the upstreams and the channel, and waits for red on air from the primary. */
  async function startRig(name: string, failover: Omit<FailoverPairSettings, "ErrorClearTimeMsec">, upstreams: { primary?: Partial<ColourUpstreamOptions>; secondary?: Partial<ColourUpstreamOptions> } = {}): Promise<Rig> {
    const work = makeOutputDir(`openlive-failover-${name}-`);
    const { channelId, ...inputs } = await createFailoverChannel(client, {
      name,
      isgId,
      failover: { ErrorClearTimeMsec: ERROR_CLEAR_MS, ...failover },
      outputUrls: [`file://${work}/live`],
      fillColour: GREEN_FILL_COLOUR,
    });
    const primary = startColourUpstream({ colour: "red", frequencyHz: 440, ...upstreams.primary, url: inputs.primary.urls[0]! });
    const secondary = startColourUpstream({ colour: "blue", frequencyHz: 660, ...upstreams.secondary, url: inputs.secondary.urls[0]! });
    const recorder = new HlsRecorder(`${work}/live_720p.m3u8`);
    const watch = new ActiveWatch(client, channelId, { pollMs: POLL_MS });
    const rig: Rig = { name, channelId, work, primary, secondary, recorder, watch };
    rigs.push(rig);
    await startChannelAndWait(client, channelId);
    await watch.waitFor("primary", { sinceMs: Date.now(), timeoutMs: WAIT_MS });
    await rig.recorder.waitForSteady("red");
    console.log(`# ${name}: on air from the primary ${Date.now() - primary.startedAtMs} ms after the upstreams started`);
    return rig;
  }

  /**
   * Starts the rigs of (c), (d) and (e) together, once (the first of those cases calls it):
   * nothing of one reaches another but the load. The primaries of (d) and (e) take commands,
   * so each turns black or silent only when its case says so, however long the starts took.
   */
  function laterRigs(): LaterRigs {
    if (later) return later;
    const lossCondition = inputLossCondition(LOSS_THRESHOLD_MS);
    later = {
      equal: startRig("loss-equal", { InputPreference: "EQUAL_INPUT_PREFERENCE", FailoverConditions: [lossCondition] }),
      black: startRig(
        "black",
        {
          InputPreference: "PRIMARY_INPUT_PREFERRED",
          FailoverConditions: [lossCondition, { FailoverConditionSettings: { VideoBlackSettings: { BlackDetectThreshold: 0.1, VideoBlackThresholdMsec: BLACK_THRESHOLD_MS } } }],
        },
        { primary: { commands: true } },
      ),
      silence: startRig(
        "silence",
        {
          InputPreference: "PRIMARY_INPUT_PREFERRED",
          FailoverConditions: [
            lossCondition,
            // "default" is an audio selector of both attachments' InputSettings (validation requires it).
            { FailoverConditionSettings: { AudioSilenceSettings: { AudioSelectorName: "default", AudioSilenceThresholdMsec: SILENCE_THRESHOLD_MS } } },
          ],
        },
        { primary: { commands: true } },
      ),
    };
    // Each case awaits its own rig; a start that fails before then must not count as unhandled.
    for (const rig of Object.values(later)) rig.catch(() => undefined);
    return later;
  }

  async function stopRig(rig: Rig): Promise<void> {
    await stopChannelAndWait(client, rig.channelId);
    rig.watch.close();
    rig.recorder.close();
    await rig.primary.close();
    await rig.secondary.close();
  }


  /**
   * Waits until the output (segments from `fromMsn` on) changes from `from` to `to` and then
   * shows `to` for at least `holdFrames`; returns the decoded frames and the change.
   */
  async function waitForChange(rig: Rig, fromMsn: number, from: string, to: string, holdFrames = FPS, timeoutMs = WAIT_MS): Promise<{ frames: RecordedFrame[]; change: NonNullable<ReturnType<typeof transition>> }> {
    return until(
      `${rig.name}: the output going ${from} → ${to} (from msn ${fromMsn})`,
      async () => {
        const frames = await rig.recorder.decode({ fromMsn });
        const colours = coloursOf(frames);
        const change = transition(colours, from, to);
        if (!change) return undefined;
        const after = colours.slice(change.firstTo);
        const firstOther = after.findIndex((c) => c !== to);
        return (firstOther === -1 ? after.length : firstOther) >= holdFrames ? { frames, change } : undefined;
      },
      timeoutMs,
    );
  }

  /**
   * The msn of the newest segment listed now: it holds output from before now, so decoding
   * from it covers whatever happens next, and a discontinuity after it is one of the test's.
   */
  function msnNow(rig: Rig): number {
    rig.recorder.poll();
    return rig.recorder.highestMsn ?? 0;
  }

  async function alerts(rig: Rig, state: "SET" | "ALL" = "SET"): Promise<ChannelAlert[]> {
    return (await client.send(new ListAlertsCommand({ ChannelId: rig.channelId, StateFilter: state }))).Alerts ?? [];
  }

  function assertContinuous(rig: Rig, fromMsn: number): void {
    rig.recorder.poll();
    assert.deepEqual(rig.recorder.problems, [], `${rig.name}: the output's media sequence continues`);
    assert.deepEqual(rig.recorder.discontinuityMsns(fromMsn + 1), [], `${rig.name}: no discontinuity (the encoder never restarted) after msn ${fromMsn}`);
  }

  it("(a) input loss: the primary dies → secondary within the 500 ms threshold; the fill gap is bounded", async () => {
    main = await startRig("loss-preferred", {
      InputPreference: "PRIMARY_INPUT_PREFERRED",
      FailoverConditions: [inputLossCondition(LOSS_THRESHOLD_MS)],
    });
    const fromMsn = msnNow(main);
    const killedAtMs = Date.now();
    await main.primary.kill();
    const switchedAtMs = await main.watch.waitFor("secondary", { sinceMs: killedAtMs, timeoutMs: 10_000 });
    console.log(`# (a) the API reports the secondary ${switchedAtMs - killedAtMs} ms after the kill`);
    const { frames, change } = await waitForChange(main, fromMsn, "red", "blue");
    console.log(`# (a) output around the failover: ${describeRuns(coloursOf(frames))}`);
    // The buffered-GOP replay can hide the loss in the output (gap 0 whatever the threshold),
    // so the threshold itself is checked on the switch time: the last frame arrived up to a
    // frame before the kill, and the API is polled every 150 ms.
    const apiMs = switchedAtMs - killedAtMs;
    assert.ok(apiMs >= LOSS_THRESHOLD_MS - 100, `switched ${apiMs} ms after the kill: not before the ${LOSS_THRESHOLD_MS} ms threshold`);
    assert.ok(apiMs <= LOSS_THRESHOLD_MS + 600, `switched ${apiMs} ms after the kill: soon after the ${LOSS_THRESHOLD_MS} ms threshold`);
    console.log(`# (a) ${change.gap} frames between the last primary and the first secondary frame (bound ${LOSS_GAP_BOUND_FRAMES} = (${LOSS_THRESHOLD_MS} ms + 2 frames + ${SWITCH_SLACK_MS} ms) / ${FRAME_MS} ms)`);
    assert.ok(change.gap <= LOSS_GAP_BOUND_FRAMES, `${change.gap} fill frames between red and blue; at most ${LOSS_GAP_BOUND_FRAMES} (fill: ${JSON.stringify(change.fill)})`);
    assert.ok(change.fill.every((run) => run.colour === "green" || run.colour === "red" || run.colour === "other"), `only fill between the sources: ${JSON.stringify(change.fill)}`);
    assert.equal(main.watch.current?.attachment, "secondary");
    const set = await until("an alert naming the primary", async () => {
      const list = await alerts(main);
      return list.some((a) => (a.Message ?? "").includes("primary")) ? list : undefined;
    }, 10_000);
    console.log(`# (a) SET alerts: ${JSON.stringify(set.map((a) => [a.AlertType, a.Message]))}`);
    assertContinuous(main, fromMsn);
  });

  it("(b) PRIMARY_INPUT_PREFERRED: the primary comes back → on air again after errorClearTimeMsec, not before", async () => {
    const fromMsn = msnNow(main);
    const backAtMs = Date.now();
    await main.primary.restart();
    const returnedAtMs = await main.watch.waitFor("primary", { sinceMs: backAtMs, timeoutMs: ERROR_CLEAR_MS + 10_000 });
    const afterMs = returnedAtMs - backAtMs;
    console.log(`# (b) back on the primary ${afterMs} ms after it restarted (errorClearTimeMsec ${ERROR_CLEAR_MS})`);
    assert.ok(afterMs >= ERROR_CLEAR_MS, `returned after ${afterMs} ms: not before the primary was clean for ${ERROR_CLEAR_MS} ms`);
    assert.ok(afterMs <= ERROR_CLEAR_MS + 3_000, `returned after ${afterMs} ms: within ${ERROR_CLEAR_MS + 3_000} ms`);
    assert.deepEqual(main.watch.attachmentsBetween(backAtMs, returnedAtMs - 1), ["secondary"], "on the secondary until the return");
    const { frames, change } = await waitForChange(main, fromMsn, "blue", "red");
    console.log(`# (b) output around the return: ${describeRuns(coloursOf(frames))}; ${change.gap} frames between`);
    assert.ok(change.gap <= CLEAN_SWITCH_BOUND_FRAMES, `${change.gap} frames between blue and red; both inputs are healthy (at most ${CLEAN_SWITCH_BOUND_FRAMES})`);
    assertContinuous(main, fromMsn);
  });

  it("(f) the secondary dies while on air with the primary dead → fill and Video Not Detected; it comes back → on air", async () => {
    let fromMsn = msnNow(main);
    const primaryKilledAtMs = Date.now();
    await main.primary.kill();
    await main.watch.waitFor("secondary", { sinceMs: primaryKilledAtMs, timeoutMs: 10_000 });
    await waitForChange(main, fromMsn, "red", "blue");
    fromMsn = msnNow(main);
    const secondaryKilledAtMs = Date.now();
    await main.secondary.kill();
    const set = await until("Video Not Detected", async () => {
      const list = await alerts(main);
      return list.find((a) => a.AlertType === "Video Not Detected" && a.PipelineId === "0");
    }, 10_000);
    console.log(`# (f) ${secondaryKilledAtMs - primaryKilledAtMs} ms after the primary, the secondary died too: ${set.AlertType}: ${set.Message}`);
    const fill = await waitForChange(main, fromMsn, "blue", "green", 2 * FPS);
    console.log(`# (f) output while both are dead: ${describeRuns(coloursOf(fill.frames))}`);
    assert.ok(fill.change.gap <= LOSS_GAP_BOUND_FRAMES, `fill begins within the loss threshold (${fill.change.gap} frames)`);
    assert.equal(main.watch.current?.attachment, "secondary", "with both inputs failing the channel stays where it is");

    fromMsn = msnNow(main);
    const backAtMs = Date.now();
    await main.secondary.restart();
    const back = await waitForChange(main, fromMsn, "green", "blue");
    console.log(`# (f) the secondary is back: ${describeRuns(coloursOf(back.frames))}`);
    assert.equal(main.watch.current?.attachment, "secondary");
    let seen: ChannelAlert[] = [];
    await until("Video Not Detected cleared after the secondary came back", async () => {
      seen = await alerts(main, "ALL");
      return seen.some((a) => a.AlertType === "Video Not Detected" && a.State === "CLEARED" && timeMs(a.ClearedTimestamp) >= backAtMs) ? true : undefined;
    }, 15_000).catch((error: Error) => {
      throw new Error(`${error.message}; alerts: ${JSON.stringify(seen.map((a) => [a.AlertType, a.State, a.Message, a.SetTimestamp, a.ClearedTimestamp]))} (back at ${new Date(backAtMs).toISOString()})`);
    });
    assertContinuous(main, fromMsn);
  });

  it("(g) hls.js in Chromium plays through a return to the primary and a failover without an error", async () => {
    player = await launchHlsPlayer();
    const fromMsn = msnNow(main);
    const startedAtMs = Date.now();
    // On the secondary with the primary dead (after f): the primary comes back (a return after
    // errorClearTimeMsec), then dies again (a failover), both while the page plays.
    const actions = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      await main.primary.restart();
      await main.watch.waitFor("primary", { sinceMs: Date.now(), timeoutMs: ERROR_CLEAR_MS + 10_000 });
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await main.primary.kill();
      return main.watch.waitFor("secondary", { sinceMs: Date.now(), timeoutMs: 10_000 });
    })();
    // The player stops once 15 s have played and, after the failover, the live latency's
    // seconds more (3 one-second segments and one spare), so the viewer played through both
    // switches however long the machine made them take (30 s stays the limit).
    const report = await player.play(originUrlOf(openlive, main.work, "live.m3u8"), { watchMs: 30_000, untilPlayedSeconds: 15, notBefore: { settled: actions, thenPlayedSeconds: 4 } });
    const playEndedAtMs = Date.now();
    const failedOverAtMs = await actions;
    const endedAtMs = Date.now();
    // 4 s of media after the failover take at least 4 s to play (hls.js plays live at 1×).
    assert.ok(playEndedAtMs - failedOverAtMs >= 3_500, `hls.js played on after the failover (it stopped ${playEndedAtMs - failedOverAtMs} ms after it)`);
    console.log(`# (g) ${JSON.stringify({ played: report.playedSeconds, stalls: report.stalls, fatal: report.fatalErrors, nonFatal: report.nonFatalErrors, startupMs: report.startupMs })}`);
    console.log(`# (g) active inputs while playing: ${JSON.stringify(main.watch.attachmentsBetween(startedAtMs, endedAtMs))}; the failover ${failedOverAtMs - startedAtMs} ms after the page began, its playing stopped ${playEndedAtMs - failedOverAtMs} ms after the failover`);
    assert.deepEqual(report.fatalErrors, [], JSON.stringify(report));
    // hls.js jumps the gap before the first fragment of a live stream ("bufferSeekOverHole …
    // seeking from 0 to N"): that is its start, not a switch. A hole at a switch seeks from later on.
    const startupSeek = /bufferSeekOverHole .*seeking from 0 to /;
    assert.deepEqual(
      report.nonFatalErrors.filter((e) => (e.startsWith("mediaError") || e.includes("fragParsingError") || e.includes("bufferAppendError")) && !startupSeek.test(e)),
      [],
      "no media errors at the switches",
    );
    assert.ok(report.started && report.playedSeconds >= 15, `played ${report.playedSeconds} s (at least 15 s, and 4 s after the failover, within 30 s)`);
    assert.equal(report.videoWidth, 320);
    assert.deepEqual(main.watch.attachmentsBetween(startedAtMs, endedAtMs), ["secondary", "primary", "secondary"]);
    assertContinuous(main, fromMsn);
    await stopRig(main);
  });

  it("(c) EQUAL_INPUT_PREFERENCE: the primary comes back → the channel stays on the secondary", async () => {
    const rig = await laterRigs().equal;
    const fromMsn = msnNow(rig);
    const killedAtMs = Date.now();
    await rig.primary.kill();
    await rig.watch.waitFor("secondary", { sinceMs: killedAtMs, timeoutMs: 10_000 });
    await waitForChange(rig, fromMsn, "red", "blue");
    const backAtMs = Date.now();
    const backMsn = msnNow(rig);
    await rig.primary.restart();
    const holdMs = ERROR_CLEAR_MS + 4_000;
    await new Promise((resolve) => setTimeout(resolve, holdMs));
    assert.deepEqual(rig.watch.attachmentsBetween(backAtMs, Date.now()), ["secondary"], `still on the secondary ${holdMs} ms after the primary came back`);
    // Segments after the one listed when the primary came back hold only output from after the failover.
    const afterBack = await rig.recorder.decode({ fromMsn: backMsn + 1 });
    console.log(`# (c) output after the primary came back: ${describeRuns(coloursOf(afterBack))}`);
    assert.ok(afterBack.length >= (holdMs / FRAME_MS) * 0.5 && coloursOf(afterBack).every((c) => c === "blue"), `the output stays blue: ${describeRuns(coloursOf(afterBack))}`);
    assertContinuous(rig, fromMsn);
  });

  it("(d) video black for 1000 ms: the primary turns black mid-stream → secondary", async () => {
    const rig = await laterRigs().black;
    const fromMsn = msnNow(rig);
    assert.equal(rig.watch.current?.attachment, "primary", "on air from the primary before it turns black");
    const blackAtMs = rig.primary.turnBlack();
    const switchedAtMs = await rig.watch.waitFor("secondary", { sinceMs: blackAtMs, timeoutMs: BLACK_THRESHOLD_MS + 10_000 });
    console.log(`# (d) the API reports the secondary ${switchedAtMs - blackAtMs} ms after the primary turned black (threshold ${BLACK_THRESHOLD_MS} ms)`);
    const { frames, change } = await waitForChange(rig, fromMsn, "red", "blue");
    const between = describeRuns(coloursOf(frames).slice(change.lastFrom + 1, change.firstTo));
    console.log(`# (d) output: ${describeRuns(coloursOf(frames))}`);
    assert.ok(switchedAtMs - blackAtMs >= BLACK_THRESHOLD_MS - SWITCH_SLACK_MS, `no switch before ${BLACK_THRESHOLD_MS} ms of black (${switchedAtMs - blackAtMs} ms)`);
    assert.ok(switchedAtMs - blackAtMs <= BLACK_THRESHOLD_MS + 3_000, `switched ${switchedAtMs - blackAtMs} ms after black began`);
    const blackFrames = change.fill.filter((r) => r.colour === "black").reduce((sum, r) => sum + r.count, 0);
    assert.ok(blackFrames >= Math.floor((BLACK_THRESHOLD_MS - SWITCH_SLACK_MS) / FRAME_MS), `the primary's black was on air for the threshold first (${blackFrames} black frames; between: ${between})`);
    assert.ok(blackFrames <= (BLACK_THRESHOLD_MS + 3_000) / FRAME_MS, `${blackFrames} black frames before the secondary`);
    assert.ok(!change.fill.some((r) => r.colour === "green"), `no input-loss fill: the primary never stopped (${between})`);
    const set = await alerts(rig);
    console.log(`# (d) SET alerts: ${JSON.stringify(set.map((a) => [a.AlertType, a.Message]))}`);
    assert.ok(set.some((a) => (a.Message ?? "").includes("primary")), "an alert about the primary is set while on the secondary");
    assertContinuous(rig, fromMsn);
  });

  it("(e) audio silence for 1000 ms on the selector: the primary goes silent → secondary", async () => {
    const rig = await laterRigs().silence;
    const fromMsn = msnNow(rig);
    assert.equal(rig.watch.current?.attachment, "primary", "on air from the primary before it goes silent");
    const silentAtMs = rig.primary.goSilent();
    const switchedAtMs = await rig.watch.waitFor("secondary", { sinceMs: silentAtMs, timeoutMs: SILENCE_THRESHOLD_MS + 10_000 });
    console.log(`# (e) the API reports the secondary ${switchedAtMs - silentAtMs} ms after the primary went silent (threshold ${SILENCE_THRESHOLD_MS} ms)`);
    const { frames, change } = await waitForChange(rig, fromMsn, "red", "blue");
    console.log(`# (e) output: ${describeRuns(coloursOf(frames))}`);
    assert.ok(switchedAtMs - silentAtMs >= SILENCE_THRESHOLD_MS - SWITCH_SLACK_MS, `no switch before ${SILENCE_THRESHOLD_MS} ms of silence (${switchedAtMs - silentAtMs} ms)`);
    assert.ok(switchedAtMs - silentAtMs <= SILENCE_THRESHOLD_MS + 3_000, `switched ${switchedAtMs - silentAtMs} ms after the silence began`);
    assert.ok(change.gap <= CLEAN_SWITCH_BOUND_FRAMES, `${change.gap} frames between red and blue; the primary's picture never stopped`);
    assert.ok(!change.fill.some((r) => r.colour === "green"), `no input-loss fill: the primary's picture never stopped (${JSON.stringify(change.fill)})`);
    assert.equal(rig.watch.current?.attachment, "secondary");
    assertContinuous(rig, fromMsn);
    const { equal, black, silence } = laterRigs();
    await Promise.all((await Promise.all([equal, black, silence])).map(stopRig));
  });
});
