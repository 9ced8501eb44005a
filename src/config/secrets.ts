// Secrets that inputs refer to by name: MediaLive's `passwordParam` (an SSM parameter
// name) and `passphraseSecretArn` (a Secrets Manager ARN). openlive keeps them in
// <dataDir>/secrets.json, a JSON object from name (or ARN) to value, read at each use so
// edits apply without a restart. The values never reach the API or the logs.

import { readFileSync } from "node:fs";
import path from "node:path";

export const SECRETS_FILE = "secrets.json";

export type SecretResolver = (name: string) => string | undefined;

export function fileSecretResolver(dataDir: string): SecretResolver {
  const file = path.join(dataDir, SECRETS_FILE);
  return (name) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, "utf8"));
    } catch {
      return undefined;
    }
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const value = (parsed as Record<string, unknown>)[name];
    return typeof value === "string" ? value : undefined;
  };
}
