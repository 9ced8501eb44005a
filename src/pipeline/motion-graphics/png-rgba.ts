// Decodes the PNG frames Chromium's screencast sends into straight-alpha RGBA (the overlay
// canvas's pixels). Chromium writes 8-bit, non-interlaced truecolour PNGs, with alpha (colour
// type 6) or without (type 2); only those are read. PNG (RFC 2083 / ISO/IEC 15948): the IDAT
// chunks hold one zlib stream of scanlines, each preceded by its filter type (None, Sub, Up,
// Average, Paeth). Pure.

import { inflateSync } from "node:zlib";
import type { RgbaImage } from "../program/overlay-canvas.ts";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** No frame is larger than 8K UHD. */
const MAX_PIXELS = 7680 * 4320;

/** The RGBA picture of a PNG, or an Error saying why it is not one read here. */
export function decodePngRgba(png: Uint8Array): RgbaImage | Error {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(SIGNATURE)) return new Error("not a PNG");
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Buffer[] = [];
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString("latin1", at + 4, at + 8);
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (body.length < length) return new Error("truncated PNG");
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colourType, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      if (depth !== 8 || interlace !== 0 || (colourType !== 6 && colourType !== 2)) return new Error(`PNG of bit depth ${depth}, colour type ${colourType}, interlace ${interlace}: only 8-bit non-interlaced RGB(A) is read`);
      channels = colourType === 6 ? 4 : 3;
      if (width < 1 || height < 1 || width * height > MAX_PIXELS) return new Error(`PNG of ${width}x${height}`);
    } else if (type === "IDAT") data.push(body);
    else if (type === "IEND") break;
    at += 12 + length;
  }
  if (channels === 0 || data.length === 0) return new Error("PNG without IHDR or IDAT");
  const stride = width * channels;
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(data), { maxOutputLength: (stride + 1) * height });
  } catch (error) {
    return new Error(`PNG data: ${(error as Error).message}`);
  }
  if (raw.length < (stride + 1) * height) return new Error("PNG data shorter than its picture");
  const lines = unfilter(raw, stride, height, channels);
  if (lines instanceof Error) return lines;
  if (channels === 4) return { width, height, rgba: lines };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0, o = 0; i < lines.length; i += 3, o += 4) {
    rgba[o] = lines[i]!;
    rgba[o + 1] = lines[i + 1]!;
    rgba[o + 2] = lines[i + 2]!;
    rgba[o + 3] = 255;
  }
  return { width, height, rgba };
}

function unfilter(raw: Buffer, stride: number, height: number, bpp: number): Uint8Array | Error {
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = y * (stride + 1) + 1;
    const row = y * stride;
    const prior = row - stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[row + x - bpp]! : 0;
      const b = y > 0 ? out[prior + x]! : 0;
      const c = x >= bpp && y > 0 ? out[prior + x - bpp]! : 0;
      let predictor: number;
      switch (filter) {
        case 0: predictor = 0; break;
        case 1: predictor = a; break;
        case 2: predictor = b; break;
        case 3: predictor = (a + b) >> 1; break;
        case 4: predictor = paeth(a, b, c); break;
        default: return new Error(`PNG filter type ${filter}`);
      }
      out[row + x] = (raw[line + x]! + predictor) & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
