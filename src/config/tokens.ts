// Tokens of the two read-only routes that answer without SigV4: GET /metrics (Prometheus'
// bearer token) and GET /events (bearer header or ?token=). Each option is a literal token,
// "generated" (the default: a random token made on first start into <dataDir>/tokens.json,
// mode 0600, and reused afterwards, as credentials.ts does for the API keys) or "open".

import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConfigError, GENERATED_TOKEN, OPEN_TOKEN } from "./config.ts";
import { SECRET_FILE_MODE } from "./data-dir.ts";

export const TOKENS_FILE = "tokens.json";

/** The routes a token guards, with their option names (ServiceConfig keys, which are also the keys of tokens.json). */
export const TOKEN_ROUTES = {
  metricsToken: { path: "/metrics", flag: "--metrics-token" },
  eventsToken: { path: "/events", flag: "--events-token" },
} as const;
export type TokenOption = keyof typeof TOKEN_ROUTES;

/** How one route is guarded: `token` undefined means the operator chose "open". */
export interface RouteToken {
  readonly token: string | undefined;
  /** "open", "configured" (a literal value of the option) or "generated" (kept in tokens.json). */
  readonly source: "open" | "configured" | "generated";
}

export interface RouteTokens {
  readonly metricsToken: RouteToken;
  readonly eventsToken: RouteToken;
  /** <dataDir>/tokens.json */
  readonly file: string;
  /** True when this call wrote new tokens into the file. */
  readonly generated: boolean;
}

/** Resolves both options, generating and storing the "generated" ones that the file does not hold yet. */
export function loadRouteTokens(options: Readonly<Record<TokenOption, string>>, dataDir: string): RouteTokens {
  const file = path.join(dataDir, TOKENS_FILE);
  const stored = readTokensFile(file);
  let generated = false;
  const resolve = (key: TokenOption): RouteToken => {
    const value = options[key];
    if (value === OPEN_TOKEN) return { token: undefined, source: "open" };
    if (value !== GENERATED_TOKEN) return { token: value, source: "configured" };
    let token = stored[key];
    if (token === undefined) {
      // 32 random bytes, URL-safe so that ?token= needs no escaping.
      token = randomBytes(32).toString("base64url");
      stored[key] = token;
      generated = true;
    }
    return { token, source: "generated" };
  };
  const tokens = { metricsToken: resolve("metricsToken"), eventsToken: resolve("eventsToken") };
  if (generated) {
    writeFileSync(file, JSON.stringify(stored, null, 2) + "\n", { mode: SECRET_FILE_MODE });
    // writeFileSync's mode applies only to a new file, and through the umask.
    chmodSync(file, SECRET_FILE_MODE);
  }
  return { ...tokens, file, generated };
}

function readTokensFile(file: string): Partial<Record<TokenOption, string>> {
  if (!existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ConfigError(`cannot read ${file}: ${(error as Error).message}; fix it, or delete it to generate new tokens`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new ConfigError(`${file} must hold a JSON object`);
  const out: Partial<Record<TokenOption, string>> = {};
  for (const key of Object.keys(TOKEN_ROUTES) as TokenOption[]) {
    const value = (parsed as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (typeof value !== "string" || value.trim() === "") throw new ConfigError(`${file}: ${key} must be a non-empty string; fix it, or delete the key to generate a new token`);
    out[key] = value;
  }
  return out;
}

/** Lines for `openlive credentials`: each route's token and how to send it. */
export function tokenHint(tokens: RouteTokens, url: string): string {
  const lines: string[] = [];
  const { metricsToken: metrics, eventsToken: events } = tokens;
  if (metrics.token === undefined) lines.push(`# GET /metrics is open (metricsToken "${OPEN_TOKEN}"): anyone who reaches the API port reads it`);
  else {
    lines.push(`# GET /metrics wants this bearer token (${describeSource(metrics, tokens.file)}):`);
    lines.push(`curl -H 'Authorization: Bearer ${metrics.token}' ${url}/metrics`);
    lines.push(`# Prometheus scrape_config: authorization: { credentials: ${metrics.token} }`);
  }
  if (events.token === undefined) lines.push(`# GET /events is open (eventsToken "${OPEN_TOKEN}"): anyone who reaches the API port reads it`);
  else {
    lines.push(`# GET /events wants this token as a bearer header or ?token= (${describeSource(events, tokens.file)}):`);
    lines.push(`curl -N -H 'Authorization: Bearer ${events.token}' ${url}/events`);
  }
  return lines.join("\n");
}

function describeSource(route: RouteToken, file: string): string {
  return route.source === "generated" ? `generated, kept in ${file}` : "set in the configuration";
}
