// Checks a wire-form value against a shape of the generated MediaLive model: JSON types,
// required members, enum values, numeric and length limits, unknown members. Reports
// every problem with its element path (`whitelistRules[0].cidr`), never throws.

import { MODEL_SHAPES } from "./generated/medialive-model.ts";
import type { ValidationProblem } from "../shared/errors.ts";
import type { ModelShape } from "./model-types.ts";

export interface ValidateOptions {
  /** Members whose location is not the body (path labels, query) are skipped when false. */
  readonly bodyOnly: boolean;
}

const MAX_PROBLEMS = 50;

export function validateShape(shapeName: string, value: unknown, elementPath = "", options: ValidateOptions = { bodyOnly: false }): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  visit(shapeName, value, elementPath, options, problems);
  return problems.slice(0, MAX_PROBLEMS);
}

function add(problems: ValidationProblem[], elementPath: string, errorMessage: string): void {
  if (problems.length < MAX_PROBLEMS) problems.push({ elementPath: elementPath || "(request)", errorMessage });
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${JSON.stringify(value)}`.slice(0, 80);
}

function visit(shapeName: string, value: unknown, at: string, options: ValidateOptions, problems: ValidationProblem[]): void {
  const shape: ModelShape | undefined = MODEL_SHAPES[shapeName];
  if (!shape) return;
  switch (shape.type) {
    case "structure": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        add(problems, at, `expected an object, got ${describe(value)}`);
        return;
      }
      const record = value as Record<string, unknown>;
      const members = Object.entries(shape.members ?? {}).filter(([, m]) => !options.bodyOnly || m.location === undefined);
      const byWire = new Map(members.map(([name, member]) => [member.wire, { name, member }]));
      for (const key of Object.keys(record)) {
        if (!byWire.has(key)) add(problems, join(at, key), `unknown member "${key}"${suggest(key, [...byWire.keys()])}`);
      }
      for (const [name, member] of members) {
        const memberValue = record[member.wire];
        const memberPath = join(at, member.wire);
        if (memberValue === undefined || memberValue === null) {
          if (shape.required?.includes(name)) add(problems, memberPath, "is required");
          continue;
        }
        visit(member.shape, memberValue, memberPath, { bodyOnly: false }, problems);
      }
      return;
    }
    case "list": {
      if (!Array.isArray(value)) {
        add(problems, at, `expected an array, got ${describe(value)}`);
        return;
      }
      checkLimits(shape, value.length, at, "items", problems);
      value.forEach((item, index) => visit(shape.member!, item, `${at}[${index}]`, options, problems));
      return;
    }
    case "map": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        add(problems, at, `expected an object of key/value pairs, got ${describe(value)}`);
        return;
      }
      for (const [key, item] of Object.entries(value)) visit(shape.value!, item, join(at, key), options, problems);
      return;
    }
    case "string": {
      if (typeof value !== "string") {
        add(problems, at, `expected a string, got ${describe(value)}`);
        return;
      }
      if (shape.enum && !shape.enum.includes(value)) {
        add(problems, at, `"${value.slice(0, 80)}" is not one of ${shape.enum.join(", ")}`);
        return;
      }
      checkLimits(shape, value.length, at, "characters", problems);
      if (shape.pattern && !new RegExp(shape.pattern).test(value)) add(problems, at, `"${value.slice(0, 80)}" does not match ${shape.pattern}`);
      return;
    }
    case "integer":
    case "long": {
      if (typeof value !== "number" || !Number.isInteger(value)) {
        add(problems, at, `expected an integer, got ${describe(value)}`);
        return;
      }
      checkRange(shape, value, at, problems);
      return;
    }
    case "double":
    case "float": {
      if (typeof value !== "number" || !Number.isFinite(value)) {
        add(problems, at, `expected a number, got ${describe(value)}`);
        return;
      }
      checkRange(shape, value, at, problems);
      return;
    }
    case "boolean":
      if (typeof value !== "boolean") add(problems, at, `expected true or false, got ${describe(value)}`);
      return;
    case "timestamp":
      if (typeof value !== "string" && typeof value !== "number") add(problems, at, `expected a timestamp, got ${describe(value)}`);
      return;
    default:
      return;
  }
}

function checkRange(shape: ModelShape, value: number, at: string, problems: ValidationProblem[]): void {
  if (shape.min !== undefined && value < shape.min) add(problems, at, `${value} is below the minimum ${shape.min}`);
  if (shape.max !== undefined && value > shape.max) add(problems, at, `${value} is above the maximum ${shape.max}`);
}

function checkLimits(shape: ModelShape, length: number, at: string, unit: string, problems: ValidationProblem[]): void {
  if (shape.min !== undefined && length < shape.min) add(problems, at, `needs at least ${shape.min} ${unit}, got ${length}`);
  if (shape.max !== undefined && length > shape.max) add(problems, at, `allows at most ${shape.max} ${unit}, got ${length}`);
}

function join(at: string, key: string): string {
  return at ? `${at}.${key}` : key;
}

function suggest(key: string, known: string[]): string {
  const lower = key.toLowerCase();
  const match = known.find((k) => k.toLowerCase() === lower);
  return match ? ` (did you mean "${match}"? member names are camelCase on the wire)` : "";
}
