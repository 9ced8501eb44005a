// Checks a wire-form value against a shape of the generated MediaLive model: JSON types,
// required members, enum values, numeric and length limits, unknown members. Reports
// every problem with its element path (`whitelistRules[0].cidr`), never throws.
// validateRequest also bounds every string of a request (member-limits.ts) and reports
// the ones that are too long apart, so that they are answered before anything else.

import { MODEL_SHAPES } from "./generated/medialive-model.ts";
import type { ValidationProblem } from "../shared/errors.ts";
import { mapKeyLimitChars, memberLimitChars, shownKey, type TooLongMember } from "../shared/member-limits.ts";
import type { ModelMember, ModelShape } from "./model-types.ts";

export interface ValidateOptions {
  /** Members whose location is not the body (path labels, query) are skipped when false. */
  readonly bodyOnly: boolean;
}

const MAX_PROBLEMS = 50;
const ALL_MEMBERS: ValidateOptions = { bodyOnly: false };

export function validateShape(shapeName: string, value: unknown, elementPath = "", options: ValidateOptions = ALL_MEMBERS): ValidationProblem[] {
  const found: Found = { problems: [], tooLong: undefined, zeroIsUnset: ZERO_IS_UNSET_IN.has(shapeName) };
  visit(shapeName, value, elementPath, undefined, options, found);
  return found.problems;
}

export interface RequestValidation {
  readonly problems: ValidationProblem[];
  /** Strings longer than the model's maximum or, where the model states none, openlive's limit (member-limits.ts). */
  readonly tooLong: TooLongMember[];
}

/** validateShape for a request: every string is bounded, and the ones over their limit are reported in `tooLong` (not in `problems`). */
export function validateRequest(shapeName: string, value: unknown): RequestValidation {
  const tooLong: TooLongMember[] = [];
  const found: Found = { problems: [], tooLong, zeroIsUnset: ZERO_IS_UNSET_IN.has(shapeName) };
  visit(shapeName, value, "", undefined, ALL_MEMBERS, found);
  return { problems: found.problems, tooLong };
}

/** What a walk collects; tooLong is undefined when strings are checked against the model's limits only. */
interface Found {
  readonly problems: ValidationProblem[];
  readonly tooLong: TooLongMember[] | undefined;
  /** Channel configurations: 0 for an optional number whose minimum is above 0 reads as unset. */
  readonly zeroIsUnset: boolean;
}

/**
 * Requests that carry a channel configuration, where infrastructure-as-code clients write
 * unset numbers as 0, and the answers that return such a configuration as it was sent.
 */
const ZERO_IS_UNSET_IN: ReadonlySet<string> = new Set(
  ["CreateChannel", "UpdateChannel", "UpdateChannelClass", "DescribeChannel", "DeleteChannel", "StartChannel", "StopChannel", "ListChannels"].flatMap((operation) => [`${operation}Request`, `${operation}Response`]),
);

function add(found: Found, elementPath: string, errorMessage: string): void {
  if (found.problems.length < MAX_PROBLEMS) found.problems.push({ elementPath: elementPath || "(request)", errorMessage });
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${JSON.stringify(value)}`.slice(0, 80);
}

/** `memberName` is the wire name of the member holding the value (for list items and map values, the list's or map's): it picks the length limit. */
function visit(shapeName: string, value: unknown, at: string, memberName: string | undefined, options: ValidateOptions, found: Found): void {
  const shape: ModelShape | undefined = MODEL_SHAPES[shapeName];
  if (!shape) return;
  switch (shape.type) {
    case "structure": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        add(found, at, `expected an object, got ${describe(value)}`);
        return;
      }
      const record = value as Record<string, unknown>;
      const { members, wireNames } = structurePlan(shapeName, shape, options.bodyOnly);
      for (const key in record) {
        if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
        if (!wireNames.has(key)) add(found, join(at, shownKey(key)), `unknown member "${shownKey(key)}"${suggest(key, [...wireNames])}`);
      }
      for (const { member, required } of members) {
        const memberValue = record[member.wire];
        if (memberValue === undefined || memberValue === null) {
          if (required && !defaultedByMediaLive(shapeName, member.wire)) add(found, join(at, member.wire), "is required");
          continue;
        }
        if (found.zeroIsUnset && !required && isZeroForUnset(member.shape, memberValue)) continue;
        visit(member.shape, memberValue, join(at, member.wire), member.wire, ALL_MEMBERS, found);
      }
      return;
    }
    case "list": {
      if (!Array.isArray(value)) {
        // One object where a list of objects belongs: read as a list of one (told by the channel rules).
        if (isObject(value) && MODEL_SHAPES[shape.member ?? ""]?.type === "structure") {
          visit(shape.member!, value, `${at}[0]`, memberName, options, found);
          return;
        }
        add(found, at, `expected an array, got ${describe(value)}`);
        return;
      }
      checkLimits(shape, value.length, at, "items", found);
      value.forEach((item, index) => visit(shape.member!, item, `${at}[${index}]`, memberName, options, found));
      return;
    }
    case "map": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        add(found, at, `expected an object of key/value pairs, got ${describe(value)}`);
        return;
      }
      for (const [key, item] of Object.entries(value)) {
        // A key is stored like a value (tag keys), so it is bounded too; a huge one is never echoed whole.
        boundLength(key.length, mapKeyLimitChars(memberName), join(at, `(key ${shownKey(key)})`), found);
        visit(shape.value!, item, join(at, shownKey(key)), memberName, options, found);
      }
      return;
    }
    case "string": {
      if (typeof value !== "string") {
        add(found, at, `expected a string, got ${describe(value)}`);
        return;
      }
      if (shape.enum && !shape.enum.includes(value)) {
        add(found, at, `"${value.slice(0, 80)}" is not one of ${shape.enum.join(", ")}`);
        return;
      }
      if (found.tooLong !== undefined) {
        // MediaLive's own maximum where the model states one; openlive's limit otherwise.
        if (boundLength(value.length, shape.max ?? memberLimitChars(memberName), at, found)) return;
        checkLimits(shape.min !== undefined ? { min: shape.min } : {}, value.length, at, "characters", found);
      } else checkLimits(shape, value.length, at, "characters", found);
      if (shape.pattern && !patternOf(shape.pattern).test(value)) add(found, at, `"${value.slice(0, 80)}" does not match ${shape.pattern}`);
      return;
    }
    case "integer":
    case "long":
    case "double":
    case "float": {
      const integer = shape.type === "integer" || shape.type === "long";
      if (typeof value !== "number" || !(integer ? Number.isInteger(value) : Number.isFinite(value))) {
        add(found, at, `expected ${integer ? "an integer" : "a number"}, got ${describe(value)}`);
        return;
      }
      checkRange(shape, value, at, found);
      return;
    }
    case "boolean":
      if (typeof value !== "boolean") add(found, at, `expected true or false, got ${describe(value)}`);
      return;
    case "timestamp":
      if (typeof value !== "string" && typeof value !== "number") add(found, at, `expected a timestamp, got ${describe(value)}`);
      return;
    default:
      return;
  }
}

/**
 * Members the model marks required that MediaLive itself fills in when they are absent: an
 * audio description without a selector takes the source's default audio, and a channel
 * without audio descriptions is video-only. Real clients rely on both.
 */
const DEFAULTED_BY_MEDIALIVE: Readonly<Record<string, readonly string[]>> = {
  AudioDescription: ["audioSelectorName"],
  EncoderSettings: ["audioDescriptions"],
};

function defaultedByMediaLive(shapeName: string, wire: string): boolean {
  return DEFAULTED_BY_MEDIALIVE[shapeName]?.includes(wire) ?? false;
}

/** 0 for an optional number whose minimum is above 0: how clients such as the Terraform provider write "unset". */
function isZeroForUnset(memberShape: string, value: unknown): boolean {
  const shape = MODEL_SHAPES[memberShape];
  return value === 0 && shape !== undefined && (shape.type === "integer" || shape.type === "long" || shape.type === "double") && shape.min !== undefined && shape.min > 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
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

function checkRange(shape: ModelShape, value: number, at: string, found: Found): void {
  if (shape.min !== undefined && value < shape.min) add(found, at, `${value} is below the minimum ${shape.min}`);
  if (shape.max !== undefined && value > shape.max) add(found, at, `${value} is above the maximum ${shape.max}`);
}

function checkLimits(shape: Pick<ModelShape, "min" | "max">, length: number, at: string, unit: string, found: Found): void {
  if (shape.min !== undefined && length < shape.min) add(found, at, `needs at least ${shape.min} ${unit}, got ${length}`);
  if (shape.max !== undefined && length > shape.max) add(found, at, `allows at most ${shape.max} ${unit}, got ${length}`);
}

/** Records a string over its limit in found.tooLong (when bounding); true when it was over. */
function boundLength(lengthChars: number, limitChars: number, at: string, found: Found): boolean {
  if (found.tooLong === undefined || lengthChars <= limitChars) return false;
  if (found.tooLong.length < MAX_PROBLEMS) found.tooLong.push({ elementPath: at || "(request)", lengthChars, limitChars });
  return true;
}

function join(at: string, key: string): string {
  return at ? `${at}.${key}` : key;
}

function suggest(key: string, known: string[]): string {
  const lower = key.toLowerCase();
  const match = known.find((k) => k.toLowerCase() === lower);
  return match ? ` (did you mean "${match}"? member names are camelCase on the wire)` : "";
}
