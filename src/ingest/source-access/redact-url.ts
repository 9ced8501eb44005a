// How a source URL is shown in messages, logs and alerts, by the create-time check and the
// running pull alike. Pure.

/**
 * A URL fit for a message: a password written into the URL (`https://user:pass@host/`) is
 * dropped, the user name kept. Anything that does not parse as a URL is returned as is.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.password === "") return url;
  parsed.password = "";
  return parsed.toString();
}
