// An ABR ladder run for real: MediaLive's console HLS template ladder (four of its CBR
// renditions, each with its own AAC description, as the console writes them), on a
// SINGLE_PIPELINE channel fed by an ffmpeg RTP upstream, 2 s segments. The pictures are the
// template's with width and height HALVED (1280x720 → 640x360, 416x236 → 208x118 …) so four
// encodes run in real time on a shared 2-core machine; everything else, bitrates, profiles,
// frame rates (29.97 and 14.985), GOPs and B-frames, is the template's. ffprobe reads each
// rendition's segments: its configured size, codec, profile and frame rate, and its video
// bitrate over whole segments within ±10 % of the configured CBR bitrate. The master
// playlist lists the four, and each description is encoded once.

import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { CreateInputCommand, type MediaLiveClient } from "@aws-sdk/client-medialive";
import { smallChannel } from "../../helpers/channel-fixtures.ts";
import { createChannelId, createIsgId, startChannelAndWait } from "../../helpers/channel-lifecycle.ts";
import { makeOutputDir, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";

const SEGMENT_S = 2;
/** Segments measured per rendition (after the first, whose rate control starts from an assumed buffer fill). */
const MEASURED_SEGMENTS = 4;
const BITRATE_TOLERANCE = 0.1;

interface Rendition {
  readonly name: string;
  /** The template's size, halved. */
  readonly width: number;
  readonly height: number;
  readonly bitrateBps: number;
  readonly profile: "BASELINE" | "MAIN" | "HIGH";
  readonly frameRate: readonly [number, number];
  readonly gopFrames: number;
  readonly bFrames: number;
  readonly audioBps: number;
}

/** Four renditions of the console template (its 720p 3.3 Mb/s, 540p, 360p and 234p), sizes halved. */
const LADDER: readonly Rendition[] = [
  { name: "_1280x720_3300k", width: 640, height: 360, bitrateBps: 3_300_000, profile: "HIGH", frameRate: [30000, 1001], gopFrames: 60, bFrames: 3, audioBps: 96_000 },
  { name: "_960x540_2000k", width: 480, height: 270, bitrateBps: 2_200_000, profile: "HIGH", frameRate: [30000, 1001], gopFrames: 60, bFrames: 3, audioBps: 96_000 },
  { name: "_640x360_800k", width: 320, height: 180, bitrateBps: 800_000, profile: "MAIN", frameRate: [30000, 1001], gopFrames: 60, bFrames: 3, audioBps: 64_000 },
  { name: "_416x234_200k", width: 208, height: 118, bitrateBps: 200_000, profile: "BASELINE", frameRate: [15000, 1001], gopFrames: 30, bFrames: 0, audioBps: 64_000 },
];

function ladderChannel(inputId: string, url: string): Record<string, any> {
  const channel = smallChannel(inputId, url, { segmentLengthS: SEGMENT_S });
  const settings = channel.EncoderSettings;
  settings.VideoDescriptions = LADDER.map((r) => ({
    Name: `video${r.name}`,
    Width: r.width,
    Height: r.height,
    ScalingBehavior: "DEFAULT",
    CodecSettings: {
      H264Settings: {
        AdaptiveQuantization: "HIGH",
        Bitrate: r.bitrateBps,
        EntropyEncoding: r.profile === "BASELINE" ? "CAVLC" : "CABAC",
        FramerateControl: "SPECIFIED",
        FramerateNumerator: r.frameRate[0],
        FramerateDenominator: r.frameRate[1],
        GopBReference: r.bFrames > 1 ? "ENABLED" : "DISABLED",
        GopClosedCadence: 1,
        GopNumBFrames: r.bFrames,
        GopSize: r.gopFrames,
        GopSizeUnits: "FRAMES",
        LookAheadRateControl: "HIGH",
        NumRefFrames: 1,
        ParControl: "INITIALIZE_FROM_SOURCE",
        Profile: r.profile,
        RateControlMode: "CBR",
        SceneChangeDetect: "ENABLED",
        SubgopLength: "FIXED",
      },
    },
  }));
  settings.AudioDescriptions = LADDER.map((r) => ({ Name: `audio${r.name}`, AudioSelectorName: "default", CodecSettings: { AacSettings: { Bitrate: r.audioBps, RawFormat: "NONE", Spec: "MPEG4" } } }));
  settings.OutputGroups[0].Outputs = LADDER.map((r) => ({
    OutputName: r.name,
    VideoDescriptionName: `video${r.name}`,
    AudioDescriptionNames: [`audio${r.name}`],
    OutputSettings: { HlsOutputSettings: { NameModifier: r.name, HlsSettings: { StandardHlsSettings: { M3u8Settings: { PmtPid: "480", VideoPid: "481", AudioPids: "492-498" } } } } },
  }));
  return channel;
}

/** The segment names and EXTINF durations of a media playlist. */
function segmentsOf(playlist: string): { name: string; durationS: number }[] {
  const lines = playlist.split("\n");
  return lines.flatMap((line, i) => (line.startsWith("#EXTINF:") ? [{ durationS: Number.parseFloat(line.slice(8)), name: lines[i + 1]!.trim() }] : []));
}

interface VideoProbe {
  readonly codec_name: string;
  readonly profile: string;
  readonly width: number;
  readonly height: number;
  readonly r_frame_rate: string;
}

function probeVideo(file: string): VideoProbe {
  const probe = spawnSync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,profile,width,height,r_frame_rate", "-of", "json", file], { encoding: "utf8" });
  return (JSON.parse(probe.stdout) as { streams: VideoProbe[] }).streams[0]!;
}

/** Bytes of the video packets of a segment (the H.264 elementary stream, filler included). */
function videoBytes(file: string): number {
  const probe = spawnSync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=size", "-of", "json", file], { encoding: "utf8" });
  const packets = (JSON.parse(probe.stdout) as { packets: { size: string }[] }).packets;
  assert.ok(packets.length > 0, `video packets in ${file}`);
  return packets.reduce((sum, packet) => sum + Number(packet.size), 0);
}

/** The argv of the running ffmpeg processes whose arguments mention `text`. */
function ffmpegArgvMentioning(text: string): string[][] {
  const found: string[][] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (path.basename(argv[0] ?? "") === "ffmpeg" && argv.some((arg) => arg.includes(text))) found.push(argv);
    } catch {
      // the process ended meanwhile
    }
  }
  return found;
}

describe("an ABR ladder channel (the console template's ladder, four renditions)", { timeout: 150_000 }, () => {
  let openlive: OpenliveProcess;
  let client: MediaLiveClient;
  let upstream: ChildProcess | undefined;
  let folder: string;

  before(async () => {
    openlive = await startOpenlive({ ownPushPorts: true });
    client = sdkClient(openlive);
    const input = await client.send(new CreateInputCommand({ Name: "ladder-in", Type: "RTP_PUSH", InputSecurityGroups: [await createIsgId(client)], InputClass: "SINGLE_PIPELINE" } as never));
    folder = makeOutputDir("openlive-ladder-");
    const channelId = await createChannelId(client, ladderChannel(input.Input!.Id!, `file://${folder}/live`));
    upstream = spawn(
      "ffmpeg",
      [
        ...["-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30000/1001", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"],
        ...["-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-b:v", "2M", "-c:a", "aac", "-b:a", "128k", "-f", "rtp_mpegts", input.Input!.Destinations![0]!.Url!],
      ],
      { stdio: "ignore" },
    );
    await startChannelAndWait(client, channelId);
  });

  after(async () => {
    upstream?.kill("SIGKILL");
    await openlive?.stop();
  });

  it("writes each rendition at its size, codec, profile and frame rate, with its CBR bitrate within ±10 % over whole segments", async (t) => {
    const playlists = LADDER.map((r) => path.join(folder, `live${r.name}.m3u8`));
    const wanted = 1 + MEASURED_SEGMENTS;
    const texts = await until(`${wanted} segments in each rendition`, () => {
      const read = playlists.map((file) => (existsSync(file) ? readFileSync(file, "utf8") : ""));
      return read.every((text) => segmentsOf(text).length >= wanted) ? read : undefined;
    }, 60_000);
    const found = LADDER.map((r, i) => {
      const segments = segmentsOf(texts[i]!).slice(1, wanted);
      const files = segments.map((segment) => path.join(folder, segment.name));
      const first = probeVideo(files[0]!);
      const seconds = segments.reduce((sum, segment) => sum + segment.durationS, 0);
      const bitrateBps = (8 * files.reduce((sum, file) => sum + videoBytes(file), 0)) / seconds;
      return { rendition: r, first, bitrateBps, seconds };
    });
    for (const { rendition: r, first, bitrateBps, seconds } of found) {
      t.diagnostic(`${r.name}: ${first.width}x${first.height} ${first.r_frame_rate} ${Math.round(bitrateBps)} b/s over ${seconds.toFixed(2)} s (configured ${r.bitrateBps})`);
      assert.deepEqual([first.codec_name, first.profile.toUpperCase().replace("CONSTRAINED ", ""), first.width, first.height, first.r_frame_rate], ["h264", r.profile, r.width, r.height, `${r.frameRate[0]}/${r.frameRate[1]}`], r.name);
      const error = bitrateBps / r.bitrateBps - 1;
      assert.ok(Math.abs(error) <= BITRATE_TOLERANCE, `${r.name}: ${Math.round(bitrateBps)} b/s over ${seconds.toFixed(2)} s vs ${r.bitrateBps} configured (${(error * 100).toFixed(1)} %)`);
    }
  });

  it("encodes each video description once and the two AAC settings once each, for four tee slaves", () => {
    const encoders = ffmpegArgvMentioning(folder);
    assert.equal(encoders.length, 1, "one encoder for the pipeline");
    const argv = encoders[0]!;
    const chosen = (codec: string): number => argv.filter((arg, i) => /^-c:[va]:\d+$/.test(arg) && argv[i + 1] === codec).length;
    assert.deepEqual([chosen("libx264"), chosen("aac")], [4, 2], "audio descriptions with the same settings (96 kb/s twice, 64 kb/s twice) share an encode");
    const tee = argv[argv.indexOf("tee") + 1]!;
    assert.equal(tee.split(/(?<!\\)\|/).length, 4);
  });

  it("lists the four renditions in the master playlist with their sizes and bandwidths", () => {
    const master = readFileSync(path.join(folder, "live.m3u8"), "utf8");
    for (const r of LADDER) {
      const entry = new RegExp(`#EXT-X-STREAM-INF:([^\\n]*)\\n(live${r.name}\\.m3u8)`).exec(master);
      assert.ok(entry, `${r.name} in ${master}`);
      assert.match(entry[1]!, new RegExp(`RESOLUTION=${r.width}x${r.height}`));
      const bandwidth = Number(/(?:^|,)BANDWIDTH=(\d+)/.exec(entry[1]!)?.[1]);
      assert.ok(bandwidth >= r.bitrateBps + r.audioBps, `${r.name}: BANDWIDTH ${bandwidth} covers video + audio`);
    }
  });
});
