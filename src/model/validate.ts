// Checks a wire-form value against a shape of the generated MediaLive model: JSON types,
// required members, enum values, numeric and length limits, unknown members. Reports
// every problem with its element path (`whitelistRules[0].cidr`), never throws.

import { MODEL_SHAPES } from "./generated/medialive-model.ts";
import type { ValidationProblem } from "../shared/errors.ts";
import type { ModelMember, ModelShape } from "./model-types.ts";

export interface ValidateOptions {
  /** Members whose location is not the body (path labels, query) are skipped when false. */
  readonly bodyOnly: boolean;
}

const MAX_PROBLEMS = 50;
const ALL_MEMBERS: ValidateOptions = { bodyOnly: false };

export function validateShape(shapeName: string, value: unknown, elementPath = "", options: ValidateOptions = ALL_MEMBERS): ValidationProblem[] {
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
      const { members, wireNames } = structurePlan(shapeName, shape, options.bodyOnly);
      for (const key in record) {
        if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
        if (!wireNames.has(key)) add(problems, join(at, key), `unknown member "${key}"${suggest(key, [...wireNames])}`);
      }
      for (const { member, required } of members) {
        const memberValue = record[member.wire];
        if (memberValue === undefined || memberValue === null) {
          if (required) add(problems, join(at, member.wire), "is required");
          continue;
        }
        visit(member.shape, memberValue, join(at, member.wire), ALL_MEMBERS, problems);
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
      if (shape.pattern && !patternOf(shape.pattern).test(value)) add(problems, at, `"${value.slice(0, 80)}" does not match ${shape.pattern}`);
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

/** A structure's members in model order, with what checking them needs, worked out once per shape. */
interface StructurePlan {
  readonly members: readonly { readonly member: ModelMember; readonly required: boolean }[];
  readonly wireNames: ReadonlySet<string>;
}

/**
 * Plans by shape name (and bodyOnly): every API call validates its input structure, and
 * rebuilding the member list and wire-name index per call was most of the garbage a small
 * read made here (the model is static, so the plans never go stale).
 */
const structurePlans = [new Map<string, StructurePlan>(), new Map<string, StructurePlan>()] as const;

function structurePlan(shapeName: string, shape: ModelShape, bodyOnly: boolean): StructurePlan {
  const plans = structurePlans[bodyOnly ? 1 : 0];
  let plan = plans.get(shapeName);
  if (plan === undefined) {
    const members = Object.entries(shape.members ?? {})
      .filter(([, member]) => !bodyOnly || member.location === undefined)
      .map(([name, member]) => ({ member, required: shape.required?.includes(name) ?? false }));
    plan = { members, wireNames: new Set(members.map(({ member }) => member.wire)) };
    plans.set(shapeName, plan);
  }
  return plan;
}

/** Compiled once per pattern instead of once per checked value (no flags, so test() keeps no state). */
const compiledPatterns = new Map<string, RegExp>();

function patternOf(source: string): RegExp {
  let pattern = compiledPatterns.get(source);
  if (pattern === undefined) compiledPatterns.set(source, (pattern = new RegExp(source)));
  return pattern;
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
