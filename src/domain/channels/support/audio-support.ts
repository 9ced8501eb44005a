// Audio encodes (audioDescriptions) and the audio selectors of input attachments: how openlive honours each member, which it accepts and tells, which it refuses.
// Part of the one list in ../supported-features.ts (read its header for the rules).

import type { ShapeSupport } from "./member-support.ts";

const DOLBY_DRC = "ffmpeg's AC-3/E-AC-3 encoders write no dynamic range compression words (no DRC profiles)";
const DOLBY_METADATA = "the source's Dolby metadata is not decoded: the configured values are used (MediaLive's own fallback)";

export const AUDIO_SUPPORT = {
  // --- Audio encodes.
  AudioDescription: {
    path: "encoderSettings.audioDescriptions[]",
    members: {
      name: { note: "required, unique" },
      audioSelectorName: { note: "the input attachment's audio selector; absent, or a selector the attachment on air does not define: the source's default (first) audio track (the latter with the alert Audio Selector Not Found)" },
      codecSettings: { note: "absent: AAC-LC 2.0 48 kHz 192 kb/s (MediaLive's defaults)" },
      languageCode: { note: "ISO 639 language written to the TS descriptor and the HLS playlist" },
      languageCodeControl: { note: "FOLLOW_INPUT (source language from its PMT descriptor when present) or USE_CONFIGURED" },
      audioType: { note: "written to the TS ISO 639 descriptor" },
      audioTypeControl: { note: "FOLLOW_INPUT or USE_CONFIGURED" },
      streamName: { note: "the rendition's NAME in the HLS playlist" },
      remixSettings: { note: "ffmpeg's pan filter: each output channel the sum of its input channels at their gains (dB → linear); channelsOut sets the layout (1 mono, 2 stereo, 4 quad, 6 5.1, 8 7.1); input channels beyond channelsIn or the source's count are silent" },
      audioNormalizationSettings: { note: "ffmpeg's loudnorm, single pass (live: 3 s sliding window, dynamic gain) with TP=-2 dBTP and LRA=11 LU; see AudioNormalizationSettings" },
    },
    told: {
      audioWatermarkingSettings: "audio watermarks (Nielsen): a licensed service, not reproduced",
      audioDashRoles: "DASH roles: openlive writes no DASH outputs",
      dvbDashAccessibility: "DVB-DASH accessibility: openlive writes no DASH outputs",
    },
  },
  AudioNormalizationSettings: {
    path: "encoderSettings.audioDescriptions[].audioNormalizationSettings",
    members: {
      algorithm: { note: "ITU_1770_2 (default): loudnorm measures BS.1770 loudness with the EBU R128 gating of BS.1770-2; ITU_1770_1 (ungated BS.1770-1) is measured the same gated way" },
      algorithmControl: { note: "CORRECT_AUDIO: loudnorm corrects the level" },
      targetLkfs: { note: "loudnorm I= (absent: -24 for ITU_1770_1, the CALM Act's ATSC A/85 target; -23 for ITU_1770_2, EBU R128's); loudnorm's range is -70…-5" },
    },
  },
  RemixSettings: {
    path: "encoderSettings.audioDescriptions[].remixSettings",
    members: {
      channelMappings: { note: "pan filter terms: outputChannel cN = Σ gain·cM" },
      channelsIn: { note: "input channels at or above this count are left out of the pan terms" },
      channelsOut: { note: "the pan filter's output layout" },
    },
  },
  AudioChannelMapping: {
    path: "encoderSettings.audioDescriptions[].remixSettings.channelMappings[]",
    members: { outputChannel: { note: "pan output channel cN" }, inputChannelLevels: { note: "the pan terms of that output channel" } },
  },
  InputChannelLevel: {
    path: "encoderSettings.audioDescriptions[].remixSettings.channelMappings[].inputChannelLevels[]",
    members: { inputChannel: { note: "pan input channel cM" }, gain: { note: "dB → linear factor 10^(gain/20)" } },
  },
  AudioCodecSettings: {
    path: "encoderSettings.audioDescriptions[].codecSettings",
    union: true,
    members: {
      aacSettings: { note: "AAC-LC with ffmpeg's aac encoder" },
      ac3Settings: { note: "AC-3 with ffmpeg's ac3 encoder" },
      eac3Settings: { note: "E-AC-3 with ffmpeg's eac3 encoder" },
      mp2Settings: { note: "MPEG-1 Layer II with ffmpeg's mp2 encoder (CODECS mp4a.40.33)" },
      passThroughSettings: { note: "the source audio unchanged (AAC, AC-3, E-AC-3, MPEG audio fit in TS)" },
    },
    told: {
      eac3AtmosSettings: "Dolby Atmos: Debian's ffmpeg has no Atmos encoder; encoded as E-AC-3 5.1 at the configured bitrate and dialnorm",
      wavSettings: "WAV (PCM) cannot be carried in HLS transport streams; encoded as AAC-LC with the configured sample rate and channels",
    },
  },
  AacSettings: {
    path: "encoderSettings.audioDescriptions[].codecSettings.aacSettings",
    members: {
      bitrate: { note: "-b:a (bits/s)" },
      codingMode: { note: "-ac: CODING_MODE_1_0 mono, CODING_MODE_2_0 stereo, CODING_MODE_5_1 5.1; CODING_MODE_1_1 and AD_RECEIVER_MIX are encoded as two channels", values: ["CODING_MODE_1_0", "CODING_MODE_2_0", "CODING_MODE_5_1"] },
      sampleRate: { note: "-ar (ffmpeg's aac takes 8000–96000 Hz)" },
      profile: { note: "LC; HE-AAC v1/v2 need libfdk_aac, which Debian's ffmpeg does not ship: encoded as AAC-LC", values: ["LC"] },
      rateControlMode: { note: "CBR; VBR is encoded CBR at bitrate: ffmpeg's native AAC VBR (-q:a) is experimental and has no mapping to MediaLive's quality levels", values: ["CBR"] },
      rawFormat: { note: "NONE (ADTS); LATM/LOAS would need the muxer's latm flag for the whole output, not one stream", values: ["NONE"] },
      spec: { note: "MPEG4; ffmpeg's ADTS writer always signals MPEG-4 AAC (ID bit 0)", values: ["MPEG4"] },
      inputType: { note: "NORMAL, or BROADCASTER_MIXED_AD: audio_type 3 (visual impaired) in the ISO 639 descriptor" },
    },
    told: { vbrQuality: "only used with rateControlMode VBR, which is encoded CBR" },
  },
  Ac3Settings: {
    path: "encoderSettings.audioDescriptions[].codecSettings.ac3Settings",
    members: {
      bitrate: { note: "-b:a (absent: 96k for 1.0, 192k for 2.0, 384k for 3/2+LFE); the encoder takes the nearest A/52 rate" },
      codingMode: { note: "-ac and layout: 1_0 mono, 2_0 stereo, 3_2_LFE 5.1 (absent: 2_0); 1_1 (dual mono) is encoded as stereo: ffmpeg's ac3 has no 1+1 mode", values: ["CODING_MODE_1_0", "CODING_MODE_2_0", "CODING_MODE_3_2_LFE"] },
      dialnorm: { note: "-dialnorm -N dB" },
      bitstreamMode: { note: "-audio_service_type (bsmod): ma, ef, vi, hi, di, co, em, vo" },
      lfeFilter: { note: "ENABLED (3_2_LFE): lowpass=f=120:c=LFE before the encoder" },
      attenuationControl: { note: "ATTENUATE_3_DB (3_2_LFE): pan filter with the surround channels at -3 dB" },
      drcProfile: { note: DOLBY_DRC, values: ["NONE"] },
      metadataControl: { note: DOLBY_METADATA, values: ["USE_CONFIGURED"] },
    },
  },
  Eac3Settings: {
    path: "encoderSettings.audioDescriptions[].codecSettings.eac3Settings",
    members: {
      bitrate: { note: "-b:a (absent: 96k for 1.0, 192k for 2.0, 384k for 3/2)" },
      codingMode: { note: "-ac and layout: 1_0 mono, 2_0 stereo, 3_2 5.0 or 5.1 with lfeControl (absent: 3_2)" },
      lfeControl: { note: "3_2: LFE (default) 5.1, NO_LFE 5.0" },
      lfeFilter: { note: "ENABLED (3_2 with LFE): lowpass=f=120:c=LFE before the encoder" },
      dcFilter: { note: "ENABLED: highpass=f=3 (DC block) on all channels" },
      attenuationControl: { note: "ATTENUATE_3_DB (3_2): pan filter with the surround channels at -3 dB" },
      dialnorm: { note: "-dialnorm -N dB" },
      bitstreamMode: { note: "-audio_service_type (bsmod)" },
      stereoDownmix: { note: "3_2: -dmix_mode (LO_RO loro, LT_RT ltrt, DPL2 dplii)" },
      ltRtCenterMixLevel: { note: "3_2: -ltrt_cmixlev (dB → linear; -60 = off)" },
      ltRtSurroundMixLevel: { note: "3_2: -ltrt_surmixlev (dB → linear)" },
      loRoCenterMixLevel: { note: "3_2: -loro_cmixlev (dB → linear)" },
      loRoSurroundMixLevel: { note: "3_2: -loro_surmixlev (dB → linear)" },
      surroundExMode: { note: "3_2: -dsurex_mode" },
      surroundMode: { note: "2_0: -dsur_mode" },
      passthroughControl: { note: "WHEN_POSSIBLE: a source that is E-AC-3 when the encoder starts is passed through unchanged" },
      drcLine: { note: DOLBY_DRC, values: ["NONE"] },
      drcRf: { note: DOLBY_DRC, values: ["NONE"] },
      metadataControl: { note: DOLBY_METADATA, values: ["USE_CONFIGURED"] },
    },
    told: { phaseControl: "the 90° surround phase shift has no per-channel ffmpeg equivalent (aphaseshift acts on every channel)" },
  },
  Mp2Settings: {
    path: "encoderSettings.audioDescriptions[].codecSettings.mp2Settings",
    members: {
      bitrate: { note: "-b:a (absent: 192k)" },
      codingMode: { note: "-ac: 1_0 mono, 2_0 stereo" },
      sampleRate: { note: "-ar (absent: 48000)" },
    },
  },

  AudioSelector: {
    path: "inputAttachments[].inputSettings.audioSelectors[]",
    members: {
      name: { note: "unique in the attachment" },
      selectorSettings: { note: "absent = the first audio track; audioPidSelection, audioLanguageSelection or audioTrackSelection" },
    },
  },
  AudioSelectorSettings: {
    path: "inputAttachments[].inputSettings.audioSelectors[].selectorSettings",
    union: true,
    members: {
      audioPidSelection: { note: "the audio elementary stream with this PID" },
      audioLanguageSelection: { note: "the first audio track whose PMT ISO 639 descriptor has this language; none: LOOSE (default) takes the first audio track, STRICT none (silence until it returns)" },
      audioTrackSelection: { note: "tracks[0].track: the 1-based track among the source's audio tracks (PMT order for TS; RTMP carries one)" },
    },
    told: { audioHlsRenditionSelection: "HLS audio rendition selection: HLS pull reads the muxed program only" },
  },
  AudioTrackSelection: {
    path: "inputAttachments[].inputSettings.audioSelectors[].selectorSettings.audioTrackSelection",
    members: { tracks: { note: "the first listed track feeds the selector; MediaLive's combining of several tracks into one is not reproduced" } },
    told: { dolbyEDecode: "Dolby E decoding: ffmpeg has a Dolby E decoder but not for Dolby E carried in SMPTE 337 PCM of a TS" },
  },
} as const satisfies Readonly<Record<string, ShapeSupport>>;
