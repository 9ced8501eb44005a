// The user name and password a pull source authenticates with, for the create-time check
// (synchronous) and the running pull (resolved on each (re)connect, so an edited secret
// applies on the next attempt). The secret store is reached only through the resolver the
// caller passes in; a name it does not know, or a resolver that throws, is a reason, never
// an exception. MediaLive keeps the password in an SSM parameter named by `passwordParam`;
// openlive's secret store plays that part.

import type { PullSourceRecord } from "../../domain/records.ts";

/** The check's resolver: synchronous. */
export type SecretResolver = (name: string) => string | undefined;
/** The running pull's resolver: may be asynchronous. */
export type SecretLookup = (name: string) => Promise<string | undefined> | string | undefined;

export type SourceCredentials =
  | { readonly ok: true; readonly username?: string; readonly password?: string }
  | { readonly ok: false; readonly reason: string };

export function secretNotFound(name: string): string {
  return `secret ${name} not found`;
}

export function lookUpSecret(name: string, resolveSecret: SecretResolver): string | undefined {
  try {
    return resolveSecret(name);
  } catch {
    return undefined;
  }
}

export async function resolveSecretSafely(name: string, resolveSecret: SecretLookup): Promise<string | undefined> {
  try {
    return await resolveSecret(name);
  } catch {
    return undefined;
  }
}

export function sourceCredentials(source: PullSourceRecord, resolveSecret: SecretResolver): SourceCredentials {
  const name = passwordParamOf(source);
  return credentialsWith(source, name === undefined ? undefined : lookUpSecret(name, resolveSecret));
}

export async function resolveCredentials(source: PullSourceRecord, resolveSecret: SecretLookup): Promise<SourceCredentials> {
  const name = passwordParamOf(source);
  return credentialsWith(source, name === undefined ? undefined : await resolveSecretSafely(name, resolveSecret));
}

function passwordParamOf(source: PullSourceRecord): string | undefined {
  return source.passwordParam !== undefined && source.passwordParam !== "" ? source.passwordParam : undefined;
}

/** The credentials once the password parameter, if the source names one, was looked up. */
function credentialsWith(source: PullSourceRecord, password: string | undefined): SourceCredentials {
  const name = passwordParamOf(source);
  if (name !== undefined && password === undefined) return { ok: false, reason: secretNotFound(name) };
  if (source.username === undefined || source.username === "") return { ok: true };
  return { ok: true, username: source.username, password: password ?? "" };
}
