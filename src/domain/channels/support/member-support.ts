// The three ways openlive treats a member of a channel configuration, and the walk that
// sorts a configuration's members into them:
//   honoured — listed in `members` (with `values`, only those values are honoured);
//   told     — accepted and stored as sent, but not reproduced: listed in `told` with a
//              reason, or not listed at all (a member of the model openlive does not know
//              how to honour yet), or a value outside `values`. The channel's answers carry
//              each one (openliveNotHonoured), so nothing is dropped silently;
//   refused  — a 422, only where MediaLive itself refuses or the thing cannot exist on a
//              self-hosted service: listed in `refused` with a message saying what to do.
// The walk also reads two forms MediaLive's own clients send and MediaLive tolerates: a
// list written as one object (read as a list of one) and 0 for an optional number whose
// minimum is above 0 (the Terraform provider sends zero for unset numbers; read as unset).

import { MODEL_SHAPES } from "../../../model/generated/medialive-model.ts";
import type { ValidationProblem } from "../../../shared/errors.ts";

export interface MemberSupport {
  /** What openlive does with the member, or why it has no effect. */
  readonly note: string;
  /** Only these values are honoured; other values are told. Absent = every value the model allows. */
  readonly values?: readonly (string | number | boolean)[];
}

export interface ShapeSupport {
  /** Where the shape sits in a CreateChannel body (for the docs). */
  readonly path: string;
  /** A union in MediaLive's style (exactly one member is set): messages name the honoured alternatives. */
  readonly union?: boolean;
  /** Honoured members. */
  readonly members: Readonly<Record<string, MemberSupport>>;
  /** Accepted and told: member → why openlive does not reproduce it (a short phrase or sentence). */
  readonly told?: Readonly<Record<string, string>>;
  /** Refused with a 422: member → what it is and what to use instead. */
  readonly refused?: Readonly<Record<string, string>>;
}

/** A member openlive accepts, stores and returns, but does not reproduce. */
export interface NotHonouredSetting {
  readonly elementPath: string;
  readonly reason: string;
}

export interface MemberClassification {
  readonly refused: ValidationProblem[];
  readonly told: NotHonouredSetting[];
}

/** Note for a member that only configures a feature openlive lacks. */
export function noEffect(feature: string): string {
  return `metadata: no effect while ${feature} is not supported`;
}

/** Wire member name → model shape of that member, for one model structure. */
export function memberShapes(shapeName: string): Map<string, string> {
  const shape = MODEL_SHAPES[shapeName];
  return new Map(Object.values(shape?.members ?? {}).map((member) => [member.wire, member.shape]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

function joinPath(at: string, key: string): string {
  return at ? `${at}.${key}` : key;
}

function showValue(value: unknown): string {
  return typeof value === "string" ? `"${value.slice(0, 80)}"` : String(JSON.stringify(value)).slice(0, 80);
}

const MAX_DEPTH = 32;

/** Sorts every member (at any depth) into refused and told; honoured ones are not listed. Never throws. */
export function classifyMembers(shapes: Readonly<Record<string, ShapeSupport>>, shapeName: string, value: unknown, elementPath: string): MemberClassification {
  const found: MemberClassification = { refused: [], told: [] };
  visit(shapes, shapeName, value, elementPath, found, 0);
  return found;
}

function visit(shapes: Readonly<Record<string, ShapeSupport>>, shapeName: string, value: unknown, at: string, found: MemberClassification, depth: number): void {
  const model = MODEL_SHAPES[shapeName];
  if (!model || depth > MAX_DEPTH) return;
  if (model.type === "list") {
    if (Array.isArray(value) && model.member) value.forEach((item, index) => visit(shapes, model.member!, item, `${at}[${index}]`, found, depth + 1));
    else if (isRecord(value) && model.member && MODEL_SHAPES[model.member]?.type === "structure") {
      found.told.push({ elementPath: at, reason: "a list written as one object: read as a list of one (MediaLive's API takes a list here)" });
      visit(shapes, model.member, value, `${at}[0]`, found, depth + 1);
    }
    return;
  }
  if (model.type === "integer" || model.type === "long" || model.type === "double") {
    if (value === 0 && model.min !== undefined && model.min > 0) {
      found.told.push({ elementPath: at, reason: `0 is below MediaLive's minimum ${model.min}: read as unset, so MediaLive's default applies (clients such as the Terraform provider send 0 for an unset number)` });
    }
    return;
  }
  const support = shapes[shapeName];
  if (!isRecord(value)) return;
  const memberShapeOf = memberShapes(shapeName);
  for (const [key, memberValue] of Object.entries(value)) {
    if (isAbsent(memberValue)) continue;
    const path = joinPath(at, key);
    const nested = memberShapeOf.get(key);
    if (support) {
      if (support.refused && Object.hasOwn(support.refused, key)) {
        found.refused.push({ elementPath: path, errorMessage: support.refused[key]! });
        continue;
      }
      const member = Object.hasOwn(support.members, key) ? support.members[key] : undefined;
      if (!member) {
        const reason = support.told && Object.hasOwn(support.told, key) ? support.told[key]! : "openlive does not reproduce this setting yet";
        found.told.push({ elementPath: path, reason: `${key}: ${reason}` });
        continue;
      }
      if (member.values && !member.values.includes(memberValue as string | number | boolean)) {
        found.told.push({ elementPath: path, reason: `${key} ${showValue(memberValue)}: openlive honours only ${member.values.map(showValue).join(", ")} (${member.note || "MediaLive's default"})` });
        continue;
      }
    }
    if (nested) visit(shapes, nested, memberValue, path, found, depth + 1);
  }
}
