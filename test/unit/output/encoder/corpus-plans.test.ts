// The encoder plan of every real MediaLive configuration openlive accepts (../shared/corpus/
// channels/ beside the clone; fails without it): pipeline 0's ffmpeg arguments carry every
// video, audio and caption description an output names, with the settings the configuration
// gives. Expectations are derived from each configuration, never written per file, so the
// test holds as codecs and output kinds land: a configuration the plan cannot build fails
// here with the reason.

import { isCaptionsOnlyOutput, webvttRenditionsOf } from "../../../../src/output/captions/webvtt-renditions.ts";
import { outputGroupKey } from "../../../../src/output/output-group-key.ts";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseHlsDestinationUrl } from "../../../../src/domain/channels/destination-url.ts";
import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";
import { planEncoder, type EncoderPlan, type FileDestination, type PlannedAudio } from "../../../../src/output/encoder/encoder-plan.ts";
import { fedLayout, fedStreamLayout } from "../../../../src/pipeline/worker/fed-layout.ts";
import { classify, validatedCorpus } from "../../../helpers/corpus-channels.ts";
import { notHonouredSettings } from "../../../../src/domain/channels/not-honoured.ts";

type Json = any;

/** ffmpeg encoder per MediaLive codec member; a description without codecSettings is H.264 (MediaLive's default) or AAC. */
const VIDEO_ENCODERS: Readonly<Record<string, string>> = { h264Settings: "libx264", h265Settings: "libx265", mpeg2Settings: "mpeg2video", av1Settings: "libaom-av1" };
const AUDIO_ENCODERS: Readonly<Record<string, string>> = { aacSettings: "aac", ac3Settings: "ac3", eac3Settings: "eac3", eac3AtmosSettings: "eac3", mp2Settings: "mp2", wavSettings: "aac" };
/** Channels of each codingMode (MediaLive's names; the same across AAC, AC-3, E-AC-3, MP2). */
const CODING_MODE_CHANNELS: Readonly<Record<string, number>> = { CODING_MODE_1_0: 1, CODING_MODE_1_1: 2, CODING_MODE_2_0: 2, CODING_MODE_3_2: 5, CODING_MODE_3_2_LFE: 6, CODING_MODE_5_1: 6, CODING_MODE_AD_RECEIVER_MIX: 2 };
/** Caption destinations carried as A/53 CEA-608/708 in the video (ATSC A/53 Part 4). */
const EMBEDDED_CAPTIONS = ["embeddedDestinationSettings", "embeddedPlusScte20DestinationSettings", "scte20PlusEmbeddedDestinationSettings"];

/** Pipeline 0's folder per output group, named after its destination's base name where it has one. */
function destinations(config: Json): Map<string, FileDestination> {
  const byId = new Map<string, Json>((config.destinations ?? []).map((d: Json) => [d.id, d]));
  return new Map(
    (config.encoderSettings.outputGroups ?? []).map((group: Json, index: number): [string, FileDestination] => {
      const ref = /"destinationRefId":"([^"]*)"/.exec(JSON.stringify(group.outputGroupSettings ?? {}))?.[1];
      const parsed = parseHlsDestinationUrl(String(byId.get(ref ?? "")?.settings?.[0]?.url ?? ""));
      return [outputGroupKey(group, index), { kind: "file", folder: `/srv/out/group${index}`, baseName: parsed.ok ? parsed.baseName : "index" }];
    }),
  );
}

/** Relay sockets of the push kinds' senders (relay/slave-socket.ts): one made-up socket for any output. */
class AnySlaveTarget extends Map<string, string> {
  override get(): string {
    return "unix:/srv/work/relay/any.sock";
  }
}

/** Every value of options matching `option` (e.g. /^-b:v(:\d+)?$/). */
function valuesOf(args: readonly string[], option: RegExp): string[] {
  return args.flatMap((arg, i) => (option.test(arg) && i + 1 < args.length ? [args[i + 1]!] : []));
}

function codecSettingsOf(description: Json): [string | undefined, Json] {
  const [member, settings] = Object.entries(description?.codecSettings ?? {}).find(([, value]) => value !== null && typeof value === "object") ?? [];
  return [member, settings ?? {}];
}

function namedBy(config: Json, member: "videoDescriptionName" | "audioDescriptionNames" | "captionDescriptionNames"): Set<string> {
  const outputs = (config.encoderSettings.outputGroups ?? []).flatMap((group: Json) => group.outputs ?? []);
  return new Set(outputs.flatMap((output: Json) => (output[member] === undefined || output[member] === null ? [] : [output[member]].flat())));
}

/** Video descriptions named only by outputs whose videoDescriptionName the channel's told list names. */
function toldVideoNames(config: Json): Set<string> {
  const told = new Set(notHonouredSettings(config as ChannelConfig).map((setting) => setting.elementPath));
  const names = new Map<string, boolean>();
  (config.encoderSettings.outputGroups ?? []).forEach((group: Json, index: number) =>
    (group.outputs ?? []).forEach((output: Json, outputIndex: number) => {
      if (!output.videoDescriptionName) return;
      const isTold = told.has(`encoderSettings.outputGroups[${index}].outputs[${outputIndex}].videoDescriptionName`);
      names.set(output.videoDescriptionName, (names.get(output.videoDescriptionName) ?? true) && isTold);
    }),
  );
  return new Set([...names].filter(([, isTold]) => isTold).map(([name]) => name));
}

function checkVideo(plan: EncoderPlan, config: Json, fedSize: { width: number; height: number }): void {
  const graph = valuesOf(plan.args, /^-filter_complex$/).join(";");
  for (const name of namedBy(config, "videoDescriptionName")) {
    const description = config.encoderSettings.videoDescriptions.find((d: Json) => d.name === name);
    const [member, settings] = codecSettingsOf(description);
    // A frame capture named only by MediaPackage outputs is told, not written (openliveNotHonoured says so).
    if (member === "frameCaptureSettings" && toldVideoNames(config).has(name)) continue;
    const encoder = VIDEO_ENCODERS[member ?? "h264Settings"];
    const where = `video description "${name}" (${member ?? "no codecSettings"})`;
    assert.ok(valuesOf(plan.args, /^-(c|codec):v(:\d+)?$/).includes(encoder!), `${where}: encoded with ${encoder}`);
    const width = description.width ?? fedSize.width;
    const height = description.height ?? fedSize.height;
    assert.ok(graph.includes(`scale=${width}:${height}`), `${where}: scaled to ${width}:${height}; the graph scales to ${graph.match(/scale=\d+:\d+/g)?.join(", ")}`);
    if (settings.framerateControl === "SPECIFIED" && settings.framerateNumerator && settings.framerateDenominator) {
      assert.ok(graph.includes(`fps=${settings.framerateNumerator}/${settings.framerateDenominator}`), `${where}: ${settings.framerateNumerator}/${settings.framerateDenominator} fps`);
    }
    const maxrates = [...valuesOf(plan.args, /^-maxrate:v(:\d+)?$/), ...plan.args.flatMap((arg) => [...arg.matchAll(/vbv-maxrate=(\d+)/g)].map((m) => String(Number(m[1]) * 1000)))];
    if (settings.rateControlMode === "QVBR") {
      assert.ok(valuesOf(plan.args, /^-(crf|q|global_quality):v(:\d+)?$/).length > 0, `${where}: QVBR as a constant-quality encode`);
      if (settings.maxBitrate) assert.ok(maxrates.includes(String(settings.maxBitrate)), `${where}: QVBR capped at maxBitrate ${settings.maxBitrate}; maxrates ${maxrates}`);
    } else if (settings.bitrate) {
      assert.ok(valuesOf(plan.args, /^-b:v(:\d+)?$/).includes(String(settings.bitrate)), `${where}: ${settings.rateControlMode ?? "CBR"} at ${settings.bitrate} b/s`);
      if (settings.rateControlMode === "VBR" && settings.maxBitrate) assert.ok(maxrates.includes(String(settings.maxBitrate)), `${where}: VBR peak ${settings.maxBitrate}; maxrates ${maxrates}`);
    }
  }
}

function checkAudio(plan: EncoderPlan, config: Json): void {
  for (const name of namedBy(config, "audioDescriptionNames")) {
    const description = (config.encoderSettings.audioDescriptions ?? []).find((d: Json) => d.name === name);
    const [member, settings] = codecSettingsOf(description);
    const where = `audio description "${name}" (${member ?? "no codecSettings"})`;
    if (member === "passThroughSettings") {
      assert.ok(valuesOf(plan.args, /^-(c|codec):a(:\d+)?$/).includes("copy"), `${where}: passed through`);
      continue;
    }
    const encoder = AUDIO_ENCODERS[member ?? "aacSettings"];
    assert.ok(valuesOf(plan.args, /^-(c|codec):a(:\d+)?$/).includes(encoder!), `${where}: encoded with ${encoder}`);
    if (settings.bitrate) assert.ok(valuesOf(plan.args, /^-b:a(:\d+)?$/).includes(String(settings.bitrate)), `${where}: ${settings.bitrate} b/s`);
    const channels = description.remixSettings?.channelsOut ?? CODING_MODE_CHANNELS[settings.codingMode ?? "CODING_MODE_2_0"];
    if (channels !== undefined) assert.ok(valuesOf(plan.args, /^-ac(:a)?(:\d+)?$/).includes(String(channels)), `${where}: ${channels} channels`);
  }
}

/** Each HLS output is a variant of the plan with the facts of the descriptions it names (they feed the master playlist). */
function checkHlsVariants(plan: EncoderPlan, config: Json, fedSize: { width: number; height: number }): void {
  for (const [groupIndex, group] of (config.encoderSettings.outputGroups ?? []).entries()) {
    const groupKey = outputGroupKey(group, groupIndex);
    // A captions-only output is a WebVTT rendition the pipeline writes beside the encode (checkCaptions).
    for (const output of (group.outputs ?? []).filter((o: Json) => o.outputSettings?.hlsOutputSettings && !isCaptionsOnlyOutput(o))) {
      // nameModifier, not outputName (optional in MediaLive), is what tells a group's HLS outputs apart.
      const nameModifier = output.outputSettings.hlsOutputSettings.nameModifier;
      const where = `HLS output "${nameModifier}" of group "${groupKey}"`;
      const variant = plan.variants.find((v) => v.outputGroupName === groupKey && v.nameModifier === nameModifier);
      assert.ok(variant, `${where}: a variant of the plan`);
      const video = config.encoderSettings.videoDescriptions.find((d: Json) => d.name === output.videoDescriptionName);
      if (video) {
        const [, settings] = codecSettingsOf(video);
        assert.equal(variant.videoDescriptionName, video.name, `${where}: its video description`);
        assert.deepEqual([variant.width, variant.height], [video.width ?? fedSize.width, video.height ?? fedSize.height], `${where}: picture size`);
        if (settings.framerateControl === "SPECIFIED" && settings.framerateNumerator && settings.framerateDenominator) {
          assert.equal(variant.frameRate.num / variant.frameRate.den, settings.framerateNumerator / settings.framerateDenominator, `${where}: frame rate`);
        }
        const expectedBps = settings.rateControlMode === "QVBR" ? settings.maxBitrate : settings.bitrate;
        if (expectedBps) assert.equal(variant.videoBitrateBps, expectedBps, `${where}: video bitrate`);
      }
      for (const name of output.audioDescriptionNames ?? []) {
        const [, settings] = codecSettingsOf((config.encoderSettings.audioDescriptions ?? []).find((d: Json) => d.name === name));
        const planned: PlannedAudio | undefined = variant.audio.find((a) => a.audioDescriptionName === name);
        assert.ok(planned, `${where}: carries audio description "${name}"`);
        if (settings.bitrate) assert.equal(planned.bitrateBps, settings.bitrate, `${where}: audio "${name}" bitrate`);
      }
    }
  }
}

function checkCaptions(plan: EncoderPlan, config: Json): void {
  const carried = new Set(plan.variants.flatMap((variant) => variant.captionDescriptionNames));
  // WebVTT descriptions become subtitle renditions of their group, written by the pipeline.
  for (const group of plan.groups) for (const rendition of webvttRenditionsOf(config as ChannelConfig, group)) carried.add(rendition.captionDescriptionName);
  for (const name of namedBy(config, "captionDescriptionNames")) {
    const description = (config.encoderSettings.captionDescriptions ?? []).find((d: Json) => d.name === name);
    const [member] = Object.keys(description?.destinationSettings ?? {});
    const where = `caption description "${name}" (${member ?? "no destinationSettings"})`;
    assert.ok(carried.has(name), `${where}: carried by a variant of the plan`);
    if (EMBEDDED_CAPTIONS.includes(member ?? "")) assert.ok(valuesOf(plan.args, /^-a53cc(:v)?(:\d+)?$/).includes("1"), `${where}: A/53 captions kept in the video`);
  }
}

const corpus = validatedCorpus();
const accepted = corpus.filter((entry) => entry.problems.length === 0);

describe("encoder plans of the real MediaLive configurations openlive accepts", () => {
  it("the validator accepts some of the corpus (the others are the replay test's pending and refused ones)", () => {
    const refused = corpus.filter((entry) => entry.problems.length > 0).map((entry) => `${entry.channel.file}: ${JSON.stringify(classify(entry.config, entry.problems))}`);
    assert.ok(accepted.length > 0, `no configuration is accepted:\n${refused.join("\n")}`);
  });

  for (const { channel, config } of accepted) {
    it(`${channel.file}: pipeline 0 encodes every description its outputs name`, () => {
      const fed = fedStreamLayout(fedLayout(config as ChannelConfig, undefined, undefined));
      let plan: EncoderPlan;
      try {
        plan = planEncoder({ config: config as ChannelConfig, pipelineIndex: 0, fed, destinations: destinations(config), slaveTargets: new AnySlaveTarget(), thumbnailFile: "/srv/thumbs/pipeline0.jpg" });
      } catch (error) {
        assert.fail(`${channel.file} is accepted but its encoder plan cannot be built: ${error instanceof Error ? error.message : String(error)}`);
      }
      checkVideo(plan, config, fed);
      checkAudio(plan, config);
      checkHlsVariants(plan, config, fed);
      checkCaptions(plan, config);
    });
  }
});
