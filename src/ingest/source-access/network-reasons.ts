// The wording of network failures, shared by the create-time check (its "is not ready: …"
// reasons) and the running pull (its alerts), so the same failure reads the same.

export const NetworkReasons = {
  connectionRefused: "connection refused",
  connectionReset: "connection reset",
  hostNotFound: "host not found",
  hostUnreachable: "host unreachable",
  timeout: (timeoutMs: number) => `timeout after ${timeoutMs} ms`,
} as const;
