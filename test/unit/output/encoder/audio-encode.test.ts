import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import type { AudioDescription } from "../../../../src/model/generated/medialive-types.ts";
import { audioSelectorKey, resolveAudio, type ResolvedAudio } from "../../../../src/output/encoder/audio-encode.ts";
import type { FedStreamLayout } from "../../../../src/output/encoder/plan-types.ts";

const FED: FedStreamLayout = { videoCodec: "H264", width: 320, height: 180, frameRate: { num: 25, den: 1 }, audioSelectorNames: ["default", ""], audioStreams: [{ codecs: "mp4a.40.2", channels: 2 }, { codecs: "ec-3", channels: 6 }] };

function resolve(description: Partial<AudioDescription>): ResolvedAudio {
  return resolveAudio({ name: "a", audioSelectorName: "default", ...description } as AudioDescription, FED, undefined);
}

const arg = (audio: ResolvedAudio, option: string): string | undefined => audio.codecArgs.find(([o]) => o === option)?.[1];

/** Runs the chain and encoder on 0.3 s of a 5.1 tone: ffmpeg must accept both. */
function ffmpegAccepts(audio: ResolvedAudio): void {
  const codecArgs = audio.codecArgs.flatMap(([option, value]) => [`${option}:a`, value]);
  const run = spawnSync("ffmpeg", ["-hide_banner", "-nostdin", "-f", "lavfi", "-i", "sine=f=440:d=0.3,aformat=channel_layouts=5.1", "-filter_complex", `[0:a]${audio.filterChain!}[out]`, "-map", "[out]", ...codecArgs, "-f", "null", "-"], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr.slice(-800));
}

describe("resolveAudio: codecs", () => {
  it("no codecSettings: AAC-LC 2.0 48 kHz at MediaLive's default 192 kb/s", () => {
    const audio = resolve({});
    assert.deepEqual(audio.codecArgs, [["-c", "aac"], ["-profile", "aac_low"], ["-b", "192000"], ["-ac", "2"], ["-ar", "48000"]]);
    assert.equal(audio.codecs, "mp4a.40.2");
    assert.equal(audio.bitrateBps, 192_000);
  });

  it("AAC at 96 kHz and 22.05 kHz keeps the configured rate; BROADCASTER_MIXED_AD signals audio_type 3", () => {
    assert.equal(arg(resolve({ codecSettings: { aacSettings: { sampleRate: 96000 } } }), "-ar"), "96000");
    const mixed = resolve({ codecSettings: { aacSettings: { sampleRate: 22050, inputType: "BROADCASTER_MIXED_AD" } } });
    assert.equal(arg(mixed, "-ar"), "22050");
    assert.equal(mixed.disposition, "visual_impaired");
  });

  it("AC-3 5.1: bitrate, dialnorm, bsmod, LFE low-pass and -3 dB surrounds", () => {
    const audio = resolve({ codecSettings: { ac3Settings: { bitrate: 448000, codingMode: "CODING_MODE_3_2_LFE", dialnorm: 24, bitstreamMode: "VISUALLY_IMPAIRED", lfeFilter: "ENABLED", attenuationControl: "ATTENUATE_3_DB" } } });
    assert.equal(arg(audio, "-c"), "ac3");
    assert.equal(arg(audio, "-b"), "448000");
    assert.equal(arg(audio, "-ac"), "6");
    assert.equal(arg(audio, "-ar"), "48000");
    assert.equal(arg(audio, "-dialnorm"), "-24");
    assert.equal(arg(audio, "-audio_service_type"), "vi");
    assert.equal(audio.codecs, "ac-3");
    assert.equal(audio.bitrateBps, 448_000);
    assert.match(audio.filterChain!, /channel_layouts=5\.1,lowpass=f=120:c=LFE,pan=5\.1\|c0=c0\|c1=c1\|c2=c2\|c3=c3\|c4=0\.7079\*c4\|c5=0\.7079\*c5$/);
    ffmpegAccepts(audio);
  });

  it("AC-3 defaults: 2.0 at 192 kb/s, no Dolby preprocessing", () => {
    const audio = resolve({ codecSettings: { ac3Settings: {} } });
    assert.equal(arg(audio, "-ac"), "2");
    assert.equal(audio.bitrateBps, 192_000);
    assert.match(audio.filterChain!, /channel_layouts=stereo$/);
  });

  it("E-AC-3 3/2: LFE control, DC filter, downmix preference and mix levels (dB → linear)", () => {
    const audio = resolve({
      codecSettings: { eac3Settings: { codingMode: "CODING_MODE_3_2", lfeControl: "NO_LFE", dcFilter: "ENABLED", stereoDownmix: "LO_RO", ltRtCenterMixLevel: -3, loRoSurroundMixLevel: -60, surroundExMode: "ENABLED", attenuationControl: "ATTENUATE_3_DB" } },
    });
    assert.equal(arg(audio, "-c"), "eac3");
    assert.equal(arg(audio, "-ac"), "5");
    assert.equal(arg(audio, "-b"), "384000");
    assert.equal(arg(audio, "-dmix_mode"), "loro");
    assert.equal(arg(audio, "-ltrt_cmixlev"), "0.7079");
    assert.equal(arg(audio, "-loro_surmixlev"), "0");
    assert.equal(arg(audio, "-dsurex_mode"), "on");
    assert.equal(audio.codecs, "ec-3");
    assert.match(audio.filterChain!, /channel_layouts=5\.0,highpass=f=3,pan=5\.0\|/);
    ffmpegAccepts(audio);
  });

  it("E-AC-3 passthroughControl WHEN_POSSIBLE passes an E-AC-3 source through", () => {
    const audio = resolveAudio({ name: "a", codecSettings: { eac3Settings: { passthroughControl: "WHEN_POSSIBLE" } } } as AudioDescription, FED, undefined);
    assert.equal(audio.passThrough, true);
    assert.equal(audio.codecs, "ec-3");
    assert.equal(resolve({ codecSettings: { eac3Settings: { passthroughControl: "WHEN_POSSIBLE" } } }).passThrough, false, "the AAC source is encoded");
  });

  it("MP2: mono at 32 kHz, s16, CODECS mp4a.40.33", () => {
    const audio = resolve({ codecSettings: { mp2Settings: { bitrate: 128000, codingMode: "CODING_MODE_1_0", sampleRate: 32000 } } });
    assert.deepEqual(audio.codecArgs, [["-c", "mp2"], ["-b", "128000"], ["-ac", "1"], ["-ar", "32000"]]);
    assert.equal(audio.codecs, "mp4a.40.33");
    assert.match(audio.filterChain!, /sample_fmts=s16:sample_rates=32000:channel_layouts=mono/);
    ffmpegAccepts(audio);
  });

  it("Atmos falls back to E-AC-3 5.1 at its bitrate; WAV to AAC-LC with its rate and channels", () => {
    const atmos = resolve({ codecSettings: { eac3AtmosSettings: { bitrate: 576000, codingMode: "CODING_MODE_5_1_4", dialnorm: 20 } } });
    assert.deepEqual([arg(atmos, "-c"), arg(atmos, "-ac"), arg(atmos, "-b"), arg(atmos, "-dialnorm")], ["eac3", "6", "576000", "-20"]);
    const wav = resolve({ codecSettings: { wavSettings: { codingMode: "CODING_MODE_1_0", sampleRate: 44100 } } });
    assert.deepEqual([arg(wav, "-c"), arg(wav, "-ac"), arg(wav, "-ar")], ["aac", "1", "44100"]);
  });
});

describe("resolveAudio: processing and selectors", () => {
  it("loudness normalisation: loudnorm at targetLkfs, then back to the encoder's rate; defaults per algorithm", () => {
    const audio = resolve({ audioNormalizationSettings: { algorithm: "ITU_1770_2", algorithmControl: "CORRECT_AUDIO", targetLkfs: -23 }, codecSettings: { ac3Settings: { codingMode: "CODING_MODE_2_0" } } });
    assert.match(audio.filterChain!, /^aresample=48000:async=1,loudnorm=I=-23:TP=-2:LRA=11,aresample=48000,aformat=/);
    assert.match(resolve({ audioNormalizationSettings: { algorithm: "ITU_1770_1" } }).filterChain!, /loudnorm=I=-24:/);
    assert.match(resolve({ audioNormalizationSettings: {} }).filterChain!, /loudnorm=I=-23:/);
    ffmpegAccepts(audio);
  });

  it("remix: pan with dB gains as linear factors; input channels the source lacks are left out", () => {
    const audio = resolve({
      remixSettings: {
        channelsIn: 2,
        channelsOut: 2,
        channelMappings: [
          { outputChannel: 0, inputChannelLevels: [{ inputChannel: 0, gain: 0 }, { inputChannel: 1, gain: -6 }, { inputChannel: 4, gain: 0 }] },
          { outputChannel: 1, inputChannelLevels: [{ inputChannel: 1, gain: -60 }] },
        ],
      },
    });
    assert.match(audio.filterChain!, /^aresample=48000:async=1,pan=stereo\|c0=1\*c0\+0\.5012\*c1\|c1=0\*c1,aformat=/);
    ffmpegAccepts(audio);
  });

  it("a description naming no selector uses the default-track stream of the fed layout", () => {
    assert.equal(audioSelectorKey({} as AudioDescription), "");
    assert.equal(resolveAudio({ name: "a", codecSettings: { aacSettings: {} } } as AudioDescription, FED, undefined).fedIndex, 1);
  });
});
