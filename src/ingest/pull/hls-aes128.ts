// AES-128 segment decryption, RFC 8216 §4.3.2.4 and §5.2: AES-128-CBC with PKCS#7 padding
// over the whole segment, with the key file's 16 bytes as the key and the tag's IV, or,
// when the tag names none, the segment's media sequence number as a 128-bit big-endian IV.

import { createDecipheriv } from "node:crypto";

export const AES_128_KEY_BYTES = 16;

export function segmentIv(sequence: number, tagIv: Uint8Array | undefined): Uint8Array {
  if (tagIv !== undefined) return tagIv;
  const iv = new Uint8Array(16);
  new DataView(iv.buffer).setBigUint64(8, BigInt(sequence));
  return iv;
}

/** Throws on a wrong key or damaged padding; the caller treats that as a failed segment. */
export function decryptAes128(cipherText: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array {
  if (key.length !== AES_128_KEY_BYTES) throw new RangeError(`an AES-128 key has 16 bytes, this one ${key.length}`);
  const decipher = createDecipheriv("aes-128-cbc", key, iv);
  const head = decipher.update(cipherText);
  const tail = decipher.final();
  const plain = Buffer.concat([head, tail]);
  return new Uint8Array(plain.buffer, plain.byteOffset, plain.length);
}
