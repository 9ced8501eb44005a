// Escaping of a literal text placed in a filter option of -filter_complex. ffmpeg parses the
// text twice: the filter graph parser first (special: \ ' [ ] , ;), then the filter's option
// parser (special: \ ' :). Each level takes a backslash before a special character.

const OPTION_SPECIALS = /[\\':]/g;
const GRAPH_SPECIALS = /[\\'[\],;]/g;

export function escapeFilterText(text: string): string {
  return text.replace(OPTION_SPECIALS, (c) => `\\${c}`).replace(GRAPH_SPECIALS, (c) => `\\${c}`);
}
