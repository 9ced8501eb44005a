// openlive's service configuration: one schema gives every option its default, its
// flag, its environment variable and its parser. Order: defaults → config file (JSON)
// → environment → command-line flags; then cross-field checks; then freeze.
// docs/configuration.md lists every option; test/unit/config/config.test.ts keeps the
// two in step.

import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ipaddr from "ipaddr.js";
import { isInsideOrEqual } from "../shared/path-inside.ts";
import { stripUrlPasswords } from "../shared/redact-secrets.ts";
import { NODE_ROLES, ZONE_NAME, type NodeRole } from "../cluster/cluster-types.ts";
import { S3_CONFIG_FILE, s3ConfigFile } from "./object-stores.ts";

export interface PortRange {
  readonly first: number;
  readonly last: number;
}

export interface ServiceConfig {
  /** Folder for the SQLite database, generated credentials and (later) HLS output. */
  readonly dataDir: string;
  /** Address the MediaLive API listens on. */
  readonly host: string;
  /** TCP port of the MediaLive API. */
  readonly apiPort: number;
  /**
   * Host header values (host[:port], lowercase) a signed API request may carry; empty: the
   * listen address and localhost with the actual port (any Host on a wildcard address); ["*"]: any.
   */
  readonly apiHosts: readonly string[];
  /** Region in ARNs and the SigV4 credential scope. */
  readonly region: string;
  /** 12-digit account ID in ARNs. */
  readonly accountId: string;
  /** Push endpoint address of pipeline 0 and pipeline 1 (may be the same address). */
  readonly pushAddresses: readonly [string, string];
  /** Ports that push endpoints are allocated from, on each address. */
  readonly pushPortRange: PortRange;
  /** Allowed difference between a request's X-Amz-Date and the server clock. */
  readonly clockSkewMs: number;
  /** Largest accepted API request body. */
  readonly maxBodyBytes: number;
  /** How long DescribeInput/DescribeInputSecurityGroup still show a deleted resource (state DELETED). */
  readonly deletedRetentionMs: number;
  /** pino level: fatal, error, warn, info, debug, trace, silent. */
  readonly logLevel: string;
  /** What this node does in a cluster: all (API and pipelines, today's single node), api, or worker. */
  readonly role: NodeRole;
  /** The zone a worker runs pipelines in; empty: none (single node). */
  readonly zone: string;
  /** This node's id in the cluster; the host name unless set. */
  readonly nodeId: string;
  /** Capacity units of pipelines a worker takes (src/cluster/capacity-cost.ts). */
  readonly capacityUnits: number;
  /** JSON file naming the zones and their push address pools; absolute. */
  readonly clusterConfig: string;
  /** Address a worker's failsafe probe server listens on (GET /cluster/db-reachable, asked by its zone peers); the API host unless set. */
  readonly clusterProbeHost: string;
  /** TCP port of the failsafe probe server (0 = any free port). */
  readonly clusterProbePort: number;
  /** Bearer token a scrape of GET /metrics must send: a token, "generated" (made on first start into <dataDir>/tokens.json) or "open". */
  readonly metricsToken: string;
  /** Token GET /events requires (Bearer header or ?token=): a token, "generated" or "open". */
  readonly eventsToken: string;
  /** Folders file:// destinations (HLS, archive, frame capture) must lie in; absolute, resolved. */
  readonly outputRoots: readonly string[];
  /** Folders file:// sources (file inputs, slates, $urlPath$, openlive check) must lie in. */
  readonly inputRoots: readonly string[];
  /** TCP port of the HLS origin (its own listener, so it shares no browser origin with the console); 0 = any free port. */
  readonly originPort: number;
  /** Most HTTP connections each listener (API, origin) holds at once. */
  readonly maxHttpConnections: number;
  /** Most HTTP connections one client address holds at once on each listener. */
  readonly maxHttpConnectionsPerAddress: number;
  /** Most GET /events subscribers at once. */
  readonly maxEventClients: number;
  /** URLs every MediaLive event is POSTed to (docs/events.md). */
  readonly webhookUrls: readonly string[];
  /** HMAC-SHA256 key of the X-Openlive-Signature webhook header; empty: unsigned. */
  readonly webhookSecret: string;
  /** JSON file mapping MediaPackage channels to ingest URLs (docs/configuration.md); empty: every channel publishes to the own origin. */
  readonly mediaPackageTargets: string;
  /** The JSON file mapping S3 buckets to endpoints and credentials (config/object-stores.ts); absolute. */
  readonly s3Config: string;
  /** A postgres:// URL of the PostgreSQL store (cluster mode); empty: the SQLite file in the data dir. */
  readonly store: string;
}

interface OptionSpec {
  readonly key: keyof ServiceConfig;
  readonly flag: string;
  readonly env: string;
  readonly defaultValue: string;
  readonly parse: (raw: string, name: string) => unknown;
  readonly help: string;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** The default output root and input root, inside the data dir. */
export const DEFAULT_OUTPUT_FOLDER = "output";
export const DEFAULT_INPUT_FOLDER = "media";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

function parsePort(raw: string, name: string): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || port < 0 || port > 65535) throw new ConfigError(`'${name}' must be a TCP port 0–65535, got "${raw}"`);
  return port;
}

function parsePositiveInt(raw: string, name: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value <= 0) throw new ConfigError(`'${name}' must be a positive integer, got "${raw}"`);
  return value;
}

function parseIp(raw: string, name: string): string {
  const trimmed = raw.trim();
  if (!ipaddr.isValid(trimmed)) throw new ConfigError(`'${name}' must be an IPv4 or IPv6 address, got "${raw}"`);
  return ipaddr.parse(trimmed).toString();
}

export function parsePortRange(raw: string, name: string): PortRange {
  const match = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(raw);
  if (!match) throw new ConfigError(`'${name}' must look like 5000-5999, got "${raw}"`);
  const first = parsePort(match[1]!, name);
  const last = parsePort(match[2]!, name);
  if (first < 1024) throw new ConfigError(`'${name}' must start at 1024 or above, got ${first}`);
  if (last < first) throw new ConfigError(`'${name}' must run from low to high, got "${raw}"`);
  return { first, last };
}

/** Token option values: make one on first start (kept in <dataDir>/tokens.json), or leave the route open. */
export const GENERATED_TOKEN = "generated";
export const OPEN_TOKEN = "open";

function parseToken(raw: string, name: string): string {
  if (raw.trim() === "") throw new ConfigError(`'${name}' must be a token, "${GENERATED_TOKEN}" or "${OPEN_TOKEN}"; an empty value no longer means open`);
  return raw;
}

/** A host name (RFC 1123), an IPv4 address or a bracketed IPv6 address, then an optional port. */
const HOST_AND_PORT = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/;

function parseHostList(raw: string, name: string): readonly string[] {
  const hosts = raw.split(",").map((h) => h.trim().toLowerCase()).filter(Boolean);
  if (hosts.includes("*")) {
    if (hosts.length > 1) throw new ConfigError(`'${name}' is either "*" (any Host) or a list of host[:port], got "${raw}"`);
    return Object.freeze(hosts);
  }
  for (const host of hosts) {
    const match = HOST_AND_PORT.exec(host);
    const port = match?.[1] === undefined ? undefined : Number(match[1]);
    if (!match || (port !== undefined && (port < 1 || port > 65535))) throw new ConfigError(`'${name}' must list host[:port] names separated by commas (e.g. api.example.com,127.0.0.1:8080), got "${host}"`);
    if (host.startsWith("[") && !ipaddr.isValid(host.slice(1, host.indexOf("]")))) throw new ConfigError(`'${name}': ${host} is not a valid [IPv6] address`);
  }
  return Object.freeze(hosts);
}

/** "" or a postgres:// / postgresql:// URL; a refused value is echoed without its password. */
function parseStoreUrl(raw: string, name: string): string {
  const value = raw.trim();
  if (value === "") return "";
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  if (!URL.canParse(value) || (scheme !== "postgres" && scheme !== "postgresql")) {
    throw new ConfigError(`'${name}' must be empty (SQLite in the data dir) or a postgres:// URL, got "${stripUrlPasswords(value)}"`);
  }
  return value;
}

function parseFolderList(raw: string, name: string): readonly string[] {
  const folders = raw.split(",").map((f) => f.trim()).filter(Boolean).map((f) => {
    if (!path.isAbsolute(f)) throw new ConfigError(`'${name}' must list absolute folders, got "${f}"`);
    const resolved = path.resolve(f);
    if (resolved === path.parse(resolved).root) throw new ConfigError(`'${name}' must not list the filesystem root; name the folder to publish into`);
    return resolved;
  });
  return Object.freeze(folders);
}

/**
 * Capacity units per CPU core for --capacity auto: x264 veryfast encodes 10 s of 1280x720 at
 * 30 fps (27.6 units) in 2.0 s on 2 cores (output/encoder/x264-args.ts), about 0.4 of a core,
 * i.e. about 70 units per core; 60 leaves headroom for audio, packaging and the source's decode.
 */
export const CAPACITY_UNITS_PER_CORE = 60;

/** The cluster config's file name in the data dir. */
export const CLUSTER_CONFIG_FILE = "cluster.json";

export const OPTIONS: readonly OptionSpec[] = [
  { key: "dataDir", flag: "data-dir", env: "OPENLIVE_DATA_DIR", defaultValue: "./data", parse: (raw) => path.resolve(raw), help: "folder for the database and generated credentials" },
  { key: "host", flag: "host", env: "OPENLIVE_HOST", defaultValue: "127.0.0.1", parse: parseIp, help: "address the API listens on" },
  { key: "apiPort", flag: "api-port", env: "OPENLIVE_API_PORT", defaultValue: "8080", parse: parsePort, help: "TCP port of the MediaLive API (0 = any free port)" },
  { key: "region", flag: "region", env: "OPENLIVE_REGION", defaultValue: "us-east-1", parse: (raw, name) => {
      if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(raw)) throw new ConfigError(`'${name}' must look like us-east-1, got "${raw}"`);
      return raw;
    }, help: "region used in ARNs and the SigV4 scope" },
  { key: "apiHosts", flag: "api-hosts", env: "OPENLIVE_API_HOSTS", defaultValue: "", parse: parseHostList, help: "comma-separated host[:port] a signed request's Host may name (empty: the listen address and localhost with the API port; any on 0.0.0.0/::; * any)" },
  { key: "accountId", flag: "account-id", env: "OPENLIVE_ACCOUNT_ID", defaultValue: "000000000000", parse: (raw, name) => {
      if (!/^\d{12}$/.test(raw)) throw new ConfigError(`'${name}' must be 12 digits, got "${raw}"`);
      return raw;
    }, help: "account ID used in ARNs" },
  { key: "pushAddresses", flag: "push-addresses", env: "OPENLIVE_PUSH_ADDRESSES", defaultValue: "127.0.0.1,127.0.0.1", parse: (raw, name) => {
      const parts = raw.split(",").map((p) => p.trim()).filter(Boolean);
      if (parts.length < 1 || parts.length > 2) throw new ConfigError(`'${name}' must be one address, or two separated by a comma (pipeline 0, pipeline 1), got "${raw}"`);
      const addresses = parts.map((p) => parseIp(p, name));
      return [addresses[0]!, addresses[1] ?? addresses[0]!];
    }, help: "push endpoint address of pipeline 0 and pipeline 1" },
  { key: "pushPortRange", flag: "push-port-range", env: "OPENLIVE_PUSH_PORT_RANGE", defaultValue: "5000-5999", parse: parsePortRange, help: "ports push endpoints are allocated from" },
  { key: "clockSkewMs", flag: "clock-skew-ms", env: "OPENLIVE_CLOCK_SKEW_MS", defaultValue: "900000", parse: parsePositiveInt, help: "allowed SigV4 request-time difference" },
  { key: "maxBodyBytes", flag: "max-body-bytes", env: "OPENLIVE_MAX_BODY_BYTES", defaultValue: "4194304", parse: parsePositiveInt, help: "largest accepted API request body" },
  { key: "deletedRetentionMs", flag: "deleted-retention-ms", env: "OPENLIVE_DELETED_RETENTION_MS", defaultValue: "3600000", parse: parsePositiveInt, help: "how long deleted resources stay visible as DELETED" },
  { key: "logLevel", flag: "log-level", env: "OPENLIVE_LOG_LEVEL", defaultValue: "info", parse: (raw, name) => {
      if (!(LOG_LEVELS as readonly string[]).includes(raw)) throw new ConfigError(`'${name}' must be one of ${LOG_LEVELS.join(", ")}, got "${raw}"`);
      return raw;
    }, help: "log level" },
  { key: "role", flag: "role", env: "OPENLIVE_ROLE", defaultValue: NODE_ROLES.ALL, parse: (raw, name) => {
      if (!(Object.values(NODE_ROLES) as string[]).includes(raw)) throw new ConfigError(`'${name}' must be one of ${Object.values(NODE_ROLES).join(", ")}, got "${raw}"`);
      return raw;
    }, help: "all (API and pipelines), api (API only) or worker (pipelines only); api and worker need a PostgreSQL --store" },
  { key: "zone", flag: "zone", env: "OPENLIVE_ZONE", defaultValue: "", parse: (raw, name) => {
      const zone = raw.trim();
      if (zone !== "" && !ZONE_NAME.test(zone)) throw new ConfigError(`'${name}' must be a zone name of lowercase letters, digits and '-' (as in the cluster config), got "${raw}"`);
      return zone;
    }, help: "zone this worker runs pipelines in (a zone of --cluster-config)" },
  { key: "nodeId", flag: "node-id", env: "OPENLIVE_NODE_ID", defaultValue: "", parse: (raw, name) => {
      const nodeId = raw.trim() || os.hostname();
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(nodeId)) throw new ConfigError(`'${name}' must be 1–128 letters, digits, '.', '_' or '-', got "${nodeId}"`);
      return nodeId;
    }, help: "this node's id in the cluster (empty: the host name)" },
  { key: "capacityUnits", flag: "capacity", env: "OPENLIVE_CAPACITY", defaultValue: "auto", parse: (raw, name) => (raw.trim() === "auto" ? CAPACITY_UNITS_PER_CORE * os.availableParallelism() : parsePositiveInt(raw, name)), help: `capacity units of pipelines this worker takes (auto: ${CAPACITY_UNITS_PER_CORE} per CPU core; a 1080p30 H.264 rendition is 62)` },
  { key: "clusterConfig", flag: "cluster-config", env: "OPENLIVE_CLUSTER_CONFIG", defaultValue: "", parse: (raw) => raw.trim(), help: `JSON file of the cluster's zones and their push address pools (empty: <data-dir>/${CLUSTER_CONFIG_FILE})` },
  { key: "clusterProbeHost", flag: "cluster-probe-host", env: "OPENLIVE_CLUSTER_PROBE_HOST", defaultValue: "", parse: (raw, name) => (raw.trim() === "" ? "" : parseIp(raw, name)), help: "address a worker's failsafe probe server listens on, asked by its zone peers (empty: --host)" },
  { key: "clusterProbePort", flag: "cluster-probe-port", env: "OPENLIVE_CLUSTER_PROBE_PORT", defaultValue: "8082", parse: parsePort, help: "TCP port of a worker's failsafe probe server (0 = any free port)" },
  { key: "metricsToken", flag: "metrics-token", env: "OPENLIVE_METRICS_TOKEN", defaultValue: GENERATED_TOKEN, parse: parseToken, help: `bearer token GET /metrics requires ("${GENERATED_TOKEN}": made on first start, \`openlive credentials\` prints it; "${OPEN_TOKEN}": no token)` },
  { key: "eventsToken", flag: "events-token", env: "OPENLIVE_EVENTS_TOKEN", defaultValue: GENERATED_TOKEN, parse: parseToken, help: `token GET /events requires ("${GENERATED_TOKEN}" or "${OPEN_TOKEN}", as --metrics-token)` },
  { key: "outputRoots", flag: "output-roots", env: "OPENLIVE_OUTPUT_ROOTS", defaultValue: "", parse: parseFolderList, help: "comma-separated folders file:// destinations must lie in (empty: <data-dir>/output)" },
  { key: "inputRoots", flag: "input-roots", env: "OPENLIVE_INPUT_ROOTS", defaultValue: "", parse: parseFolderList, help: "comma-separated folders file:// sources must lie in (empty: <data-dir>/media)" },
  { key: "mediaPackageTargets", flag: "mediapackage-targets", env: "OPENLIVE_MEDIAPACKAGE_TARGETS", defaultValue: "", parse: (raw, name) => {
      if (raw !== "" && !path.isAbsolute(raw)) throw new ConfigError(`'${name}' must be an absolute file path, got "${raw}"`);
      return raw;
    }, help: "JSON file mapping MediaPackage channel ids to ingest URLs (empty: openlive's origin serves every MediaPackage group)" },
  { key: "originPort", flag: "origin-port", env: "OPENLIVE_ORIGIN_PORT", defaultValue: "8081", parse: parsePort, help: "TCP port of the HLS origin (0 = any free port)" },
  { key: "maxHttpConnections", flag: "max-http-connections", env: "OPENLIVE_MAX_HTTP_CONNECTIONS", defaultValue: "2000", parse: parsePositiveInt, help: "most HTTP connections each listener holds at once" },
  { key: "maxHttpConnectionsPerAddress", flag: "max-http-connections-per-address", env: "OPENLIVE_MAX_HTTP_CONNECTIONS_PER_ADDRESS", defaultValue: "200", parse: parsePositiveInt, help: "most HTTP connections one client address holds on each listener" },
  { key: "maxEventClients", flag: "max-event-clients", env: "OPENLIVE_MAX_EVENT_CLIENTS", defaultValue: "100", parse: parsePositiveInt, help: "most GET /events subscribers at once" },
  { key: "webhookUrls", flag: "webhook-urls", env: "OPENLIVE_WEBHOOK_URLS", defaultValue: "", parse: (raw, name) => Object.freeze(raw.split(",").map((u) => u.trim()).filter(Boolean).map((u) => {
      if (!URL.canParse(u) || !/^https?:$/.test(new URL(u).protocol)) throw new ConfigError(`'${name}' must be http(s) URLs separated by commas, got "${u}"`);
      return u;
    })), help: "comma-separated URLs each event is POSTed to" },
  { key: "webhookSecret", flag: "webhook-secret", env: "OPENLIVE_WEBHOOK_SECRET", defaultValue: "", parse: (raw) => raw, help: "HMAC-SHA256 key signing webhook bodies" },
  { key: "s3Config", flag: "s3-config", env: "OPENLIVE_S3_CONFIG", defaultValue: "", parse: (raw) => raw.trim(), help: `JSON file mapping S3 buckets (or "*") to endpoint, region, credentials and addressing for s3:// destinations (empty: <data-dir>/${S3_CONFIG_FILE})` },
  { key: "store", flag: "store", env: "OPENLIVE_STORE", defaultValue: "", parse: parseStoreUrl, help: "postgres://user@host:port/db of a PostgreSQL store (password in the URL or PGPASSWORD; empty: SQLite openlive.db in the data dir)" },
];

export interface ConfigSources {
  /** Parsed `--flag value` pairs, keyed by flag name without dashes. */
  readonly flags: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Path of a JSON config file (keys as in ServiceConfig); from --config or OPENLIVE_CONFIG. */
  readonly configFile?: string;
}

export function loadConfig(sources: ConfigSources): ServiceConfig {
  const fileValues = sources.configFile ? readConfigFile(sources.configFile) : {};
  const out: Record<string, unknown> = {};
  for (const option of OPTIONS) {
    const flagValue = sources.flags[option.flag];
    const envValue = sources.env[option.env];
    const fileValue = fileValues[option.key];
    let raw = option.defaultValue;
    let name = option.key as string;
    if (fileValue !== undefined) {
      raw = Array.isArray(fileValue) ? fileValue.join(",") : String(fileValue);
      name = `${option.key} (in ${sources.configFile})`;
    }
    if (envValue !== undefined && envValue !== "") [raw, name] = [envValue, option.env];
    if (flagValue !== undefined) [raw, name] = [flagValue, `--${option.flag}`];
    out[option.key] = option.parse(raw, name);
  }
  const unknownFlags = Object.keys(sources.flags).filter((f) => !OPTIONS.some((o) => o.flag === f));
  if (unknownFlags.length) throw new ConfigError(`unknown option --${unknownFlags[0]}; run ./openlive help`);
  // Empty root lists mean the folders inside the data dir.
  if ((out.outputRoots as readonly string[]).length === 0) out.outputRoots = Object.freeze([path.join(out.dataDir as string, DEFAULT_OUTPUT_FOLDER)]);
  out.s3Config = s3ConfigFile(out.s3Config as string, out.dataDir as string);
  if (out.clusterProbeHost === "") out.clusterProbeHost = out.host;
  out.clusterConfig = path.resolve(out.dataDir as string, (out.clusterConfig as string) || CLUSTER_CONFIG_FILE);
  if ((out.inputRoots as readonly string[]).length === 0) out.inputRoots = Object.freeze([path.join(out.dataDir as string, DEFAULT_INPUT_FOLDER)]);
  const config = out as unknown as ServiceConfig;
  checkCombinations(config);
  return Object.freeze({ ...config, pushAddresses: Object.freeze([...config.pushAddresses]) as unknown as readonly [string, string], pushPortRange: Object.freeze({ ...config.pushPortRange }) });
}

function readConfigFile(file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ConfigError(`cannot read config file ${file}: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new ConfigError(`config file ${file} must hold a JSON object`);
  const unknownKeys = Object.keys(parsed).filter((k) => !OPTIONS.some((o) => o.key === k));
  if (unknownKeys.length) throw new ConfigError(`config file ${file}: unknown option "${unknownKeys[0]}"`);
  return parsed as Record<string, unknown>;
}

function checkCombinations(config: ServiceConfig): void {
  checkClusterRole(config);
  // Each push input needs up to two endpoints of up to RTP_PORT_SPAN ports; a range too
  // small to hold even one input is a mistake worth stopping for.
  const size = config.pushPortRange.last - config.pushPortRange.first + 1;
  if (size < 12) throw new ConfigError(`'pushPortRange' must hold at least 12 ports (one RTP input on one address), got ${size}`);
  if (config.originPort !== 0 && config.originPort === config.apiPort) throw new ConfigError(`'originPort' must differ from 'apiPort' (${config.apiPort}): the origin has its own listener`);
  // The origin names a root by its last path segment (its URLs never hold filesystem paths).
  const names = config.outputRoots.map((root) => path.basename(root));
  const clash = names.find((name, index) => names.indexOf(name) !== index);
  if (clash !== undefined) throw new ConfigError(`'outputRoots' must end in different folder names (the origin's URLs start with it); "${clash}" ends two of them`);
  if (names.includes("origin")) throw new ConfigError(`'outputRoots' must not end in "origin": the origin serves MediaPackage groups at /origin/mediapackage/`);
  for (const [key, roots] of [["outputRoots", config.outputRoots], ["inputRoots", config.inputRoots]] as const) {
    for (const root of roots) {
      // The data dir holds the database, credentials, tokens and secrets: no root may
      // contain it, and a root inside it must be a folder of its own, not one of those.
      if (isInsideOrEqual(config.dataDir, root)) throw new ConfigError(`'${key}' must not contain the data dir ${config.dataDir}, got ${root}`);
      if (isInsideOrEqual(root, config.dataDir)) {
        const first = path.relative(config.dataDir, root).split(path.sep)[0]!;
        if (DATA_DIR_OWN_NAMES.some((name) => first === name || first.startsWith(`${name}-`))) throw new ConfigError(`'${key}' must not be the data dir's own ${first}, got ${root}`);
      }
    }
  }
}

function checkClusterRole(config: ServiceConfig): void {
  if (config.role !== NODE_ROLES.ALL && config.store === "") {
    throw new ConfigError(`'role' ${config.role} needs a shared PostgreSQL store (--store postgres://…): the SQLite store is one node's file, so without it the role must be ${NODE_ROLES.ALL}`);
  }
  if (config.role === NODE_ROLES.WORKER && config.zone === "") throw new ConfigError(`'role' worker needs --zone: the zone of --cluster-config this worker runs pipelines in`);
  if (config.role === NODE_ROLES.API && config.zone !== "") throw new ConfigError(`'zone' is for nodes that run pipelines; an api node runs none (got --zone ${config.zone})`);
}

/** Files and folders the data dir keeps for itself (never an output or input root). */
export const DATA_DIR_OWN_NAMES = ["openlive.db", "credentials.json", "secrets.json", "tokens.json", S3_CONFIG_FILE, CLUSTER_CONFIG_FILE, "pipelines", "mediapackage"] as const;


