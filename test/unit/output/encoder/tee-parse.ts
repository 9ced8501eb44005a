// ffmpeg's reading of a tee muxer target, written after libavutil (av_get_token,
// av_opt_get_key_value) and libavformat/tee.c, so tests can read back what the plan wrote
// the way ffmpeg will.

const WHITESPACE = " \n\t\r";

/** av_get_token: up to the first unescaped, unquoted character of `terms`; returns the token and the rest. */
export function getToken(text: string, terms: string): [token: string, rest: string] {
  let p = 0;
  while (p < text.length && WHITESPACE.includes(text[p]!)) p++;
  let out = "";
  let end = 0;
  while (p < text.length && !terms.includes(text[p]!)) {
    const c = text[p++]!;
    if (c === "\\" && p < text.length) {
      out += text[p++];
      end = out.length;
    } else if (c === "'") {
      while (p < text.length && text[p] !== "'") out += text[p++];
      if (p < text.length) {
        p++;
        end = out.length;
      }
    } else out += c;
  }
  // Trailing whitespace after the last escaped or quoted character is dropped.
  while (out.length > end && WHITESPACE.includes(out[out.length - 1]!)) out = out.slice(0, -1);
  return [out, text.slice(p)];
}

export interface ParsedSlave {
  readonly options: ReadonlyMap<string, string>;
  readonly path: string;
}

function parseSlave(slave: string): ParsedSlave {
  const options = new Map<string, string>();
  if (!slave.startsWith("[")) return { options, path: slave };
  let rest = slave.slice(1);
  for (;;) {
    const key = /^[A-Za-z0-9_\-/.]+/.exec(rest)?.[0];
    if (!key || rest[key.length] !== "=") throw new TypeError(`tee slave option without key=: ${rest}`);
    const [value, after] = getToken(rest.slice(key.length + 1), ":]");
    options.set(key, value);
    if (after.length === 0) throw new TypeError(`tee slave options without ']': ${slave}`);
    rest = after.slice(1);
    if (after[0] === "]") break;
  }
  return { options, path: rest };
}

/** The slaves of a tee target, as tee.c cuts and reads them. */
export function parseTeeTarget(target: string): ParsedSlave[] {
  const slaves: ParsedSlave[] = [];
  let rest = target;
  while (rest.length > 0) {
    const [slave, after] = getToken(rest, "|");
    slaves.push(parseSlave(slave));
    rest = after.startsWith("|") ? after.slice(1) : after;
  }
  return slaves;
}
