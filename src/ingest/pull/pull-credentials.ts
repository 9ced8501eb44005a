// Credentials of a pull source, resolved when (re)connecting so that an edited secret
// applies on the next attempt. The secret store is reached only through resolveSecret; a
// name it does not know (or a resolver that throws) is reported, never thrown.

import type { PullSourceRecord } from "../../domain/records.ts";

export type SecretLookup = (name: string) => Promise<string | undefined> | string | undefined;

export type ResolvedCredentials =
  | { readonly ok: true; readonly username?: string; readonly password?: string }
  | { readonly ok: false; readonly reason: string };

export async function resolveSecretSafely(name: string, resolveSecret: SecretLookup): Promise<string | undefined> {
  try {
    return await resolveSecret(name);
  } catch {
    return undefined;
  }
}

export async function resolveCredentials(source: PullSourceRecord, resolveSecret: SecretLookup): Promise<ResolvedCredentials> {
  let password: string | undefined;
  if (source.passwordParam !== undefined && source.passwordParam !== "") {
    password = await resolveSecretSafely(source.passwordParam, resolveSecret);
    if (password === undefined) return { ok: false, reason: `secret ${source.passwordParam} not found` };
  }
  if (source.username === undefined || source.username === "") return { ok: true };
  return { ok: true, username: source.username, password: password ?? "" };
}
