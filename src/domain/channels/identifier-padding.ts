// The zero-padding of MediaLive's variable data identifiers (`$sn%05$` → 00007), in name and
// segment modifiers and in ID3 segment tags: its width is the user's number, and a width of a
// billion would make a string of a billion characters (per segment, for a tag). No identifier's
// value is longer than a few tens of characters, nor a file name than 255 bytes: a wider padding
// is refused at validation, and clamped where stored configurations are resolved.

/** The widest `%0n` accepted. */
export const MAX_IDENTIFIER_PAD_WIDTH = 255;

/** The first `%0n` of an identifier in `value` wider than MAX_IDENTIFIER_PAD_WIDTH, or undefined. */
export function overlongPadding(value: string): number | undefined {
  for (const match of value.matchAll(/\$[a-z]+%0(\d+)\$/g)) {
    const width = Number(match[1]);
    if (width > MAX_IDENTIFIER_PAD_WIDTH) return width;
  }
  return undefined;
}
