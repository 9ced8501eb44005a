// Output locking (docs/outputs.md, "Output locking"): a STANDARD channel with outputLockingMode
// EPOCH_LOCKING, its two pipelines (two worker processes, two encoders) each fed by its own
// ffmpeg upstream with the same content, the second started later. Segments with the same
// media sequence number must have the same name, the same duration and first frames within one
// frame of each other, and that number must be the segment's start since the Unix epoch in
// segment lengths (the first frame's 33-bit PTS is the epoch's).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, describe, it } from "node:test";
import { CreateInputCommand } from "@aws-sdk/client-medialive";
import { createChannelId, createIsgId, startChannelAndWait } from "../../helpers/channel-lifecycle.ts";
import { colourChannel, FPS } from "../../helpers/colour-channel.ts";
import { startColourUpstream, type ColourUpstream } from "../../helpers/colour-upstream.ts";
import { makeOutputDir, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";
import { firstFramePts, ticksOffEpoch, wrapDistance } from "../../helpers/locked-segments.ts";
import { parseMediaPlaylist, type MediaPlaylistSegment } from "../../../src/output/hls/iframe-playlist.ts";

const SEGMENT_S = 1;
const FRAME_90K = 90_000 / FPS;
/** Segments compared (after each pipeline's first, which starts before its first boundary). */
const COMPARED = 4;
/** The second upstream starts this much later: the pipelines lock at different instants. */
const SECOND_UPSTREAM_DELAY_MS = 1_300;

/** Media sequence number → segment, of the playlist in `file` (none yet: empty). */
function listed(file: string): Map<number, MediaPlaylistSegment> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return new Map();
  }
  const window = parseMediaPlaylist(text);
  return new Map(window.segments.map((segment, index) => [window.mediaSequence + index, segment]));
}

describe("output locking: EPOCH_LOCKING on a STANDARD channel", { timeout: 90_000 }, () => {
  let openlive: OpenliveProcess | undefined;
  const upstreams: ColourUpstream[] = [];
  after(async () => {
    for (const upstream of upstreams) await upstream.close();
    await openlive?.stop().catch(() => {});
  });

  it("both pipelines cut the same segments: same numbers, names, durations, first frames within one frame, on the epoch", async () => {
    const startedMs = Date.now();
    openlive = await startOpenlive({ ownPushPorts: true });
    const client = sdkClient(openlive);
    const input = await client.send(new CreateInputCommand({ Name: "locking", Type: "RTP_PUSH", InputSecurityGroups: [await createIsgId(client)] }));
    const urls = input.Input!.Destinations!.map((destination) => destination.Url!);
    assert.equal(urls.length, 2, "a STANDARD RTP_PUSH input has one endpoint per pipeline");
    const work = makeOutputDir("openlive-locking-");
    const channel = colourChannel({
      name: "locking",
      channelClass: "STANDARD",
      inputAttachments: [{ InputId: input.Input!.Id!, InputAttachmentName: "main", InputSettings: { AudioSelectors: [{ Name: "default" }] } }],
      outputUrls: [`file://${work}/p0/live`, `file://${work}/p1/live`],
    });
    channel.EncoderSettings.GlobalConfiguration = { ...channel.EncoderSettings.GlobalConfiguration, OutputLockingMode: "EPOCH_LOCKING" };
    const channelId = await createChannelId(client, channel);
    upstreams.push(startColourUpstream({ url: urls[0]!, colour: "red" }));
    await startChannelAndWait(client, channelId);
    await new Promise((resolve) => setTimeout(resolve, SECOND_UPSTREAM_DELAY_MS));
    upstreams.push(startColourUpstream({ url: urls[1]!, colour: "red" }));

    const playlists = [0, 1].map((pipeline) => `${work}/p${pipeline}/live_720p.m3u8`);
    const firstMsn: (number | undefined)[] = [undefined, undefined];
    const common = await until(
      `${COMPARED} segments listed by both pipelines after their first`,
      () => {
        const windows = playlists.map(listed);
        windows.forEach((window, pipeline) => {
          const lowest = Math.min(...window.keys());
          if (window.size > 0 && firstMsn[pipeline] === undefined) firstMsn[pipeline] = lowest;
        });
        if (firstMsn.some((msn) => msn === undefined)) return undefined;
        const after = Math.max(firstMsn[0]!, firstMsn[1]!);
        const msns = [...windows[0]!.keys()].filter((msn) => msn > after && windows[1]!.has(msn));
        return msns.length >= COMPARED ? { msns: msns.slice(0, COMPARED), windows } : undefined;
      },
      40_000,
    );
    const nowSec = Date.now() / 1000;
    console.log(`# pipelines' first segments ${firstMsn.join(", ")}; compared ${common.msns.join(", ")} ${Date.now() - startedMs} ms after the start`);

    for (const msn of common.msns) {
      const [segment0, segment1] = [common.windows[0]!.get(msn)!, common.windows[1]!.get(msn)!];
      assert.equal(segment1.uri, segment0.uri, `segment ${msn} has the same name in both pipelines`);
      assert.ok(Math.abs(Number(segment0.durationText) - Number(segment1.durationText)) <= 1 / FPS + 1e-6, `segment ${msn}: durations ${segment0.durationText} and ${segment1.durationText}`);
      const [pts0, pts1] = await Promise.all([firstFramePts(`${work}/p0/${segment0.uri}`), firstFramePts(`${work}/p1/${segment1.uri}`)]);
      const apart = wrapDistance(pts0, pts1);
      const offEpoch = ticksOffEpoch(pts0, msn, SEGMENT_S);
      console.log(`# segment ${msn} (${segment0.uri}): first frames at PTS ${pts0} and ${pts1}, ${apart} ticks apart; ${offEpoch} ticks from ${msn} × ${SEGMENT_S} s since the epoch`);
      assert.ok(apart <= FRAME_90K, `segment ${msn}: first frames ${apart} ticks apart, at most one frame (${FRAME_90K})`);
      assert.ok(offEpoch <= FRAME_90K, `segment ${msn}: its first frame is ${offEpoch} ticks from its epoch boundary, at most one frame (${FRAME_90K})`);
    }
    // The number is the segment's start in segment lengths since the epoch: near now, not counted from 1.
    const newest = common.msns.at(-1)! * SEGMENT_S;
    assert.ok(newest <= nowSec && newest > nowSec - 30, `segment ${common.msns.at(-1)} starts ${newest} s after the epoch, now is ${nowSec.toFixed(1)}`);
  });
});
