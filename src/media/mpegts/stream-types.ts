// Maps PMT stream_type + ES descriptors to what openlive understands. Sources:
// ISO/IEC 13818-1 Table 2-34, ATSC A/52 (0x81 AC-3, 0x87 E-AC-3), ANSI/SCTE 35 (0x86),
// ANSI/SCTE 27 (0x82), ETSI EN 300 468 (0x06 + descriptor 0x6A/0x7A/0x56/0x59).
//
// LPCM decision: 0x80 is LPCM. It is the Blu-ray/HDMV value (BDAV TS, ffmpeg's
// PCM_BLURAY, what MediaLive calls "PCM" in TS inputs). 0x83 is *not* LPCM: on Blu-ray it is
// Dolby TrueHD and in broadcast TS it is user private, so it maps to UNKNOWN. SMPTE 302M
// (0x06 with registration "BSSD") is also reported as LPCM.
// When a registration descriptor says "HDMV", 0x82 (DTS) and 0x86 (DTS-HD) are audio, not
// SCTE-27/SCTE-35.

import { Codecs, type Codec, type TrackKind } from "../types.ts";
import { DescriptorTags, StreamTypes } from "./constants.ts";
import { hasDescriptor, registrationFormat, type Descriptor } from "./descriptors.ts";

export const StreamRoles = {
  VIDEO: "video",
  AUDIO: "audio",
  DVB_SUBTITLES: "dvb-subtitles",
  TELETEXT: "teletext",
  SCTE27: "scte27",
  SCTE35: "scte35",
  METADATA: "metadata",
  OTHER: "other",
} as const;
export type StreamRole = (typeof StreamRoles)[keyof typeof StreamRoles];

export interface StreamClassification {
  readonly codec: Codec;
  readonly kind: TrackKind;
  readonly role: StreamRole;
  /** Payload is carried in PSI sections, not PES (SCTE-35, SCTE-27). */
  readonly sections: boolean;
  /** Human note for codecs openlive recognises but does not process (e.g. "AAC in LATM"). */
  readonly note: string | null;
}

/** ISO/IEC 13818-1 Table 2-34: ISO/IEC 14496-2 (MPEG-4 Part 2) visual. Recognised to name it, not decoded. */
const MPEG4_VISUAL = 0x10;

function make(codec: Codec, kind: TrackKind, role: StreamRole, note: string | null = null, sections = false): StreamClassification {
  return { codec, kind, role, sections, note };
}

export function classifyStream(streamType: number, descriptors: readonly Descriptor[]): StreamClassification {
  const registration = registrationFormat(descriptors);
  const hdmv = registration === "HDMV";
  switch (streamType) {
    case StreamTypes.H264:
      return make(Codecs.H264, "video", StreamRoles.VIDEO);
    case StreamTypes.H265:
      return make(Codecs.H265, "video", StreamRoles.VIDEO);
    case StreamTypes.MPEG2_VIDEO:
      return make(Codecs.MPEG2_VIDEO, "video", StreamRoles.VIDEO);
    case StreamTypes.MPEG1_VIDEO:
      return make(Codecs.MPEG2_VIDEO, "video", StreamRoles.VIDEO, "MPEG-1 video (decoded as MPEG-2 video)");
    case MPEG4_VISUAL:
      return make(Codecs.UNKNOWN, "video", StreamRoles.VIDEO, "MPEG-4 Part 2 video");
    case StreamTypes.AAC_ADTS:
      return make(Codecs.AAC, "audio", StreamRoles.AUDIO);
    case StreamTypes.AAC_LATM:
      return make(Codecs.AAC, "audio", StreamRoles.AUDIO, "AAC in LATM/LOAS packaging (unsupported; ADTS expected)");
    case StreamTypes.MPEG1_AUDIO:
    case StreamTypes.MPEG2_AUDIO:
      return make(Codecs.MPEG_AUDIO, "audio", StreamRoles.AUDIO);
    case StreamTypes.AC3:
      return make(Codecs.AC3, "audio", StreamRoles.AUDIO);
    case StreamTypes.EAC3:
      return make(Codecs.EAC3, "audio", StreamRoles.AUDIO);
    case StreamTypes.LPCM:
      return make(Codecs.LPCM, "audio", StreamRoles.AUDIO);
    case StreamTypes.HDMV_TRUEHD:
      return make(Codecs.UNKNOWN, hdmv ? "audio" : "data", hdmv ? StreamRoles.AUDIO : StreamRoles.OTHER, hdmv ? "Dolby TrueHD (unsupported)" : "stream type 0x83 (user private)");
    case StreamTypes.SCTE27:
      return hdmv ? make(Codecs.UNKNOWN, "audio", StreamRoles.AUDIO, "DTS (unsupported)") : make(Codecs.UNKNOWN, "captions", StreamRoles.SCTE27, null, true);
    case StreamTypes.SCTE35:
      return hdmv ? make(Codecs.UNKNOWN, "audio", StreamRoles.AUDIO, "DTS-HD (unsupported)") : make(Codecs.UNKNOWN, "data", StreamRoles.SCTE35, null, true);
    case StreamTypes.METADATA_PES:
      return make(Codecs.UNKNOWN, "data", StreamRoles.METADATA);
    case StreamTypes.PRIVATE_PES:
      if (hasDescriptor(descriptors, DescriptorTags.DVB_AC3) || registration === "AC-3") return make(Codecs.AC3, "audio", StreamRoles.AUDIO);
      if (hasDescriptor(descriptors, DescriptorTags.DVB_ENHANCED_AC3) || registration === "EAC3") return make(Codecs.EAC3, "audio", StreamRoles.AUDIO);
      if (registration === "BSSD") return make(Codecs.LPCM, "audio", StreamRoles.AUDIO, "SMPTE 302M");
      if (registration === "Opus") return make(Codecs.UNKNOWN, "audio", StreamRoles.AUDIO, "Opus");
      if (hasDescriptor(descriptors, DescriptorTags.DVB_SUBTITLING)) return make(Codecs.UNKNOWN, "captions", StreamRoles.DVB_SUBTITLES);
      if (hasDescriptor(descriptors, DescriptorTags.TELETEXT) || hasDescriptor(descriptors, DescriptorTags.VBI_TELETEXT)) {
        return make(Codecs.UNKNOWN, "captions", StreamRoles.TELETEXT);
      }
      if (registration === "ID3 ") return make(Codecs.UNKNOWN, "data", StreamRoles.METADATA);
      return make(Codecs.UNKNOWN, "data", StreamRoles.OTHER, "private PES data");
    case StreamTypes.PRIVATE_SECTIONS:
      return make(Codecs.UNKNOWN, "data", StreamRoles.OTHER, "private sections", true);
    default:
      return make(Codecs.UNKNOWN, "data", StreamRoles.OTHER, `stream type 0x${streamType.toString(16).padStart(2, "0")}`);
  }
}
