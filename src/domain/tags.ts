// Tag rules shared by every taggable resource (AWS tagging limits: at most 50 tags,
// keys 1–128 characters, values up to 256, the `aws:` prefix reserved). Requests are
// bounded before they get here (member-limits.ts); these checks keep every path honest.

import { ApiError } from "../shared/errors.ts";
import { MEMBER_LIMIT_CHARS, shownKey } from "../shared/member-limits.ts";
import type { Tags } from "./records.ts";

export const MAX_TAGS = 50;

export function checkTags(tags: Tags | undefined, elementPath = "tags"): Tags {
  if (tags === undefined) return {};
  const entries = Object.entries(tags);
  if (entries.length > MAX_TAGS) throw new ApiError("OL_TAGS_INVALID", { detail: `${elementPath}: at most ${MAX_TAGS} tags per resource, got ${entries.length}` });
  const { tagKey: keyMax, tagValue: valueMax } = MEMBER_LIMIT_CHARS;
  for (const [key, value] of entries) {
    const shown = shownKey(key);
    if (key.length < 1 || key.length > keyMax) throw new ApiError("OL_TAGS_INVALID", { detail: `${elementPath}: tag key "${shown}" must be 1–${keyMax} characters` });
    if (key.toLowerCase().startsWith("aws:")) throw new ApiError("OL_TAGS_INVALID", { detail: `${elementPath}: tag key "${shown}" uses the reserved prefix aws:` });
    if (typeof value !== "string" || value.length > valueMax) throw new ApiError("OL_TAGS_INVALID", { detail: `${elementPath}: tag value for "${shown}" must be a string of at most ${valueMax} characters` });
  }
  return { ...tags };
}

export function mergeTags(current: Tags, added: Tags): Tags {
  return checkTags({ ...current, ...added });
}

export function removeTags(current: Tags, keys: readonly string[]): Tags {
  const next = { ...current };
  for (const key of keys) delete next[key];
  return next;
}
