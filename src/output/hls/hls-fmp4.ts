// An HLS output with fMP4 segments (hlsSettings.fmp4HlsSettings): ffmpeg's HLS muxer writes
// fragmented MP4 segments (-hls_segment_type fmp4, RFC 8216 §3.3) named `…_00001.mp4`, as
// MediaLive names them, and one initialization segment (ftyp + moov) that each media playlist
// names with EXT-X-MAP (§4.3.2.5). MediaLive documents the `.mp4` extension of fMP4 segments
// but not the name of the initialization segment: openlive writes `<baseName><nameModifier>_init.mp4`,
// beside the playlist, which never matches a segment name (no number) and so is never expired.
//
// What the sample entries are decides the CODECS attribute of the master playlist (RFC 6381):
// ffmpeg's mp4 muxer writes H.264 as `avc1` and H.265 as `hev1` (its first MP4 tag for HEVC;
// the encode is shared with MPEG-TS outputs, whose codec tag it cannot change per output), so
// an fMP4 variant's H.265 codec string starts with `hev1`.

export const FMP4_INIT_SUFFIX = "_init.mp4";

/** `<stem>.m3u8` → `<stem>_init.mp4`. */
export function fmp4InitName(playlistName: string): string {
  return `${playlistName.replace(/\.m3u8$/, "")}${FMP4_INIT_SUFFIX}`;
}

/** The RFC 6381 codec list of an fMP4 variant: an H.265 `hvc1.` string becomes the `hev1.` sample entry ffmpeg's mp4 muxer writes. */
export function fmp4Codecs(codecs: string): string {
  return codecs
    .split(",")
    .map((codec) => (codec.startsWith("hvc1.") ? `hev1.${codec.slice("hvc1.".length)}` : codec))
    .join(",");
}

