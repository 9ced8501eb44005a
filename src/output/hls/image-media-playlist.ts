// The image media playlist of a trick-play image track (Image Media Playlist specification
// v0.4, time-based method): RFC 8216 media playlist syntax with EXT-X-IMAGES-ONLY, each image
// a whole picture (EXT-X-TILES LAYOUT=1x1) covering one segment duration; and the master
// playlist line that names it (EXT-X-IMAGE-STREAM-INF). Pure text in, text out.

export interface ListedImage {
  readonly name: string;
  readonly number: number;
}

export interface ImagePlaylistRequest {
  /** The images in the window, oldest first, numbers consecutive. */
  readonly images: readonly ListedImage[];
  readonly segmentLengthSec: number;
  readonly width: number;
  readonly height: number;
}

export function renderImagePlaylist(request: ImagePlaylistRequest): string {
  const duration = request.segmentLengthSec.toFixed(3);
  const lines = [
    "#EXTM3U",
    "#EXT-X-VERSION:7",
    `#EXT-X-TARGETDURATION:${Math.ceil(request.segmentLengthSec)}`,
    `#EXT-X-MEDIA-SEQUENCE:${request.images[0]?.number ?? 1}`,
    "#EXT-X-IMAGES-ONLY",
  ];
  for (const image of request.images) {
    lines.push(`#EXTINF:${duration},`, `#EXT-X-TILES:RESOLUTION=${request.width}x${request.height},LAYOUT=1x1,DURATION=${duration}`, image.name);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * BANDWIDTH is a peak (RFC 8216 §4.3.4.2): mjpeg at quality scale 3 (frame-capture-args.ts)
 * stays below 3 bits per pixel on detailed pictures, plus about 1 KiB of JPEG headers
 * (quantisation and Huffman tables). Measured: 160x90 test pattern pictures of 4.0–4.4 KB.
 */
const JPEG_BITS_PER_PIXEL = 3;
const JPEG_HEADER_BITS = 8 * 1024;

/** EXT-X-IMAGE-STREAM-INF: BANDWIDTH one image per segment, CODECS "jpeg", RESOLUTION, URI (Image Media Playlist v0.4 §3). */
export function imageStreamInf(stream: { readonly width: number; readonly height: number; readonly uri: string }, segmentLengthSec: number): string {
  const bandwidth = Math.round((stream.width * stream.height * JPEG_BITS_PER_PIXEL + JPEG_HEADER_BITS) / segmentLengthSec);
  return `#EXT-X-IMAGE-STREAM-INF:BANDWIDTH=${bandwidth},RESOLUTION=${stream.width}x${stream.height},CODECS="jpeg",URI="${stream.uri.replace(/["\r\n]/g, "'")}"`;
}
