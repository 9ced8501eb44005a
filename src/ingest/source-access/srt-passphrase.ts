// Whether libsrt will take a passphrase, asked by the create-time check and by the running SRT
// caller before it starts its child. Pure.

/** libsrt refuses passphrases outside 10–79 characters (SRTO_PASSPHRASE). */
const SRT_PASSPHRASE_LENGTH = { min: 10, max: 79 } as const;

export function srtPassphraseProblem(passphrase: string): string | undefined {
  const length = [...passphrase].length;
  if (length < SRT_PASSPHRASE_LENGTH.min || length > SRT_PASSPHRASE_LENGTH.max) {
    return `SRT passphrase must be ${SRT_PASSPHRASE_LENGTH.min}–${SRT_PASSPHRASE_LENGTH.max} characters (the secret holds ${length})`;
  }
  return undefined;
}
