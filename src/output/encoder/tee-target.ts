// The output "file name" of ffmpeg's tee muxer: one slave per destination, each
// `[key=value:…]path`, joined by '|' (https://ffmpeg.org/ffmpeg-formats.html#tee).
//
// ffmpeg reads it in two passes, both with av_get_token (a backslash escapes the next
// character, '…' quotes literally): first it cuts the whole text at '|' into slaves, then it
// cuts each slave's bracket into options at ':' and ']' (keys end at '='). So an option value
// is escaped for the second pass and the whole slave again for the first. A value that is
// itself a `k=v:k=v` list (hls_segment_options) is passed as one escaped value: the slave's
// muxer splits it again at its own ':' only.

/**
 * What a slave's option value must escape: the quote and escape characters, the option-list
 * delimiters, and white space (av_get_token drops it at either end unless escaped).
 */
const OPTION_SPECIALS = /[\\':\]\s]/g;
/** What a whole slave must escape: the quote and escape characters, the slave delimiter and white space. */
const SLAVE_SPECIALS = /[\\'|\s]/g;

export const escapeTeeOptionValue = (value: string): string => value.replace(OPTION_SPECIALS, "\\$&");
export const escapeTeeSlave = (slave: string): string => slave.replace(SLAVE_SPECIALS, "\\$&");

export interface TeeSlave {
  /** The slave's muxer, e.g. "hls". */
  readonly format: string;
  /** Muxer options (without the leading '-'), in order. */
  readonly options: readonly (readonly [key: string, value: string])[];
  /** Stream indexes of the tee output this slave receives (tee's select). */
  readonly streamIndexes: readonly number[];
  /** The slave's output path or URL. */
  readonly path: string;
}

/**
 * One slave's text before the first-pass escape. `onfail=abort`: a slave that fails (its folder
 * gone, the disk full) stops ffmpeg, and the encoder supervisor restarts it with backoff and
 * reports it, as when every output was its own ffmpeg output. (`ignore` would leave the failed
 * destination silent until the next restart; network destinations that may refuse are sent
 * from the pipeline worker behind a relay instead, so none of them fails a slave.)
 */
function slaveText(slave: TeeSlave): string {
  const options: (readonly [string, string])[] = [["f", slave.format], ...slave.options, ["select", slave.streamIndexes.join(",")], ["onfail", "abort"]];
  return `[${options.map(([key, value]) => `${key}=${escapeTeeOptionValue(value)}`).join(":")}]${slave.path}`;
}

/** The tee muxer's output argument for `slaves`. */
export function teeTarget(slaves: readonly TeeSlave[]): string {
  return slaves.map((slave) => escapeTeeSlave(slaveText(slave))).join("|");
}
