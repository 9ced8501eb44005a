// Deterministic pseudo-random bytes (xorshift32, Marsaglia 2003): for protocol fields whose randomness no
// peer verifies (the RTMP simple handshake) and for reproducible test data. Not for anything secret.

export function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed | 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
