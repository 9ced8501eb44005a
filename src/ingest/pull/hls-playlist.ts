// What the HLS pull client needs from a playlist (RFC 8216 §4): for a master playlist
// (multivariant, §4.3.4) the variant to play, for a media playlist (§4.3.3) its segments
// with absolute URIs, media sequence numbers (§4.3.3.2, each segment's is the playlist's
// EXT-X-MEDIA-SEQUENCE plus its position), durations and keys. Pure: text and base URL in.

import { parsePlaylistText } from "../source-access/playlist-text.ts";

export interface HlsSegmentKey {
  /** NONE, AES-128, SAMPLE-AES, … (RFC 8216 §4.3.2.4). */
  readonly method: string;
  readonly uri?: string;
  /** The 16-byte IV of the tag, when it names one (otherwise the sequence number is the IV, §5.2). */
  readonly iv?: Uint8Array;
}

export interface HlsSegmentRef {
  readonly uri: string;
  readonly sequence: number;
  readonly durationMs: number;
  readonly discontinuity: boolean;
  readonly key?: HlsSegmentKey;
  /** EXT-X-MAP or an .mp4/.m4s URI: fragmented MP4, which openlive does not take. */
  readonly fragmentedMp4: boolean;
}

export interface HlsMediaPlaylist {
  readonly kind: "media";
  readonly targetDurationMs: number;
  /** EXT-X-ENDLIST: VOD (or a finished event), played from the start. */
  readonly endList: boolean;
  readonly segments: readonly HlsSegmentRef[];
}

export interface HlsVariantRef {
  readonly uri: string;
  readonly bandwidthBps: number;
}

export interface HlsMasterPlaylist {
  readonly kind: "master";
  readonly variants: readonly HlsVariantRef[];
}

export type ParsedHlsPlaylist = HlsMediaPlaylist | HlsMasterPlaylist | { readonly kind: "invalid" };

const FRAGMENTED_MP4_PATH = /\.(mp4|m4s|m4v|m4a|cmfv|cmfa)$/i;

export function parseHlsPlaylist(text: string, baseUrl: string): ParsedHlsPlaylist {
  const playlist = parsePlaylistText(text);
  if (!playlist) return { kind: "invalid" };
  if (playlist.isMasterPlaylist) {
    const variants: HlsVariantRef[] = [];
    for (const variant of playlist.variants) {
      const uri = absolute(variant.uri, baseUrl);
      if (uri !== undefined && !variant.isIFrameOnly) variants.push({ uri, bandwidthBps: variant.bandwidth ?? 0 });
    }
    return { kind: "master", variants };
  }
  const segments: HlsSegmentRef[] = [];
  const base = playlist.mediaSequenceBase ?? 0;
  playlist.segments.forEach((segment, index) => {
    const uri = absolute(segment.uri, baseUrl);
    if (uri === undefined) return;
    const key = segment.key ? toKey(segment.key, baseUrl) : undefined;
    segments.push({
      uri,
      sequence: Number.isInteger(segment.mediaSequenceNumber) ? segment.mediaSequenceNumber : base + index,
      durationMs: Math.round((segment.duration ?? 0) * 1000),
      discontinuity: segment.discontinuity === true,
      ...(key ? { key } : {}),
      fragmentedMp4: (segment.map !== undefined && segment.map !== null) || FRAGMENTED_MP4_PATH.test(new URL(uri).pathname),
    });
  });
  return { kind: "media", targetDurationMs: Math.max(1, playlist.targetDuration ?? 1) * 1000, endList: playlist.endlist === true, segments };
}

/**
 * MediaLive's hlsInputSettings.bandwidth: the variant with the highest BANDWIDTH not above
 * it, or the lowest when every variant is above; without it, the highest.
 */
export function chooseVariant(variants: readonly HlsVariantRef[], maxBandwidthBps?: number): HlsVariantRef | undefined {
  const byBandwidth = [...variants].sort((a, b) => a.bandwidthBps - b.bandwidthBps);
  if (maxBandwidthBps === undefined || maxBandwidthBps <= 0) return byBandwidth.at(-1);
  return byBandwidth.filter((variant) => variant.bandwidthBps <= maxBandwidthBps).at(-1) ?? byBandwidth[0];
}

function toKey(key: { method: string; uri?: string; iv?: ArrayBuffer }, baseUrl: string): HlsSegmentKey {
  const uri = key.uri !== undefined ? absolute(key.uri, baseUrl) : undefined;
  return {
    method: key.method,
    ...(uri !== undefined ? { uri } : {}),
    ...(key.iv ? { iv: new Uint8Array(key.iv) } : {}),
  };
}

function absolute(uri: string | undefined, baseUrl: string): string | undefined {
  if (typeof uri !== "string" || uri.trim() === "") return undefined;
  try {
    return new URL(uri.trim(), baseUrl).href;
  } catch {
    return undefined;
  }
}
