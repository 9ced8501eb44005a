// Length-prefixed NAL units (ISO/IEC 14496-15 "AVCC", as carried in FLV/RTMP and MP4) and
// the AVCDecoderConfigurationRecord (avcC, ISO/IEC 14496-15 §5.3.3.1) that holds SPS/PPS.
// Malformed input never throws: conversion stops at the first length that does not fit.

import { joinAnnexB, splitAnnexB } from "./annex-b.ts";

export interface AvccSplit {
  readonly units: Uint8Array[];
  /** True when a length prefix ran past the end of the data (the rest was dropped). */
  readonly truncated: boolean;
}

/** Splits length-prefixed NAL units (`lengthSizeBytes` 1, 2 or 4). */
export function splitAvcc(data: Uint8Array, lengthSizeBytes = 4): AvccSplit {
  const units: Uint8Array[] = [];
  const size = lengthSizeBytes === 1 || lengthSizeBytes === 2 ? lengthSizeBytes : 4;
  let offset = 0;
  while (offset < data.length) {
    if (offset + size > data.length) return { units, truncated: true };
    let nalLength = 0;
    for (let k = 0; k < size; k++) nalLength = nalLength * 256 + (data[offset + k] ?? 0);
    offset += size;
    if (offset + nalLength > data.length) return { units, truncated: true };
    if (nalLength > 0) units.push(data.subarray(offset, offset + nalLength));
    offset += nalLength;
  }
  return { units, truncated: false };
}

/** Length-prefixed → Annex B (4-byte start codes). */
export function avccToAnnexB(data: Uint8Array, lengthSizeBytes = 4): Uint8Array {
  return joinAnnexB(splitAvcc(data, lengthSizeBytes).units);
}

/** Annex B → 4-byte length-prefixed NAL units. */
export function annexBToAvcc(data: Uint8Array): Uint8Array {
  const units = splitAnnexB(data);
  let total = 0;
  for (const unit of units) total += 4 + unit.length;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const unit of units) {
    view.setUint32(offset, unit.length);
    out.set(unit, offset + 4);
    offset += 4 + unit.length;
  }
  return out;
}

/**
 * AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1):
 *
 *   u8  configurationVersion (1)      u8 AVCProfileIndication
 *   u8  profile_compatibility         u8 AVCLevelIndication
 *   6b  reserved '111111' | 2b lengthSizeMinusOne
 *   3b  reserved '111'    | 5b numOfSequenceParameterSets
 *   repeat { u16 length, SPS NAL }
 *   u8  numOfPictureParameterSets
 *   repeat { u16 length, PPS NAL }
 *   (high profiles: chroma/bit-depth/SPS-ext fields follow; ignored here)
 */
export interface AvcDecoderConfig {
  readonly profileIndication: number;
  readonly profileCompatibility: number;
  readonly levelIndication: number;
  readonly lengthSizeBytes: number;
  readonly sps: Uint8Array[];
  readonly pps: Uint8Array[];
}

/** Parses an avcC record; undefined when it is too short or not version 1. */
export function parseAvcDecoderConfig(record: Uint8Array): AvcDecoderConfig | undefined {
  if (record.length < 7 || record[0] !== 1) return undefined;
  const lengthSizeBytes = ((record[4] ?? 0) & 0x03) + 1;
  let offset = 5;
  const readSets = (count: number): Uint8Array[] | undefined => {
    const sets: Uint8Array[] = [];
    for (let k = 0; k < count; k++) {
      if (offset + 2 > record.length) return undefined;
      const length = ((record[offset] ?? 0) << 8) | (record[offset + 1] ?? 0);
      offset += 2;
      if (offset + length > record.length) return undefined;
      sets.push(record.subarray(offset, offset + length));
      offset += length;
    }
    return sets;
  };
  const sps = readSets((record[offset++] ?? 0) & 0x1f);
  if (!sps || offset >= record.length) return undefined;
  const pps = readSets(record[offset++] ?? 0);
  if (!pps) return undefined;
  return {
    profileIndication: record[1] ?? 0,
    profileCompatibility: record[2] ?? 0,
    levelIndication: record[3] ?? 0,
    lengthSizeBytes,
    sps,
    pps,
  };
}

/** The parameter sets of an avcC record as Annex B (SPS first, then PPS). */
export function avcDecoderConfigToAnnexB(config: AvcDecoderConfig): Uint8Array {
  return joinAnnexB([...config.sps, ...config.pps]);
}
