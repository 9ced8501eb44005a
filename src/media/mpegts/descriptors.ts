// Descriptor loops, ISO/IEC 13818-1 §2.6 (Table 2-45): back-to-back tag/length/data.
//
// +-------------------+----------------------+------------------------------+
// | descriptor_tag (8)| descriptor_length (8)| data (descriptor_length)      |
// +-------------------+----------------------+------------------------------+

import { DescriptorTags } from "./constants.ts";

export interface Descriptor {
  readonly tag: number;
  readonly data: Uint8Array;
}

export interface DescriptorLoop {
  readonly descriptors: readonly Descriptor[];
  /** True when the last descriptor ran past the loop end (it is dropped). */
  readonly truncated: boolean;
}

/** Parses `bytes[start, end)`; data are copies, safe to keep. */
export function parseDescriptors(bytes: Uint8Array, start: number, end: number): DescriptorLoop {
  const descriptors: Descriptor[] = [];
  const limit = Math.min(end, bytes.length);
  let offset = start;
  while (offset + 2 <= limit) {
    const tag = bytes[offset] ?? 0;
    const length = bytes[offset + 1] ?? 0;
    if (offset + 2 + length > limit) return { descriptors, truncated: true };
    descriptors.push({ tag, data: bytes.slice(offset + 2, offset + 2 + length) });
    offset += 2 + length;
  }
  return { descriptors, truncated: offset !== limit };
}

/** format_identifier of a registration descriptor (§2.6.8), as 4 ASCII characters, if present. */
export function registrationFormat(descriptors: readonly Descriptor[]): string | null {
  const registration = descriptors.find((d) => d.tag === DescriptorTags.REGISTRATION && d.data.length >= 4);
  if (!registration) return null;
  return String.fromCharCode(registration.data[0] ?? 0, registration.data[1] ?? 0, registration.data[2] ?? 0, registration.data[3] ?? 0);
}

export function hasDescriptor(descriptors: readonly Descriptor[], tag: number): boolean {
  return descriptors.some((d) => d.tag === tag);
}

/** ISO_639_language_code of the first entry of an ISO 639 language descriptor (§2.6.18), lower case, if present. */
export function iso639Language(descriptors: readonly Descriptor[]): string | null {
  const descriptor = descriptors.find((d) => d.tag === DescriptorTags.ISO_639_LANGUAGE && d.data.length >= 3);
  if (!descriptor) return null;
  const code = String.fromCharCode(descriptor.data[0] ?? 0, descriptor.data[1] ?? 0, descriptor.data[2] ?? 0);
  return /^[A-Za-z]{3}$/.test(code) ? code.toLowerCase() : null;
}
