// Matches an HTTP method and raw path to a MediaLive operation of the generated model,
// and extracts its path labels.

import { MODEL_OPERATIONS } from "../../model/generated/medialive-model.ts";
import type { ModelOperation } from "../../model/model-types.ts";

export interface OperationMatch {
  readonly name: string;
  readonly operation: ModelOperation;
  /** Path labels, percent-decoded, keyed by label name (`inputId`, `resource-arn`). */
  readonly labels: Readonly<Record<string, string>>;
}

interface CompiledOperation {
  readonly name: string;
  readonly operation: ModelOperation;
  readonly segments: readonly string[];
  readonly literalCount: number;
}

const COMPILED: readonly CompiledOperation[] = Object.entries(MODEL_OPERATIONS)
  .map(([name, operation]) => {
    const segments = operation.path.split("/").filter(Boolean);
    return { name, operation, segments, literalCount: segments.filter((s) => !s.startsWith("{")).length };
  })
  // Literal segments win over labels (`/prod/inputs/{id}` vs a literal child path).
  .sort((a, b) => b.literalCount - a.literalCount);

/**
 * The candidates of each method and segment count, in COMPILED's order, so that a call
 * tries the handful of operations that can match instead of the whole model.
 */
const CANDIDATES = new Map<string, CompiledOperation[]>();
for (const compiled of COMPILED) {
  const key = candidatesKey(compiled.operation.method, compiled.segments.length);
  const list = CANDIDATES.get(key);
  if (list) list.push(compiled);
  else CANDIDATES.set(key, [compiled]);
}

function candidatesKey(method: string, segmentCount: number): string {
  return `${method} ${segmentCount}`;
}

export function matchOperation(method: string, rawPath: string): OperationMatch | undefined {
  // Strict: "/prod/inputs/" and "/prod//inputs" are not "/prod/inputs".
  if (!rawPath.startsWith("/")) return undefined;
  const rawSegments = rawPath.slice(1).split("/");
  if (rawSegments.some((segment) => segment === "")) return undefined;
  const candidates = CANDIDATES.get(candidatesKey(method, rawSegments.length));
  if (candidates === undefined) return undefined;
  for (const compiled of candidates) {
    // Literal segments first, without allocating: most candidates of a List* call fail here.
    if (!literalsMatch(compiled.segments, rawSegments)) continue;
    const labels: Record<string, string> = {};
    let matched = true;
    for (let i = 0; i < compiled.segments.length && matched; i++) {
      const template = compiled.segments[i]!;
      if (!template.startsWith("{")) continue;
      const decoded = safeDecode(rawSegments[i]!);
      if (decoded === undefined || decoded === "") matched = false;
      else labels[template.slice(1, -1)] = decoded;
    }
    if (matched) return { name: compiled.name, operation: compiled.operation, labels };
  }
  return undefined;
}

function literalsMatch(templates: readonly string[], rawSegments: readonly string[]): boolean {
  for (let i = 0; i < templates.length; i++) {
    const template = templates[i]!;
    if (!template.startsWith("{") && template !== rawSegments[i]) return false;
  }
  return true;
}

/** True when some operation has this path with another method (for a helpful error). */
export function pathKnown(rawPath: string): boolean {
  return ["GET", "POST", "PUT", "DELETE", "PATCH"].some((method) => matchOperation(method, rawPath) !== undefined);
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
