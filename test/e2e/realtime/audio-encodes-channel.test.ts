// Audio encodes on a real channel: an upstream carrying two AAC tracks (track 1 at about
// −33 LUFS, 440 Hz; track 2 at about −10 LUFS, 1 kHz) feeds one HLS output with two audio
// descriptions: AC-3 2.0 from the selector taking track 2 (audioTrackSelection), loudness
// normalised to −23 LKFS (BS.1770-2 / EBU R128), and AAC from a selector the attachment does
// not define, which takes the default (first) track and raises Audio Selector Not Found.

import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { CreateInputCommand, ListAlertsCommand, type MediaLiveClient } from "@aws-sdk/client-medialive";
import { smallChannel } from "../../helpers/channel-fixtures.ts";
import { createChannelId, createIsgId, startChannelAndWait } from "../../helpers/channel-lifecycle.ts";
import { makeOutputDir, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";

const TARGET_LKFS = -23;
/** Segments measured: 4 × 2 s, after the first ones (loudnorm's 3 s window fills at the start). */
const MEASURED_SEGMENTS = 4;
const SKIPPED_SEGMENTS = 2;

function pushTwoTracks(url: string): ChildProcess {
  return spawn(
    "ffmpeg",
    [
      ...["-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25"],
      ...["-f", "lavfi", "-i", "sine=f=440:sample_rate=48000", "-f", "lavfi", "-i", "sine=f=1000:sample_rate=48000"],
      ...["-filter_complex", "[1:a]volume=-12dB,aformat=channel_layouts=stereo[quiet];[2:a]volume=11dB,aformat=channel_layouts=stereo[loud]"],
      ...["-map", "0:v", "-map", "[quiet]", "-map", "[loud]", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac", "-b:a", "128k", "-f", "rtp_mpegts", url],
    ],
    { stdio: "ignore" },
  );
}

/** Integrated loudness (LUFS) of audio stream `index` of `file`, through `filters` first, with ffmpeg's EBU R128 meter. */
function integratedLufs(file: string, index: number, filters = ""): number {
  const run = spawnSync("ffmpeg", ["-hide_banner", "-nostats", "-i", file, "-map", `0:a:${index}`, "-af", `${filters}ebur128`, "-f", "null", "-"], { encoding: "utf8" });
  const summary = run.stderr.slice(run.stderr.lastIndexOf("Summary:"));
  const match = /I:\s+(-?[\d.]+) LUFS/.exec(summary);
  assert.ok(match, run.stderr.slice(-600));
  return Number(match[1]);
}

describe("audio encodes: AC-3, loudness normalisation, selectors by track and an undefined selector", { timeout: 150_000 }, () => {
  let openlive: OpenliveProcess;
  let client: MediaLiveClient;
  let channelId: string;
  let work: string;
  const upstreams: ChildProcess[] = [];

  before(async () => {
    openlive = await startOpenlive({ ownPushPorts: true });
    client = sdkClient(openlive);
    const input = await client.send(new CreateInputCommand({ Name: "two-tracks", Type: "RTP_PUSH", InputSecurityGroups: [await createIsgId(client)] }));
    work = makeOutputDir("openlive-audio-");
    const channel = smallChannel(input.Input!.Id!, `file://${work}/live`, { segmentLengthS: 2 });
    channel.InputAttachments[0].InputSettings.AudioSelectors = [{ Name: "default" }, { Name: "second", SelectorSettings: { AudioTrackSelection: { Tracks: [{ Track: 2 }] } } }];
    channel.EncoderSettings.AudioDescriptions = [
      {
        Name: "a_ac3",
        AudioSelectorName: "second",
        AudioNormalizationSettings: { Algorithm: "ITU_1770_2", AlgorithmControl: "CORRECT_AUDIO", TargetLkfs: TARGET_LKFS },
        CodecSettings: { Ac3Settings: { Bitrate: 192000, CodingMode: "CODING_MODE_2_0", Dialnorm: 23, BitstreamMode: "COMPLETE_MAIN" } },
      },
      { Name: "a_fr", AudioSelectorName: "fr", CodecSettings: { AacSettings: { Bitrate: 96000, CodingMode: "CODING_MODE_2_0", SampleRate: 48000 } } },
    ];
    channel.EncoderSettings.OutputGroups[0].Outputs[0].AudioDescriptionNames = ["a_ac3", "a_fr"];
    channelId = await createChannelId(client, channel);
    upstreams.push(pushTwoTracks(input.Input!.Destinations![0]!.Url!));
    await startChannelAndWait(client, channelId);
  });

  after(async () => {
    for (const upstream of upstreams) upstream.kill("SIGKILL");
    await openlive?.stop();
  });

  const segments = (): string[] => readdirSync(work).filter((f) => /^live_720p_\d{5}\.ts$/.test(f)).sort();

  it("encodes AC-3 2.0 48 kHz beside the AAC track; the master playlist's CODECS names ac-3", async () => {
    await until("2 segments", () => (segments().length >= 2 ? true : undefined), 40_000);
    const probe = spawnSync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name,channels,sample_rate,bit_rate", "-of", "json", `${work}/${segments()[1]}`], { encoding: "utf8" });
    const streams = (JSON.parse(probe.stdout) as { streams: { codec_name: string; channels?: number; sample_rate?: string }[] }).streams;
    assert.deepEqual(streams.map((s) => s.codec_name), ["h264", "ac3", "aac"]);
    assert.equal(streams[1]!.channels, 2);
    assert.equal(streams[1]!.sample_rate, "48000");
    const master = await until("master playlist", () => (existsSync(`${work}/live.m3u8`) ? readFileSync(`${work}/live.m3u8`, "utf8") : undefined));
    assert.match(master, /CODECS="[^"]*\bac-3\b[^"]*"/);
    assert.match(master, /CODECS="[^"]*\bmp4a\.40\.2\b[^"]*"/);
  });

  it("normalises the loud track to targetLkfs within 1 LU, and feeds the undefined selector the quiet default track", async () => {
    const wanted = SKIPPED_SEGMENTS + MEASURED_SEGMENTS;
    await until(`${wanted} segments`, () => (segments().length >= wanted ? true : undefined), 60_000);
    const measured = segments().slice(SKIPPED_SEGMENTS, wanted).map((name) => `${work}/${name}`);
    const joined = `concat:${measured.join("|")}`;
    const normalised = integratedLufs(joined, 0);
    const defaultTrack = integratedLufs(joined, 1);
    console.log(`measured over ${MEASURED_SEGMENTS * 2} s: AC-3 (track 2, normalised) ${normalised} LUFS, target ${TARGET_LKFS}; AAC (default track 1) ${defaultTrack} LUFS`);
    assert.ok(Math.abs(normalised - TARGET_LKFS) <= 1, `AC-3 track at ${normalised} LUFS, target ${TARGET_LKFS}`);
    assert.ok(Math.abs(defaultTrack - -33) <= 1.5, `the undefined selector takes track 1 (−33 LUFS): measured ${defaultTrack}`);
    // Track 2 is the 1 kHz tone: a steep high-pass at 700 Hz leaves most of it (440 Hz would lose > 15 dB).
    const highPassed = integratedLufs(joined, 0, "highpass=f=700,highpass=f=700,");
    assert.ok(highPassed > normalised - 4, `the AC-3 track carries the 1 kHz track 2: ${highPassed} LUFS after a 700 Hz high-pass`);
  });

  it("raises Audio Selector Not Found naming the selector and the attachment", async () => {
    const alert = await until("the alert", async () => ((await client.send(new ListAlertsCommand({ ChannelId: channelId }))).Alerts ?? []).find((a) => a.AlertType === "Audio Selector Not Found" && a.State === "SET"), 20_000);
    assert.match(alert.Message ?? "", /"fr".*"main"/);
  });
});
