// API credentials. From OPENLIVE_ACCESS_KEY_ID / OPENLIVE_SECRET_ACCESS_KEY when set;
// otherwise a pair generated into <dataDir>/credentials.json (mode 0600) on first start
// and reused afterwards.

import { randomBytes, randomInt } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "./config.ts";

export interface ApiCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Where they came from: "environment" or the file path. */
  readonly origin: string;
  /** True when generated during this start. */
  readonly generated: boolean;
}

export const CREDENTIALS_FILE = "credentials.json";

export function loadCredentials(env: Readonly<Record<string, string | undefined>>, dataDir: string): ApiCredentials {
  const accessKeyId = env.OPENLIVE_ACCESS_KEY_ID;
  const secretAccessKey = env.OPENLIVE_SECRET_ACCESS_KEY;
  if (accessKeyId || secretAccessKey) {
    if (!accessKeyId || !secretAccessKey) throw new ConfigError("set both OPENLIVE_ACCESS_KEY_ID and OPENLIVE_SECRET_ACCESS_KEY, or neither");
    return { accessKeyId, secretAccessKey, origin: "environment", generated: false };
  }
  const file = path.join(dataDir, CREDENTIALS_FILE);
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as { accessKeyId?: unknown; secretAccessKey?: unknown };
    if (typeof parsed.accessKeyId !== "string" || typeof parsed.secretAccessKey !== "string") throw new ConfigError(`${file} must hold accessKeyId and secretAccessKey`);
    return { accessKeyId: parsed.accessKeyId, secretAccessKey: parsed.secretAccessKey, origin: file, generated: false };
  }
  const generated = { accessKeyId: generateAccessKeyId(), secretAccessKey: randomBytes(30).toString("base64").replace(/[+/]/g, "x") };
  writeFileSync(file, JSON.stringify(generated, null, 2) + "\n", { mode: 0o600 });
  return { ...generated, origin: file, generated: true };
}

function generateAccessKeyId(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let id = "OLAK";
  for (let i = 0; i < 16; i++) id += alphabet[randomInt(alphabet.length)];
  return id;
}

/** Shell lines that point the aws CLI at this openlive. */
export function awsCliHint(credentials: ApiCredentials, region: string, url: string): string {
  return [
    `export AWS_ACCESS_KEY_ID=${credentials.accessKeyId}`,
    `export AWS_SECRET_ACCESS_KEY=${credentials.secretAccessKey}`,
    `export AWS_DEFAULT_REGION=${region}`,
    `aws medialive list-inputs --endpoint-url ${url}`,
  ].join("\n");
}
