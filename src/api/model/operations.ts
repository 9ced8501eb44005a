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

export function matchOperation(method: string, rawPath: string): OperationMatch | undefined {
  // Strict: "/prod/inputs/" and "/prod//inputs" are not "/prod/inputs".
  if (!rawPath.startsWith("/")) return undefined;
  const rawSegments = rawPath.slice(1).split("/");
  if (rawSegments.some((segment) => segment === "")) return undefined;
  for (const compiled of COMPILED) {
    if (compiled.operation.method !== method || compiled.segments.length !== rawSegments.length) continue;
    const labels: Record<string, string> = {};
    let matched = true;
    for (let i = 0; i < compiled.segments.length && matched; i++) {
      const template = compiled.segments[i]!;
      const actual = rawSegments[i]!;
      if (template.startsWith("{")) {
        const decoded = safeDecode(actual);
        if (decoded === undefined || decoded === "") matched = false;
        else labels[template.slice(1, -1)] = decoded;
      } else if (template !== actual) matched = false;
    }
    if (matched) return { name: compiled.name, operation: compiled.operation, labels };
  }
  return undefined;
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
