// MediaLive's wire JSON (camelCase, what the REST API and the corpus carry) in the aws CLI's
// form (the model's member names, PascalCase: what `describe-channel` prints and
// `--cli-input-json` reads), converted along the model's shapes.

import { MODEL_SHAPES } from "../../src/model/generated/medialive-model.ts";

export function toCliMembers(shapeName: string, value: unknown): unknown {
  const shape = MODEL_SHAPES[shapeName];
  if (!shape || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return shape.member ? value.map((item) => toCliMembers(shape.member!, item)) : value;
  if (shape.type === "map") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shape.value ? toCliMembers(shape.value, item) : item]));
  const byWire = new Map(Object.entries(shape.members ?? {}).map(([name, member]) => [member.wire, { name, shape: member.shape }]));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      const member = byWire.get(key);
      return member ? [member.name, toCliMembers(member.shape, item)] : [key, item];
    }),
  );
}
