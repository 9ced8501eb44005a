// The "authmod=adobe" challenge/response with which Adobe Flash Media Server (and the FMS-based
// ingest entry points of CDNs such as Akamai) let an encoder publish, as Flash Media Live
// Encoder 3 speaks it. Adobe documents the frame of it (FMLE 3 help, "Client and server adaptor
// interaction": the server prefixes each rejection reason with `[ authmod=<name> ] :` and the
// client answers with parameters in the connect URL's query string); the steps and the hash are
// described publicly at https://blog.csdn.net/ababab12345/article/details/108073421:
//   1. connect(app?authmod=adobe&user=U) → _error "… [ authmod=adobe ] : ?reason=needauth&user=U&salt=S&challenge=C&opaque=O"
//      (a connect without user gets "[ code=403 need auth; authmod=adobe ]" first)
//   2. a new connection: connect(app?authmod=adobe&user=U&challenge=CC&response=R&opaque=O), where
//      R = base64(md5(base64(md5(U + S + password)) + (O, or C when the server gave no opaque) + CC))
//      and CC is the client's own challenge; the server keeps base64(md5(U + S + password)) in its
//      user file, so the password itself never travels.
//   3. a wrong response is answered "?reason=authfailed".
// Pure: no sockets, no clocks; the MD5 digest (RFC 1321) comes from the caller, so that this
// layer imports no Node builtin (the edge passes node:crypto's).

export const ADOBE_AUTHMOD = "adobe";

/** What a connect's `_error` description says about the adobe challenge. */
export type AdobeAuthReply =
  /** The server wants credentials (`code=403 need auth; authmod=adobe`): connect again with the user. */
  | { readonly kind: "need-auth" }
  /** The server's challenge for the user: connect again with the response. */
  | { readonly kind: "challenge"; readonly salt: string; readonly challenge: string; readonly opaque: string }
  /** The response did not match: the credentials are wrong. */
  | { readonly kind: "auth-failed" }
  /** Anything else (another authmod, no authmod, a plain refusal). */
  | { readonly kind: "other" };

export interface AdobeAuthAnswer {
  readonly user: string;
  readonly salt: string;
  readonly challenge: string;
  readonly opaque: string;
  readonly clientChallenge: string;
}

/** base64 of the MD5 digest of the text's UTF-8 bytes. */
export type Md5Base64 = (text: string) => string;

/** base64(md5(user + salt + password)): what the server stores for the user. */
export function adobeAuthSecret(user: string, salt: string, password: string, md5Base64: Md5Base64): string {
  return md5Base64(user + salt + password);
}

/** The response to a challenge (step 2 above); the opaque value when the server gave one, else its challenge. */
export function adobeAuthResponse(answer: Omit<AdobeAuthAnswer, "user">, user: string, password: string, md5Base64: Md5Base64): string {
  return md5Base64(adobeAuthSecret(user, answer.salt, password, md5Base64) + (answer.opaque !== "" ? answer.opaque : answer.challenge) + answer.clientChallenge);
}

/** Reads the description of a connect's `_error` (NetConnection.Connect.Rejected). */
export function parseAdobeAuthReply(description: string): AdobeAuthReply {
  if (!/authmod=adobe\b/.test(description)) return { kind: "other" };
  const queryAt = description.indexOf("?reason=");
  if (queryAt < 0) return /need auth/.test(description) ? { kind: "need-auth" } : { kind: "other" };
  const params = rawQueryParams(description.slice(queryAt + 1).split(/\s/)[0] ?? "");
  const reason = params.get("reason");
  if (reason === "authfailed") return { kind: "auth-failed" };
  const salt = params.get("salt");
  if (reason === "needauth" && salt) return { kind: "challenge", salt, challenge: params.get("challenge") ?? "", opaque: params.get("opaque") ?? "" };
  return { kind: "other" };
}

/**
 * `key=value&…` as the server writes it: base64 values raw (a `+` is a `+`, not a space as
 * URLSearchParams would read it), split at each value's first `=`.
 */
export function rawQueryParams(query: string): ReadonlyMap<string, string> {
  const params = new Map<string, string>();
  for (const pair of query.split("&")) {
    const at = pair.indexOf("=");
    if (at > 0) params.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return params;
}

/** Query of the first connect: names the authmod and the user. */
export function adobeAuthUserQuery(user: string): string {
  return `?authmod=${ADOBE_AUTHMOD}&user=${encodeURIComponent(user)}`;
}

/** Query of the connect that answers a challenge: the base64 values go raw, as the server wrote them. */
export function adobeAuthResponseQuery(answer: AdobeAuthAnswer, response: string): string {
  const opaque = answer.opaque !== "" ? `&opaque=${answer.opaque}` : "";
  return `${adobeAuthUserQuery(answer.user)}&challenge=${answer.clientChallenge}&response=${response}${opaque}`;
}

/** The server's challenge, as the client keeps it for its next connect. */
export type AdobeChallenge = Omit<AdobeAuthAnswer, "user" | "clientChallenge">;

/**
 * The query of a client's next connect: the user alone (step 1), or with the response to the
 * challenge the server gave the previous connect (step 2; `clientChallenge` is the client's own).
 */
export function adobeAuthConnectQuery(user: string, password: string, challenge: AdobeChallenge | undefined, clientChallenge: string, md5Base64: Md5Base64): string {
  if (!challenge) return adobeAuthUserQuery(user);
  const answer = { user, ...challenge, clientChallenge };
  return adobeAuthResponseQuery(answer, adobeAuthResponse(answer, user, password, md5Base64));
}
