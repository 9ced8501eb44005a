// HLS with fMP4 segments and a trick-play image track on a real channel: an RTP push feeds a
// channel whose HLS group has one fMP4 variant (fmp4HlsSettings) and one frame capture output
// (frameCaptureHlsSettings, a 160x90 JPEG description) to a file:// folder. The variant's
// playlist names its initialization segment with EXT-X-MAP and lists `.mp4` segments that
// ffprobe decodes once the init segment is put in front; the master playlist's CODECS match
// what the init segment holds and it names the image playlist with EXT-X-IMAGE-STREAM-INF; the
// image playlist lists JPEGs of the described size, one per segment; and hls.js in Chromium
// plays the channel from openlive's origin.

import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { CreateInputCommand, type MediaLiveClient } from "@aws-sdk/client-medialive";
import { smallChannel } from "../../helpers/channel-fixtures.ts";
import { createChannelId, createIsgId, startChannelAndWait } from "../../helpers/channel-lifecycle.ts";
import { launchHlsPlayer, type HlsPlayer } from "../../helpers/hls-player.ts";
import { spawnLiveEncoder } from "../../helpers/media-fixtures.ts";
import { makeOutputDir, originUrlOf, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { probeFile } from "../../helpers/probe-files.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";

const SEGMENT_S = 1;
/** The source's frame rate (spawnLiveEncoder). */
const SOURCE_FPS = 25;
const SEGMENT = /^live_720p_\d{5}\.mp4$/;
const IMAGE = /^live_trick_\d{5}\.jpg$/;



const listed = (playlist: string, pattern: RegExp): string[] => playlist.split("\n").filter((line) => pattern.test(line));

describe("HLS with fMP4 segments and a trick-play image track", { timeout: 150_000 }, () => {
  let openlive: OpenliveProcess;
  let client: MediaLiveClient;
  let player: HlsPlayer;
  let upstream: ChildProcess | undefined;
  let work: string;
  let variant = "";

  before(async () => {
    openlive = await startOpenlive({ ownPushPorts: true });
    client = sdkClient(openlive);
    player = await launchHlsPlayer();
    const input = await client.send(new CreateInputCommand({ Name: "fmp4-source", Type: "RTP_PUSH", InputSecurityGroups: [await createIsgId(client)] }));
    work = makeOutputDir("openlive-fmp4-");
    const channel = smallChannel(input.Input!.Id!, `file://${work}/live`, { segmentLengthS: SEGMENT_S });
    const encoder = channel.EncoderSettings;
    encoder.VideoDescriptions.push({ Name: "trick", Width: 160, Height: 90, CodecSettings: { FrameCaptureSettings: {} } });
    const group = encoder.OutputGroups[0];
    group.Outputs[0].OutputSettings.HlsOutputSettings.HlsSettings = { Fmp4HlsSettings: {} };
    group.Outputs.push({ OutputName: "trick", VideoDescriptionName: "trick", OutputSettings: { HlsOutputSettings: { NameModifier: "_trick", HlsSettings: { FrameCaptureHlsSettings: {} } } } });
    const channelId = await createChannelId(client, channel);
    upstream = spawnLiveEncoder(["-f", "rtp_mpegts", input.Input!.Destinations![0]!.Url!]);
    await startChannelAndWait(client, channelId);
    variant = await until("3 fMP4 segments listed", () => {
      const text = (() => {
        try {
          return readFileSync(`${work}/live_720p.m3u8`, "utf8");
        } catch {
          return "";
        }
      })();
      return listed(text, SEGMENT).length >= 3 ? text : undefined;
    }, 60_000);
  });

  after(async () => {
    upstream?.kill("SIGKILL");
    await player?.close();
    await openlive?.stop();
  });

  it("lists .mp4 segments after an EXT-X-MAP naming the init segment, and init + segment decode", () => {
    assert.match(variant, /^#EXT-X-VERSION:7$/m);
    assert.match(variant, /^#EXT-X-MAP:URI="live_720p_init\.mp4"$/m);
    const segments = listed(variant, SEGMENT);
    const joined = path.join(work, "joined.mp4");
    writeFileSync(joined, Buffer.concat([readFileSync(`${work}/live_720p_init.mp4`), readFileSync(`${work}/${segments[1]}`)]));
    const streams = probeFile(joined, { countFrames: true }).streams;
    assert.deepEqual(streams.map((s) => s.codec_name), ["h264", "aac"]);
    assert.deepEqual([streams[0]!.width, streams[0]!.height], [320, 180]);
    const frames = Number(streams[0]!.nb_read_frames);
    // About one segment's worth of pictures (half to one and a half of a segment at the source's frame rate).
    assert.ok(frames >= 0.5 * SEGMENT_S * SOURCE_FPS && frames <= 1.5 * SEGMENT_S * SOURCE_FPS, `${frames} pictures decoded from one ${SEGMENT_S} s segment`);
  });

  it("writes a master playlist whose CODECS are the init segment's, and names the image playlist by EXT-X-IMAGE-STREAM-INF", () => {
    const master = readFileSync(`${work}/live.m3u8`, "utf8");
    // RFC 6381 §3.3: avc1.PPCCLL from the init segment's AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1): profile, compatibility, level.
    const init = readFileSync(`${work}/live_720p_init.mp4`);
    const avcC = init.indexOf("avcC");
    assert.ok(avcC > 0, "the init segment carries an avcC box");
    const expected = `avc1.${init.subarray(avcC + 5, avcC + 8).toString("hex")}`;
    const codecs = /#EXT-X-STREAM-INF:[^\n]*CODECS="([^"]+)"/.exec(master)?.[1];
    assert.ok(codecs, master);
    const [avc, aac] = codecs.split(",");
    assert.equal(avc, expected, `CODECS ${codecs}; the init segment holds ${expected}`);
    assert.equal(aac, "mp4a.40.2");
    assert.match(master, /^#EXT-X-IMAGE-STREAM-INF:BANDWIDTH=\d+,RESOLUTION=160x90,CODECS="jpeg",URI="live_trick\.m3u8"$/m);
  });

  it("lists a JPEG of the described size per segment in the image playlist", async () => {
    const images = await until("3 images listed", () => {
      const text = (() => {
        try {
          return readFileSync(`${work}/live_trick.m3u8`, "utf8");
        } catch {
          return "";
        }
      })();
      return listed(text, IMAGE).length >= 3 ? text : undefined;
    }, 30_000);
    assert.match(images, /^#EXT-X-IMAGES-ONLY$/m);
    assert.match(images, new RegExp(`^#EXT-X-TILES:RESOLUTION=160x90,LAYOUT=1x1,DURATION=${SEGMENT_S}\\.000$`, "m"));
    const names = listed(images, IMAGE);
    const numbers = names.map((name) => Number(/(\d{5})\.jpg$/.exec(name)![1]));
    assert.deepEqual(numbers, numbers.map((_, i) => numbers[0]! + i), "consecutive image numbers");
    for (const name of names.slice(0, 2)) {
      assert.deepEqual(probeFile(`${work}/${name}`, { countFrames: true }).streams.map((s) => [s.codec_name, s.width, s.height]), [["mjpeg", 160, 90]]);
    }
    // BANDWIDTH is a peak: no image needs more bits per segment than the master playlist says.
    const bandwidth = Number(/#EXT-X-IMAGE-STREAM-INF:BANDWIDTH=(\d+)/.exec(readFileSync(`${work}/live.m3u8`, "utf8"))?.[1]);
    const peakBps = Math.max(...names.map((name) => (statSync(`${work}/${name}`).size * 8) / SEGMENT_S));
    console.log(`trick-play images: peak ${Math.round(peakBps)} b/s, BANDWIDTH ${bandwidth}`);
    assert.ok(peakBps <= bandwidth, `an image of ${Math.round(peakBps)} b/s over BANDWIDTH ${bandwidth}`);
  });

  it("plays in Chromium with hls.js from openlive's origin", async () => {
    const report = await player.play(originUrlOf(openlive, work, "live.m3u8"), { watchMs: 6_000, untilPlayedSeconds: 4 });
    assert.deepEqual(report.fatalErrors, [], JSON.stringify(report));
    assert.ok(report.playedSeconds >= 3, `played ${report.playedSeconds} s: ${JSON.stringify(report)}`);
    assert.deepEqual([report.videoWidth, report.videoHeight], [320, 180]);
    // The one level is the fMP4 variant (hls.js skips the image stream).
    assert.deepEqual(report.levels.map((level) => path.posix.basename(new URL(level.url).pathname)), ["live_720p.m3u8"]);
  });
});
