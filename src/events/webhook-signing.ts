// What a webhook receiver checks and how often a delivery is tried. The signature is
// HMAC-SHA256 of the exact body bytes with webhookSecret, hex, as
// `X-Openlive-Signature: sha256=<hex>` (the GitHub webhook convention).

import { createHmac } from "node:crypto";

export const SIGNATURE_HEADER = "x-openlive-signature";
export const EVENT_ID_HEADER = "x-openlive-event-id";

/** Tries per event and URL, the first included. */
export const MAX_ATTEMPTS = 5;
export const FIRST_RETRY_DELAY_MS = 500;

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** The headers of one delivery; no signature when no secret is configured. */
export function webhookHeaders(secret: string, eventId: string, body: string): Record<string, string> {
  return {
    "content-type": "application/json",
    [EVENT_ID_HEADER]: eventId,
    ...(secret !== "" ? { [SIGNATURE_HEADER]: signBody(secret, body) } : {}),
  };
}

/**
 * The wait before try `attempt + 1` after try `attempt` (1-based) failed: 0.5 s, 1 s, 2 s,
 * 4 s; undefined after the last try (the event is dropped).
 */
export function retryDelayMs(attempt: number): number | undefined {
  return attempt >= MAX_ATTEMPTS ? undefined : FIRST_RETRY_DELAY_MS * 2 ** (attempt - 1);
}

/** Whether an answer is worth another try: network failures, 5xx, 408 and 429; other 4xx will not change. */
export function retryable(status: number | undefined): boolean {
  return status === undefined || status >= 500 || status === 408 || status === 429;
}
