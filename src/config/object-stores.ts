// Where s3:// and s3ssl:// destinations go: a JSON file (--s3-config, OPENLIVE_S3_CONFIG;
// default <dataDir>/s3.json) mapping a bucket name, or "*" for every other bucket, to an
// S3-compatible endpoint, its region, credentials and addressing (docs/outputs.md):
//
//   { "live-bucket": { "endpoint": "http://127.0.0.1:9000", "region": "us-east-1",
//                      "accessKeyId": "…", "secretAccessKey": "…", "forcePathStyle": true },
//     "*": { "region": "eu-west-1" } }
//
// No endpoint: AWS S3 of the region. No key pair: the AWS SDK's default credential chain
// (environment, shared config files, instance or container roles). The file is read at each
// use, as secrets.json is, so a fixed entry applies to the next upload without a restart;
// the secret key never reaches the API, argv or the logs.

import { readFileSync } from "node:fs";
import path from "node:path";

export const S3_CONFIG_FILE = "s3.json";
export const ANY_BUCKET = "*";

export interface ObjectStoreSettings {
  /** The configuration entry that matched: the bucket's name or "*". */
  readonly entry: string;
  /** http(s) URL of the S3 API; absent: AWS S3 of the region. */
  readonly endpoint?: string;
  readonly region: string;
  /** Both or neither; neither: the SDK's default credential chain. */
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  /** true: https://endpoint/bucket/key; false: https://bucket.endpoint/key. Default: true with an endpoint, false for AWS S3. */
  readonly forcePathStyle: boolean;
}

export type ObjectStoreLookup = { readonly ok: true; readonly settings: ObjectStoreSettings } | { readonly ok: false; readonly message: string };

/** The settings of a bucket, looked up in the configuration file at each call. */
export type ObjectStoreResolver = (bucket: string) => ObjectStoreLookup;

const DEFAULT_REGION = "us-east-1";
const MEMBERS = new Set(["endpoint", "region", "accessKeyId", "secretAccessKey", "forcePathStyle"]);

/** The configuration file's path: the option's value, or s3.json in the data dir. */
export function s3ConfigFile(option: string, dataDir: string): string {
  return option === "" ? path.join(dataDir, S3_CONFIG_FILE) : path.resolve(option);
}

export function fileObjectStoreResolver(file: string): ObjectStoreResolver {
  return (bucket) => {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      return { ok: false, message: `no S3 endpoint is configured for bucket "${bucket}": create ${file} (--s3-config, OPENLIVE_S3_CONFIG) with an entry "${bucket}" or "${ANY_BUCKET}" (docs/outputs.md)` };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return { ok: false, message: `the S3 configuration ${file} is not JSON: ${(error as Error).message}` };
    }
    return objectStoreFor(parsed, bucket, file);
  };
}

/** The entry of `bucket` (or "*") in a parsed configuration, checked. Pure. */
export function objectStoreFor(config: unknown, bucket: string, file: string): ObjectStoreLookup {
  if (typeof config !== "object" || config === null || Array.isArray(config)) return { ok: false, message: `the S3 configuration ${file} must hold a JSON object of bucket names` };
  const entries = config as Record<string, unknown>;
  const entry = Object.hasOwn(entries, bucket) ? bucket : Object.hasOwn(entries, ANY_BUCKET) ? ANY_BUCKET : undefined;
  if (entry === undefined) return { ok: false, message: `no S3 endpoint is configured for bucket "${bucket}": add an entry "${bucket}" or "${ANY_BUCKET}" to ${file} (docs/outputs.md)` };
  const value = entries[entry];
  const problem = (what: string): ObjectStoreLookup => ({ ok: false, message: `the S3 configuration ${file}, entry "${entry}": ${what}` });
  if (typeof value !== "object" || value === null || Array.isArray(value)) return problem("must be an object");
  const settings = value as Record<string, unknown>;
  const unknown = Object.keys(settings).find((key) => !MEMBERS.has(key));
  if (unknown !== undefined) return problem(`unknown member "${unknown}" (known: ${[...MEMBERS].join(", ")})`);
  const { endpoint, region = DEFAULT_REGION, accessKeyId, secretAccessKey, forcePathStyle } = settings;
  if (endpoint !== undefined && (typeof endpoint !== "string" || !URL.canParse(endpoint) || !/^https?:$/.test(new URL(endpoint).protocol))) return problem(`endpoint must be an http(s) URL`);
  if (typeof region !== "string" || !/^[a-z0-9-]{1,32}$/.test(region)) return problem("region must look like us-east-1");
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) return problem("accessKeyId and secretAccessKey go together (leave both out for the AWS SDK's default credential chain)");
  if ((accessKeyId !== undefined && typeof accessKeyId !== "string") || (secretAccessKey !== undefined && typeof secretAccessKey !== "string")) return problem("accessKeyId and secretAccessKey must be strings");
  if (forcePathStyle !== undefined && typeof forcePathStyle !== "boolean") return problem("forcePathStyle must be true or false");
  return {
    ok: true,
    settings: {
      entry,
      ...(endpoint !== undefined ? { endpoint: endpoint as string } : {}),
      region,
      ...(accessKeyId !== undefined ? { accessKeyId: accessKeyId as string, secretAccessKey: secretAccessKey as string } : {}),
      forcePathStyle: (forcePathStyle as boolean | undefined) ?? endpoint !== undefined,
    },
  };
}
