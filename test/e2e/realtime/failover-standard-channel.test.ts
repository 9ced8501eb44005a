// Automatic input failover on a STANDARD channel (docs/failover.md): two
// STANDARD RTP_PUSH inputs, "primary" and "secondary", each with one endpoint per pipeline,
// in an EQUAL_INPUT_PREFERENCE pair with a 500 ms input-loss condition. Four upstreams:
//
//   pipeline 0: primary red,    secondary blue      (Input.Destinations[0] of each input)
//   pipeline 1: primary yellow, secondary magenta   (Input.Destinations[1] of each input)
//
// Only pipeline 0's primary upstream is killed. Each pipeline runs its own failover, so
// DescribeChannel must show pipeline "0" on the secondary and pipeline "1" still on the
// primary (held for a few seconds), pipeline 0's decoded output must go red → blue, and
// pipeline 1's must stay yellow with a continuing media sequence. Distinct colours per
// pipeline also show that each pipeline reads its own endpoints.

import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { DescribeChannelCommand, ListAlertsCommand, type MediaLiveClient } from "@aws-sdk/client-medialive";
import { ActiveWatch } from "../../helpers/active-input-watch.ts";
import { createIsgId, startChannelAndWait, stopChannelAndWait } from "../../helpers/channel-lifecycle.ts";
import { createFailoverChannel, FPS, FRAME_MS, GREEN_FILL_COLOUR, inputLossCondition, lossGapBoundFrames, WIDE_PALETTE } from "../../helpers/colour-channel.ts";
import { coloursOf, describeRuns, HlsRecorder, transition, type RecordedFrame } from "../../helpers/colour-frames.ts";
import { startColourUpstream, type ColourUpstream } from "../../helpers/colour-upstream.ts";
import { makeOutputDir, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";

const LOSS_THRESHOLD_MS = 500;
/** Fill frames allowed between the last red and the first blue frame. */
const LOSS_GAP_BOUND_FRAMES = lossGapBoundFrames(LOSS_THRESHOLD_MS);
/** How long pipeline 1 must stay on its primary after pipeline 0 failed over. */
const HOLD_MS = 5_000;
/** DescribeChannel poll interval. */
const POLL_MS = 150;
const WAIT_MS = 30_000;

type PipelineId = "0" | "1";

interface PipelineRig {
  readonly id: PipelineId;
  readonly primaryColour: string;
  readonly secondaryColour: string;
  readonly primary: ColourUpstream;
  readonly secondary: ColourUpstream;
  readonly recorder: HlsRecorder;
}

/** Decodes a pipeline's recorded output with the palette that knows pipeline 1's yellow and magenta. */
function decode(rig: PipelineRig, range: { fromMsn?: number; toMsn?: number }): Promise<RecordedFrame[]> {
  return rig.recorder.decode(range, { palette: WIDE_PALETTE });
}

/** The msn of the newest segment listed now: decoding from it covers whatever happens next. */
function msnNow(rig: PipelineRig): number {
  rig.recorder.poll();
  return rig.recorder.highestMsn ?? 0;
}

/** Waits until the newest three segments carry no discontinuity and decode to `colour` only (at least two segments of frames). */
async function waitForSteady(rig: PipelineRig, colour: string): Promise<void> {
  let last = "nothing decoded";
  await until(
    `pipeline ${rig.id}: three segments of steady ${colour}`,
    async () => {
      rig.recorder.poll();
      const newest = rig.recorder.segments().slice(-3);
      if (newest.length < 3 || newest.some((s) => s.discontinuity)) return undefined;
      const colours = coloursOf(await decode(rig, { fromMsn: newest[0]!.msn }));
      last = describeRuns(colours);
      return colours.length >= 2 * FPS && colours.every((c) => c === colour) ? true : undefined;
    },
    WAIT_MS,
  ).catch((error: Error) => {
    throw new Error(`${error.message} (last: ${last})`);
  });
}

function assertContinuous(rig: PipelineRig, fromMsn: number): void {
  rig.recorder.poll();
  assert.deepEqual(rig.recorder.problems, [], `pipeline ${rig.id}: the output's media sequence continues`);
  assert.deepEqual(rig.recorder.discontinuityMsns(fromMsn + 1), [], `pipeline ${rig.id}: no discontinuity (the encoder never restarted) after msn ${fromMsn}`);
}

describe("automatic input failover on a STANDARD channel (two STANDARD RTP_PUSH inputs, four upstreams)", { timeout: 180_000 }, () => {
  let openlive: OpenliveProcess;
  let client: MediaLiveClient;
  let channelId: string;
  const watches: ActiveWatch[] = [];
  let work: string | undefined;
  const rigs: PipelineRig[] = [];

  before(async () => {
    openlive = await startOpenlive({ ownPushPorts: true });
    client = sdkClient(openlive);
    work = makeOutputDir("openlive-failover-standard-");
    const created = await createFailoverChannel(client, {
      name: "failover-standard",
      channelClass: "STANDARD",
      isgId: await createIsgId(client),
      inputPrefix: "standard",
      failover: { InputPreference: "EQUAL_INPUT_PREFERENCE", FailoverConditions: [inputLossCondition(LOSS_THRESHOLD_MS)] },
      outputUrls: [`file://${work}/p0/live`, `file://${work}/p1/live`],
      fillColour: GREEN_FILL_COLOUR,
    });
    const { primary: primaryInput, secondary: secondaryInput } = created;
    for (const { urls } of [primaryInput, secondaryInput]) assert.equal(urls.length, 2, `a STANDARD RTP_PUSH input has one endpoint per pipeline: ${JSON.stringify(urls)}`);
    channelId = created.channelId;

    const colours: Record<PipelineId, [string, string]> = { "0": ["red", "blue"], "1": ["yellow", "magenta"] };
    for (const [index, id] of (["0", "1"] as const).entries()) {
      const [primaryColour, secondaryColour] = colours[id];
      rigs.push({
        id,
        primaryColour,
        secondaryColour,
        primary: startColourUpstream({ colour: primaryColour, frequencyHz: 440, url: primaryInput.urls[index]! }),
        secondary: startColourUpstream({ colour: secondaryColour, frequencyHz: 660, url: secondaryInput.urls[index]! }),
        recorder: new HlsRecorder(`${work}/p${id}/live_720p.m3u8`),
      });
    }
  });

  after(async () => {
    for (const watch of watches) watch.close();
    for (const rig of rigs) {
      rig.recorder.close();
      await rig.primary.close();
      await rig.secondary.close();
    }
    await openlive?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("pipeline 0's primary dies → pipeline 0 fails over to the secondary, pipeline 1 stays on its primary", async () => {
    const [p0, p1] = rigs as [PipelineRig, PipelineRig];
    const startedAtMs = Date.now();
    await startChannelAndWait(client, channelId);
    const described = await client.send(new DescribeChannelCommand({ ChannelId: channelId }));
    assert.equal(described.PipelinesRunningCount, 2);
    const watch0 = new ActiveWatch(client, channelId, { pipelineId: "0", pollMs: POLL_MS });
    const watch1 = new ActiveWatch(client, channelId, { pipelineId: "1", pollMs: POLL_MS });
    watches.push(watch0, watch1);
    await watch0.waitFor("primary", { sinceMs: Date.now(), timeoutMs: WAIT_MS });
    await watch1.waitFor("primary", { sinceMs: Date.now(), timeoutMs: WAIT_MS });
    await Promise.all([waitForSteady(p0, "red"), waitForSteady(p1, "yellow")]);
    console.log(`# both pipelines on air from their primaries (red, yellow) ${Date.now() - startedAtMs} ms after StartChannel`);

    const fromMsn0 = msnNow(p0);
    const fromMsn1 = msnNow(p1);
    const killedAtMs = Date.now();
    await p0.primary.kill();
    const switchedAtMs = await watch0.waitFor("secondary", { sinceMs: killedAtMs, timeoutMs: 10_000 });
    const apiMs = switchedAtMs - killedAtMs;
    console.log(`# the API reports pipeline 0 on the secondary ${apiMs} ms after the kill (threshold ${LOSS_THRESHOLD_MS} ms, polled every ${POLL_MS} ms)`);
    assert.ok(apiMs >= LOSS_THRESHOLD_MS - 100, `pipeline 0 switched ${apiMs} ms after the kill: not before the ${LOSS_THRESHOLD_MS} ms threshold`);
    assert.ok(apiMs <= LOSS_THRESHOLD_MS + 600, `pipeline 0 switched ${apiMs} ms after the kill: soon after the ${LOSS_THRESHOLD_MS} ms threshold`);

    // Hold: pipeline 1 keeps its primary, pipeline 0 keeps the secondary (EQUAL_INPUT_PREFERENCE).
    await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
    const holdEndMs = Date.now();
    console.log(`# pipeline 0 while held: ${JSON.stringify(watch0.attachmentsBetween(switchedAtMs, holdEndMs))}; pipeline 1 from the kill on: ${JSON.stringify(watch1.attachmentsBetween(killedAtMs, holdEndMs))}`);
    assert.deepEqual(watch1.attachmentsBetween(killedAtMs, holdEndMs), ["primary"], `pipeline 1 stays on its primary for the ${holdEndMs - killedAtMs} ms after the kill`);
    assert.deepEqual(watch0.attachmentsBetween(switchedAtMs, holdEndMs), ["secondary"], `pipeline 0 stays on the secondary for ${HOLD_MS} ms`);

    // Pipeline 0's output: red → blue within the loss bound, then blue only.
    const change0 = await until(
      "pipeline 0's output going red → blue and staying blue for a second",
      async () => {
        const colours = coloursOf(await decode(p0, { fromMsn: fromMsn0 }));
        const change = transition(colours, "red", "blue");
        if (!change || colours.length - change.firstTo < FPS) return undefined;
        return { colours, change };
      },
      WAIT_MS,
    );
    const { colours: colours0, change } = change0;
    console.log(`# pipeline 0 output around the failover: ${describeRuns(colours0)}`);
    console.log(`# pipeline 0: ${change.gap} frames between the last red and the first blue frame (bound ${LOSS_GAP_BOUND_FRAMES}); fill ${JSON.stringify(change.fill)}`);
    assert.ok(change.gap <= LOSS_GAP_BOUND_FRAMES, `${change.gap} frames between red and blue; at most ${LOSS_GAP_BOUND_FRAMES}`);
    assert.ok(change.fill.every((run) => run.colour === "green"), `only input-loss fill between red and blue: ${JSON.stringify(change.fill)}`);
    assert.ok(colours0.slice(0, change.lastFrom + 1).every((c) => c === "red"), `pipeline 0 was red before the failover: ${describeRuns(colours0)}`);
    assert.ok(colours0.slice(change.firstTo).every((c) => c === "blue"), `pipeline 0 is blue after the failover: ${describeRuns(colours0)}`);
    const blueFrames = colours0.length - change.firstTo;

    // Pipeline 1's output: yellow throughout, covering the kill, the failover and the hold.
    const frames1 = await decode(p1, { fromMsn: fromMsn1 });
    const colours1 = coloursOf(frames1);
    const coveredMs = colours1.length * FRAME_MS;
    console.log(`# pipeline 1 output from the segment listed at the kill on: ${describeRuns(colours1)} (${coveredMs} ms of media; ${holdEndMs - killedAtMs} ms of wall time since the kill, pipeline 0 showed ${blueFrames} blue frames)`);
    assert.ok(colours1.every((c) => c === "yellow"), `pipeline 1 stays yellow: ${describeRuns(colours1)}`);
    // Both outputs are read from segments listed before the kill on: pipeline 1 covers at least as much media as pipeline 0 does after its failover.
    assert.ok(colours1.length >= change.firstTo + blueFrames - 2 * FPS, `pipeline 1: ${colours1.length} frames vs pipeline 0's ${colours0.length}`);
    assert.ok(coveredMs >= HOLD_MS, `pipeline 1's output covers ${coveredMs} ms, at least the ${HOLD_MS} ms hold`);

    // Alerts: the failover is pipeline 0's only.
    const alerts = (await client.send(new ListAlertsCommand({ ChannelId: channelId, StateFilter: "SET" }))).Alerts ?? [];
    console.log(`# SET alerts: ${JSON.stringify(alerts.map((a) => [a.PipelineId, a.AlertType, a.Message]))}`);
    assert.ok(alerts.some((a) => a.PipelineId === "0" && a.AlertType === "Input Failed Over"), "Input Failed Over is set on pipeline 0");
    assert.deepEqual(
      alerts.filter((a) => a.PipelineId === "1").map((a) => a.AlertType),
      [],
      "no alert on pipeline 1",
    );

    assertContinuous(p0, fromMsn0);
    assertContinuous(p1, fromMsn1);
    await stopChannelAndWait(client, channelId);
  });
});
