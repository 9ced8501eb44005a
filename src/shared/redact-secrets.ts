// One way to keep credentials out of anything a person reads: child output that reaches
// logs, alerts, check answers or errors. Pure.
//
// A secret can appear in several spellings. The WHATWG URL serializer percent-encodes the
// userinfo with its own set (it encodes "@" but leaves "$"), which differs from
// encodeURIComponent, so the forms are derived from the very URL object whose href went to
// the child, never re-encoded by hand. Any `scheme://user:…@` left over (a spelling we did
// not predict, a URL a child rebuilt) loses its password to a regex as a second net.

/** What a redacted secret is shown as. */
export const REDACTED = "***";

/**
 * Every spelling of `url`'s password (and of a raw password, when given) that can reach a
 * child's output: as serialized on the wire, decoded, and encodeURIComponent's form.
 */
export function urlSecretForms(url: URL, rawPassword?: string): string[] {
  const forms = new Set<string>();
  const add = (value: string | undefined): void => {
    if (value !== undefined && value !== "") forms.add(value);
  };
  add(url.password);
  add(safeDecode(url.password));
  add(rawPassword);
  if (rawPassword !== undefined) add(encodeURIComponent(rawPassword));
  return [...forms];
}

/**
 * `text` with every secret replaced (longest first, so a secret that contains another is
 * removed whole) and every URL password removed.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].filter((entry) => entry !== "").sort((a, b) => b.length - a.length)) out = out.split(secret).join(REDACTED);
  return stripUrlPasswords(out);
}

/**
 * A URL's userinfo password, wherever it appears in free text, becomes ***. A serialized
 * userinfo holds no "/", "@" or white space (WHATWG URL percent-encodes them), so the
 * password runs from the first ":" after "//" to the next "@".
 */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/@:'"]*):[^\s/@'"]*@/gi;

export function stripUrlPasswords(text: string): string {
  return text.replace(URL_PASSWORD, `$1:${REDACTED}@`);
}

function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
