// SCTE-35 from an RTMP_PULL source's cue points (docs/ads-and-schedule.md): a test RTMP server
// plays a stream ffmpeg encoded — blue, then red from 8 s to 12 s, then blue again — at real
// time and sends AMF0 onCuePoint messages with it: a cue-out (duration 4 s) at the first red
// picture and a cue-in at the next blue one. openlive's RTMP player pulls it; the channel's HLS
// output (adMarkers ELEMENTAL) lists #EXT-X-CUE-OUT:4.000 on a segment whose pictures are red,
// the segment before starts blue, and a #EXT-X-CUE-IN follows on a segment that ends blue.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { CreateChannelCommand, CreateInputCommand } from "@aws-sdk/client-medialive";
import { FlvTagReader, FlvTagTypes } from "../../../src/output/rtmp/flv-tag-reader.ts";
import { startChannelAndWait, stopChannelAndWait } from "../../helpers/channel-lifecycle.ts";
import { smallChannel } from "../../helpers/channel-fixtures.ts";
import { freeTcpPort } from "../../helpers/media-fixtures.ts";
import { makeOutputDir, makeTempDir, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { startRtmpPlayServer, type RtmpPlayServer } from "../../helpers/rtmp-play-server.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { assertBreakOnRed, listedBreak } from "../../helpers/picture-colours.ts";

const SEGMENT_S = 2;
const BLUE_S = 8;
const BREAK_S = 4;
const AFTER_S = 6;

/** The stream: blue, red during the break, blue; 320x180, 25 fps, an IDR every 2 s, with a tone. */
function makeFlv(file: string): void {
  const part = (colour: string, seconds: number): string[] => ["-f", "lavfi", "-i", `color=c=${colour}:s=320x180:r=25:d=${seconds}`];
  const made = spawnSync("ffmpeg", [
    "-v", "error",
    ...part("blue", BLUE_S), ...part("red", BREAK_S), ...part("blue", AFTER_S),
    "-f", "lavfi", "-i", `sine=frequency=440:sample_rate=48000:duration=${BLUE_S + BREAK_S + AFTER_S}`,
    "-filter_complex", "[0][1][2]concat=n=3:v=1:a=0[v]", "-map", "[v]", "-map", "3:a",
    "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0", "-c:a", "aac", "-f", "flv", file,
  ]);
  assert.equal(made.status, 0, String(made.stderr));
}

describe("SCTE-35 from an RTMP_PULL source's cue points", { timeout: 120_000 }, () => {
  let openlive: OpenliveProcess | undefined;
  let server: RtmpPlayServer | undefined;
  after(async () => {
    await openlive?.stop();
    await server?.close();
  });

  it("onCuePoint cue-out/cue-in of the pulled stream become the output's ad markers on the cued pictures", async () => {
    const work = makeTempDir("openlive-rtmp-cues-");
    const flvFile = path.join(work, "live.flv");
    makeFlv(flvFile);
    const flv = readFileSync(flvFile);
    // The pictures' times as the file has them (the FLV muxer moves the stream by the AAC priming).
    const pictureMs = new FlvTagReader().push(flv).tags.flatMap((tag) => (tag.type === FlvTagTypes.VIDEO && tag.data[1] === 1 ? [tag.timestampMs] : []));
    const outMs = pictureMs.find((ms) => ms >= BLUE_S * 1000)!;
    const inMs = pictureMs.find((ms) => ms >= (BLUE_S + BREAK_S) * 1000)!;
    const port = await freeTcpPort();
    server = await startRtmpPlayServer(port, flv, [
      { beforeMs: outMs, values: ["onCuePoint", { name: "cue-out", time: outMs / 1000, type: "event", parameters: { duration: BREAK_S } }] },
      { beforeMs: inMs, values: ["onCuePoint", { name: "cue-in", time: inMs / 1000, type: "event" }] },
    ]);
    openlive = await startOpenlive({ ownPushPorts: true });
    const client = sdkClient(openlive);
    const input = (await client.send(new CreateInputCommand({ Name: "cued", Type: "RTMP_PULL", Sources: [{ Url: `rtmp://127.0.0.1:${port}/live/cued` }] }))).Input!;
    const outDir = makeOutputDir("openlive-rtmp-cues-out-");
    const channel = smallChannel(input.Id!, `file://${outDir}/hls/index`, { segmentLengthS: SEGMENT_S });
    channel.EncoderSettings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings.AdMarkers = ["ELEMENTAL"];
    const channelId = (await client.send(new CreateChannelCommand(channel))).Channel!.Id!;
    await startChannelAndWait(client, channelId);

    const folder = path.join(outDir, "hls");
    const playlist = await listedBreak(folder, 60_000);
    await stopChannelAndWait(client, channelId);
    assertBreakOnRed(folder, playlist, BREAK_S, SEGMENT_S);
  });
});
