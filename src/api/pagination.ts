// Opaque pagination tokens: base64url of the operation and the last position returned.
// Bound to the operation so a token from ListInputs cannot page ListInputSecurityGroups.

import { ApiError } from "../shared/errors.ts";

/** MediaLive's maxResults is 1–1000; without it a page holds up to 1000 records. */
export const DEFAULT_PAGE_SIZE = 1000;

export function encodeNextToken(operation: string, after: number | undefined): string | undefined {
  if (after === undefined) return undefined;
  return Buffer.from(JSON.stringify({ o: operation, a: after })).toString("base64url");
}

export function decodeNextToken(operation: string, token: unknown): number | undefined {
  if (token === undefined || token === "") return undefined;
  if (typeof token === "string" && /^[A-Za-z0-9_-]+$/.test(token)) {
    try {
      const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { o?: unknown; a?: unknown };
      if (parsed.o === operation && typeof parsed.a === "number" && Number.isInteger(parsed.a) && parsed.a >= 0) return parsed.a;
    } catch {
      // falls through to the error below
    }
  }
  throw new ApiError("OL_REQUEST_INVALID", { detail: `nextToken is not a token returned by ${operation}` });
}

export function pageRequest(operation: string, input: Record<string, unknown>): { after?: number; limit: number } {
  const after = decodeNextToken(operation, input.nextToken);
  const limit = typeof input.maxResults === "number" ? input.maxResults : DEFAULT_PAGE_SIZE;
  return after === undefined ? { limit } : { after, limit };
}

/** One page of a list held in memory (positions as the token's), with the next token while more follow. */
export function pageOfList<T>(operation: string, input: Record<string, unknown>, all: readonly T[]): { items: T[]; nextToken?: string } {
  const { after, limit } = pageRequest(operation, input);
  const start = after ?? 0;
  const nextToken = start + limit < all.length ? encodeNextToken(operation, start + limit) : undefined;
  return { items: all.slice(start, start + limit), ...(nextToken ? { nextToken } : {}) };
}
