// The user name and password a pull source authenticates with. Pure: the secret store is
// reached only through the resolveSecret function the caller passes in.
// MediaLive keeps the password in an SSM parameter named by `passwordParam`; openlive's
// secret store plays that part, and a name it does not know is itself a reason the source
// is not ready (the channel could not log in when it starts).

import type { PullSourceRecord } from "../../domain/records.ts";
import { Reasons } from "./check-result.ts";

export type SecretResolver = (name: string) => string | undefined;

export type CredentialsLookup =
  | { readonly ok: true; readonly username?: string; readonly password?: string }
  | { readonly ok: false; readonly reason: string };

export function sourceCredentials(source: PullSourceRecord, resolveSecret: SecretResolver): CredentialsLookup {
  let password: string | undefined;
  if (source.passwordParam !== undefined && source.passwordParam !== "") {
    password = lookUpSecret(source.passwordParam, resolveSecret);
    if (password === undefined) return { ok: false, reason: Reasons.secretNotFound(source.passwordParam) };
  }
  if (source.username === undefined || source.username === "") return { ok: true };
  return { ok: true, username: source.username, password: password ?? "" };
}

/** A resolver that throws is treated like one that does not know the name: the check must not throw. */
export function lookUpSecret(name: string, resolveSecret: SecretResolver): string | undefined {
  try {
    return resolveSecret(name);
  } catch {
    return undefined;
  }
}
