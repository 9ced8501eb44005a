// Generates openlive's copy of the MediaLive API facts from the botocore model vendored in
// tools/model/medialive/2017-10-14/ (service-2.json, paginators-1.json; provenance and
// licence in tools/model/README.md):
// operations (method, path, status, shapes, errors), shapes (types, wire names, required members, enums, limits) and wire-form TypeScript
// types. Documentation text is left out on purpose: the generated files carry the
// model's facts only, so openlive builds and runs without the model being present.
//
//   node --import tsx tools/generate-model.ts [--check]
//
// --check compares with the committed files and exits 1 when they are stale.

import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

interface BotoMember {
  shape: string;
  locationName?: string;
  location?: "uri" | "querystring" | "header" | "headers";
  idempotencyToken?: boolean;
}
interface BotoShape {
  type: string;
  members?: Record<string, BotoMember>;
  required?: string[];
  enum?: string[];
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  min?: number;
  max?: number;
  pattern?: string;
  exception?: boolean;
  error?: { httpStatusCode: number };
  timestampFormat?: string;
}
interface BotoOperation {
  name: string;
  http: { method: string; requestUri: string; responseCode?: number };
  input?: { shape: string };
  output?: { shape: string };
  errors?: { shape: string }[];
}
interface BotoModel {
  metadata: Record<string, unknown>;
  operations: Record<string, BotoOperation>;
  shapes: Record<string, BotoShape>;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const GENERATED_SHAPES_FILE = path.join(repoRoot, "src/model/generated/medialive-model.ts");
export const GENERATED_TYPES_FILE = path.join(repoRoot, "src/model/generated/medialive-types.ts");

/**
 * The vendored botocore model: the only input, so a clone can regenerate and check. It keeps
 * botocore's data layout (<service>/<api-version>/) so that tools/model also works as an
 * AWS_DATA_PATH for the aws CLI (https://github.com/boto/botocore/blob/develop/botocore/loaders.py).
 */
export const AWS_DATA_PATH = path.join(repoRoot, "tools/model");
export const MODEL_DIR = path.join(AWS_DATA_PATH, "medialive/2017-10-14");

/**
 * Limits are encoded in botocore's synthetic shape names (`__integerMin1Max5`,
 * `__stringMax32`, `__doubleMinNegative1Max5`) even where the model dropped min/max.
 */
export function limitsFromShapeName(name: string): { min?: number; max?: number } {
  const match = /^__(?:integer|long|double|string)(?:Min(Negative)?(\d+))?(?:Max(Negative)?(\d+))?$/.exec(name);
  if (!match) return {};
  const limits: { min?: number; max?: number } = {};
  if (match[2] !== undefined) limits.min = (match[1] ? -1 : 1) * Number(match[2]);
  if (match[4] !== undefined) limits.max = (match[3] ? -1 : 1) * Number(match[4]);
  return limits;
}

/** The paginated operations' limit member is 1–1000 (from an older revision of the MediaLive API model). */
const MAX_RESULTS_LIMITS = { min: 1, max: 1000 } as const;

interface GeneratedShape {
  type: string;
  members?: Record<string, { shape: string; wire: string; location?: string; idempotencyToken?: true }>;
  required?: string[];
  enum?: string[];
  member?: string;
  key?: string;
  value?: string;
  min?: number;
  max?: number;
  pattern?: string;
  exception?: { status: number };
}

function convertShape(name: string, shape: BotoShape): GeneratedShape {
  const out: GeneratedShape = { type: shape.type };
  if (shape.members) {
    out.members = {};
    for (const [memberName, member] of Object.entries(shape.members)) {
      out.members[memberName] = {
        shape: member.shape,
        wire: member.locationName ?? memberName,
        ...(member.location ? { location: member.location } : {}),
        ...(member.idempotencyToken ? { idempotencyToken: true as const } : {}),
      };
    }
  }
  if (shape.required?.length) out.required = [...shape.required];
  if (shape.enum) out.enum = [...shape.enum];
  if (shape.member) out.member = shape.member.shape;
  if (shape.key) out.key = shape.key.shape;
  if (shape.value) out.value = shape.value.shape;
  const limits = name === "MaxResults" ? MAX_RESULTS_LIMITS : { ...limitsFromShapeName(name), ...pick(shape, ["min", "max"]) };
  if (limits.min !== undefined) out.min = limits.min;
  if (limits.max !== undefined) out.max = limits.max;
  if (shape.pattern) out.pattern = shape.pattern;
  if (shape.exception && shape.error) out.exception = { status: shape.error.httpStatusCode };
  return out;
}

function pick(shape: BotoShape, keys: ("min" | "max")[]): { min?: number; max?: number } {
  const out: { min?: number; max?: number } = {};
  for (const key of keys) if (typeof shape[key] === "number") out[key] = shape[key];
  return out;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

export function generate(): { shapesSource: string; typesSource: string } {
  const model = readJson<BotoModel>(path.join(MODEL_DIR, "service-2.json"));
  const paginators = readJson<{ pagination: Record<string, { input_token: string; output_token: string; limit_key: string; result_key: string }> }>(
    path.join(MODEL_DIR, "paginators-1.json"),
  ).pagination;

  const operations: Record<string, unknown> = {};
  for (const name of Object.keys(model.operations).sort()) {
    const op = model.operations[name]!;
    const pagination = paginators[name];
    operations[name] = {
      method: op.http.method,
      path: op.http.requestUri,
      status: op.http.responseCode ?? 200,
      ...(op.input ? { input: op.input.shape } : {}),
      ...(op.output ? { output: op.output.shape } : {}),
      errors: (op.errors ?? []).map((e) => e.shape),
      ...(pagination ? { pagination: { inputToken: pagination.input_token, outputToken: pagination.output_token, limitKey: pagination.limit_key, resultKey: pagination.result_key } } : {}),
    };
  }
  const shapes: Record<string, GeneratedShape> = {};
  for (const name of Object.keys(model.shapes).sort()) shapes[name] = convertShape(name, model.shapes[name]!);

  const factsJson = JSON.stringify({ metadata: pickMetadata(model.metadata), operations, shapes });
  const fingerprint = createHash("sha256").update(factsJson).digest("hex");
  const header = [
    "// GENERATED by tools/generate-model.ts from the MediaLive API model (botocore medialive 2017-10-14).",
    "// Do not edit by hand: run `npm run generate`. test/unit/model/generated-model.test.ts fails when stale.",
    `// Model facts sha256: ${fingerprint}`,
    "",
  ].join("\n");

  const shapesSource =
    header +
    "/* eslint-disable */\n" +
    'import type { ModelOperation, ModelShape } from "../model-types.ts";\n\n' +
    `export const MODEL_METADATA = ${JSON.stringify(pickMetadata(model.metadata))} as const;\n\n` +
    `export const MODEL_OPERATIONS: Readonly<Record<string, ModelOperation>> = ${onePerLine(operations)};\n\n` +
    `export const MODEL_SHAPES: Readonly<Record<string, ModelShape>> = ${onePerLine(shapes)};\n`;

  return { shapesSource, typesSource: header + generateTypes(model) };
}

/** One table entry per line: small diffs when the model changes, easy to grep. */
function onePerLine(table: Record<string, unknown>): string {
  const rows = Object.entries(table).map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
  return `{\n${rows.join("\n")}\n}`;
}

function pickMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  const keys = ["apiVersion", "endpointPrefix", "signingName", "serviceId", "protocol", "uid"];
  return Object.fromEntries(keys.filter((k) => k in metadata).map((k) => [k, metadata[k]]));
}

/** Wire-form TypeScript types: member names are the JSON keys (locationName). */
function generateTypes(model: BotoModel): string {
  const lines: string[] = [];
  const typeName = (shapeName: string): string => (shapeName.startsWith("__") ? `Wire${shapeName}` : shapeName);
  const typeRef = (shapeName: string): string => {
    const shape = model.shapes[shapeName];
    if (!shape) return "unknown";
    return typeName(shapeName);
  };
  for (const name of Object.keys(model.shapes).sort()) {
    const shape = model.shapes[name]!;
    const tn = typeName(name);
    switch (shape.type) {
      case "structure": {
        const required = new Set(shape.required ?? []);
        lines.push(`export interface ${tn} {`);
        for (const [memberName, member] of Object.entries(shape.members ?? {})) {
          const wire = member.locationName ?? memberName;
          const key = /^[A-Za-z_$][\w$]*$/.test(wire) ? wire : JSON.stringify(wire);
          lines.push(`  ${key}${required.has(memberName) ? "" : "?"}: ${typeRef(member.shape)};`);
        }
        lines.push("}");
        break;
      }
      case "list":
        lines.push(`export type ${tn} = ${typeRef(shape.member!.shape)}[];`);
        break;
      case "map":
        lines.push(`export type ${tn} = Record<string, ${typeRef(shape.value!.shape)}>;`);
        break;
      case "string":
        lines.push(`export type ${tn} = ${shape.enum ? shape.enum.map((v) => JSON.stringify(v)).join(" | ") : "string"};`);
        break;
      case "integer":
      case "long":
      case "double":
      case "float":
        lines.push(`export type ${tn} = number;`);
        break;
      case "boolean":
        lines.push(`export type ${tn} = boolean;`);
        break;
      case "timestamp":
        lines.push(`export type ${tn} = string;`);
        break;
      case "blob":
        lines.push(`export type ${tn} = string;`);
        break;
      default:
        lines.push(`export type ${tn} = unknown;`);
    }
  }
  return lines.join("\n") + "\n";
}

function main(): void {
  const args = process.argv.slice(2);
  const { shapesSource, typesSource } = generate();
  if (args.includes("--check")) {
    const stale = [
      [GENERATED_SHAPES_FILE, shapesSource],
      [GENERATED_TYPES_FILE, typesSource],
    ].filter(([file, source]) => !existsSync(file!) || readFileSync(file!, "utf8") !== source);
    for (const [file] of stale) console.error(`stale: ${path.relative(repoRoot, file!)}`);
    process.exit(stale.length ? 1 : 0);
  }
  writeFileSync(GENERATED_SHAPES_FILE, shapesSource);
  writeFileSync(GENERATED_TYPES_FILE, typesSource);
  console.log(`generated from ${path.relative(repoRoot, MODEL_DIR)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
