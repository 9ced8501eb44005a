// The shapes of an encoder plan: what the pipeline worker tells planEncoder about the MPEG-TS
// it writes into ffmpeg's stdin, where each output group publishes, and what comes back
// (ffmpeg arguments plus the facts the worker needs for master playlists and monitoring).

import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import type { HlsGroupSettings } from "../../model/generated/medialive-types.ts";
import type { PlannedOverlays } from "./overlay-inputs.ts";

export interface FrameRate {
  readonly num: number;
  readonly den: number;
}

/** What the worker knows about one audio stream of the fed TS (all optional: unknown → configured values). */
export interface FedAudioStream {
  /** RFC 6381 codec of the stream, e.g. "mp4a.40.2", "ac-3", "ec-3"; used for pass-through CODECS. */
  readonly codecs?: string;
  /** Peak bitrate of the stream, for pass-through BANDWIDTH. */
  readonly bitrateBps?: number;
  /** ISO 639 language of the source track (languageCodeControl FOLLOW_INPUT). */
  readonly languageCode?: string;
  /** ISO 639 descriptor audio_type of the source track, 0–3 (audioTypeControl FOLLOW_INPUT). */
  readonly audioType?: number;
  /** Channel count of the source track (a remix leaves out input channels the source lacks). */
  readonly channels?: number;
}

/** What the worker writes into ffmpeg's stdin TS. */
export interface FedStreamLayout {
  readonly videoCodec: "H264" | "H265" | "MPEG2_VIDEO";
  /** Of the source at encoder start (used when a videoDescription has no width/height). */
  readonly width: number;
  readonly height: number;
  /** Of the source (used for INITIALIZE_FROM_SOURCE). */
  readonly frameRate: FrameRate;
  /** Of the source (used for parControl INITIALIZE_FROM_SOURCE); absent = square pixels. */
  readonly sampleAspectRatio?: FrameRate;
  /** Fed TS audio stream i (ffmpeg 0:a:i) is the audio selector with this name ("" for descriptions naming none: the default track). */
  readonly audioSelectorNames: readonly string[];
  /** Optional facts about fed audio stream i (same order as audioSelectorNames). */
  readonly audioStreams?: readonly (FedAudioStream | undefined)[];
}

/** A local folder: where the encoder writes (an http(s) destination is staged in one and mirrored). */
export interface FileDestination {
  readonly kind: "file";
  readonly folder: string;
  readonly baseName: string;
}

export interface HttpDestination {
  readonly kind: "http";
  /** Folder URL ending in '/'. */
  readonly url: string;
  readonly baseName: string;
  readonly username?: string;
  readonly password?: string;
  readonly method: "PUT";
}

/** A folder of an S3 bucket (s3:// or s3ssl://); the bucket's endpoint and credentials come from the S3 configuration. */
export interface S3Destination {
  readonly kind: "s3";
  readonly bucket: string;
  /** "" or "path/to/". */
  readonly keyPrefix: string;
  readonly baseName: string;
  readonly tls: boolean;
}

export type ResolvedDestination = FileDestination | HttpDestination | S3Destination;

export interface EncoderPlanRequest {
  /** Already validated by src/domain/channels/validate-channel.ts. */
  readonly config: ChannelConfig;
  readonly pipelineIndex: 0 | 1;
  readonly fed: FedStreamLayout;
  /** outputGroup name → the local folder the encoder writes it to (destinations[].settings[pipelineIndex], http(s) ones staged). */
  readonly destinations: ReadonlyMap<string, FileDestination>;
  /** outputSlaveKey(group, output) → the relay socket URL its tee slave writes to (relay/slave-socket.ts); absent: none. */
  readonly slaveTargets?: ReadonlyMap<string, string>;
  /** JPEG rewritten every ~2 s from the first video description's output. */
  readonly thumbnailFile: string;
  /** When the encoder starts (ms since the epoch): date identifiers in nameModifiers resolve to it. Absent: 0. */
  readonly startedAtMs?: number;
  /** The folder of the image overlay canvases (overlay-inputs.ts); absent: the encoder composites no overlays. */
  readonly overlayCanvasFolder?: string;
}

export const RATE_CONTROL_MODES = { CBR: "CBR", VBR: "VBR", QVBR: "QVBR" } as const;
export type RateControlMode = (typeof RATE_CONTROL_MODES)[keyof typeof RATE_CONTROL_MODES];

export interface PlannedAudio {
  readonly audioDescriptionName: string;
  /** null for pass-through of a stream whose bitrate the worker did not report. */
  readonly bitrateBps: number | null;
  /** RFC 6381 codec, e.g. "mp4a.40.2". */
  readonly codecs: string;
  readonly languageCode?: string;
  /** audioDescription.streamName (the rendition's NAME, if audio renditions are ever split out). */
  readonly streamName?: string;
}

export interface PlannedVariant {
  readonly outputGroupName: string;
  readonly outputName: string;
  readonly nameModifier: string;
  /** `${baseName}${nameModifier}.m3u8`, relative to the group's folder. */
  readonly playlistName: string;
  /** printf-style segment file template (`${baseName}${nameModifier}${segmentModifier}_%05d.ts`). */
  readonly segmentTemplate: string;
  /** segmentTemplate is expanded by strftime first (a segmentModifier with `$dt$`, `$d$` or `$t$`): `%Y%m%d…` and `%%05d`. */
  readonly segmentStrftime?: boolean;
  readonly videoDescriptionName: string;
  readonly width: number;
  readonly height: number;
  readonly frameRate: FrameRate;
  readonly rateControlMode: RateControlMode;
  /** Target average video bitrate (CBR/VBR bitrate; QVBR: maxBitrate, the only figure known in advance). */
  readonly videoBitrateBps: number;
  /** Peak video bitrate (VBR and QVBR maxBitrate; CBR: bitrate). */
  readonly maxBitrateBps?: number;
  readonly audioBitratesBps: number[];
  readonly audio: readonly PlannedAudio[];
  /** RFC 6381, e.g. "avc1.64001f,mp4a.40.2". */
  readonly codecs: string;
  /** The variant's video carries A/53 CEA-608/708 captions. */
  readonly captions: boolean;
  readonly captionDescriptionNames: readonly string[];
  /** standardHlsSettings.audioRenditionSets: the audio groups (audioGroupId) whose renditions go with this variant. */
  readonly audioGroupIds?: readonly string[];
  /** fMP4 segments (fmp4HlsSettings): the initialization segment the playlist names in EXT-X-MAP; absent: MPEG-TS. */
  readonly fmp4InitName?: string;
}

/** A frame capture output of an HLS group (frameCaptureHlsSettings): one JPEG per segment, listed by an image media playlist. */
export interface PlannedImageStream {
  readonly outputName: string;
  /** `${baseName}${nameModifier}.m3u8`: the image media playlist, relative to the group's folder. */
  readonly playlistName: string;
  /** `${baseName}${nameModifier}${segmentModifier}_` : the image number (five digits) and `.jpg` follow. */
  readonly imageStem: string;
  /** Where the encoder writes the pictures (image2 numbering, `%05d`), outside the published folder. */
  readonly stagingFolder: string;
  readonly stagingPrefix: string;
  readonly width: number;
  readonly height: number;
}

export const AUDIO_TRACK_TYPES = {
  ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT: "ALTERNATE_AUDIO_AUTO_SELECT_DEFAULT",
  ALTERNATE_AUDIO_AUTO_SELECT: "ALTERNATE_AUDIO_AUTO_SELECT",
  ALTERNATE_AUDIO_NOT_AUTO_SELECT: "ALTERNATE_AUDIO_NOT_AUTO_SELECT",
  AUDIO_ONLY_VARIANT_STREAM: "AUDIO_ONLY_VARIANT_STREAM",
} as const;
export type AudioTrackType = (typeof AUDIO_TRACK_TYPES)[keyof typeof AUDIO_TRACK_TYPES];

/** An audio-only HLS output (audioOnlyHlsSettings): its own media playlist, listed as an audio rendition or an audio-only variant. */
export interface PlannedAudioRendition {
  readonly outputName: string;
  /** `${baseName}${nameModifier}.m3u8`, relative to the group's folder. */
  readonly playlistName: string;
  readonly segmentTemplate: string;
  readonly segmentStrftime?: boolean;
  /** segmentType FMP4: the initialization segment the playlist names in EXT-X-MAP; absent: MPEG-TS. */
  readonly fmp4InitName?: string;
  /** audioGroupId (MediaLive's default "program_audio"). */
  readonly audioGroupId: string;
  readonly trackType: AudioTrackType;
  /** The output's first audio description (the rendition's NAME and LANGUAGE). */
  readonly audio: PlannedAudio;
  /** Sum of the output's audio bitrates (pass-through of unknown bitrate: an assumed peak). */
  readonly bitrateBps: number;
  /** RFC 6381 codecs of the output's audio, e.g. "mp4a.40.2". */
  readonly codecs: string;
}

export interface PlannedGroup {
  readonly name: string;
  readonly destination: FileDestination;
  readonly segmentLengthSec: number;
  readonly indexNSegments: number;
  readonly keepSegments: number;
  /** EMIT_OUTPUT keeps publishing fill; PAUSE_OUTPUT: the worker stops feeding this group (MediaLive's HLS inputLossAction). */
  readonly inputLossAction: "EMIT_OUTPUT" | "PAUSE_OUTPUT";
  /** The group's MediaLive settings, for renderMasterPlaylist. */
  readonly settings: HlsGroupSettings;
  /** `${baseName}.m3u8`: the master playlist the worker writes with renderMasterPlaylist. */
  readonly masterPlaylistName: string;
  readonly variants: readonly PlannedVariant[];
  /** The group's audio-only outputs (absent: none). */
  readonly audioRenditions?: readonly PlannedAudioRendition[];
  /** The group's frame capture outputs (absent: none). */
  readonly imageStreams?: readonly PlannedImageStream[];
}

/** Where one locked encoder run starts (output-locking.ts). */
export interface LockedRun {
  /** The first segment boundary of the run (epoch ms): its first segment ends one segment length after it. */
  readonly boundaryMs: number;
  /** The run's first frame (epoch 90 kHz ticks, unwrapped): the last frame of the epoch grid at or before the boundary. */
  readonly firstFrame90k: number;
  /** `-itsoffset` of the run: the 2^33-tick periods before its first frame, in seconds. */
  readonly inputOffsetSec: string;
}

export interface EncoderPlan {
  readonly args: readonly string[];
  /** outputLockingMode EPOCH_LOCKING or PIPELINE_LOCKING: each run starts as output-locking.ts says (lockedRunPlan). */
  readonly outputLocked?: boolean;
  /** The plan of one locked encoder run: where it starts (its args carry its input offset). */
  readonly lockedRun?: LockedRun;
  readonly variants: readonly PlannedVariant[];
  readonly groups: readonly PlannedGroup[];
  /**
   * ffmpeg writes `-progress` key=value blocks (frame=, out_time_us=, speed=, … ending in
   * progress=continue|end) every second to this file descriptor: spawn with stdio[3] = "pipe".
   */
  readonly progressFd: number;
  /** Things the configuration asks for that this ffmpeg cannot do exactly (logged by the worker). */
  readonly warnings: readonly string[];
  /** The overlay canvases the encoder reads (they must exist before it starts); absent without overlayCanvasFolder. */
  readonly overlays?: PlannedOverlays;
}
