// Verifies, before a channel is stored (CreateChannel/UpdateChannel), that every pull
// source of every attached input answers, as MediaLive verifies pull inputs at channel creation.
// All sources are checked at once under one deadline (timeoutMs from the call), so the call
// takes as long as the slowest source (≤ timeoutMs plus a little), not their sum. It never
// throws: a source that cannot be verified, for whatever reason, is one ValidationProblem.

import type { InputRecord } from "../../domain/records.ts";
import type { ValidationProblem } from "../../shared/errors.ts";
import { notReady, Reasons, type SourceCheckResult } from "./check-result.ts";
import type { CheckContext } from "./check-context.ts";
import { checkFileSource } from "./check-file-source.ts";
import { checkHlsSource } from "./check-hls-source.ts";
import { checkRtmpSource } from "./check-rtmp-source.ts";
import { checkSrtSource } from "./check-srt-source.ts";
import { formatNotReady } from "./not-ready-message.ts";
import { planSourceChecks, type PlannedCheck, type SourceCheck } from "./plan-source-checks.ts";

export interface PullCheckTarget {
  /** inputAttachments[i].inputAttachmentName (may be ""). */
  readonly attachmentName: string;
  /** Where the 422 points, e.g. "inputAttachments[1].inputId". */
  readonly elementPath: string;
  /** Any input: push inputs are skipped, pull inputs are checked. */
  readonly input: InputRecord;
}

export interface PullCheckOptions {
  /** Per source; values above MAX_PULL_CHECK_TIMEOUT_MS are lowered to it. */
  readonly timeoutMs: number;
  /** passwordParam / passphraseSecretArn → secret value; undefined when unknown. */
  readonly resolveSecret: (name: string) => string | undefined;
  /** file:// sources must lie in these folders (config.inputRoots). */
  readonly inputRoots: readonly string[];
}

/** Each source is contacted with a bounded timeout of at most 5 s (docs/api.md, Channels). */
export const MAX_PULL_CHECK_TIMEOUT_MS = 5000;

/**
 * Extra wait, past a source's deadline, before its check is abandoned outright. Checks stop
 * themselves at the deadline (aborted fetch, killed ffprobe); this only covers work that
 * cannot be cancelled, such as a read from a hung network mount.
 */
const ABANDON_AFTER_DEADLINE_MS = 300;

export async function verifyPullInputs(targets: readonly PullCheckTarget[], options: PullCheckOptions): Promise<ValidationProblem[]> {
  const timeoutMs = effectiveTimeoutMs(options.timeoutMs);
  let planned: PlannedCheck[];
  try {
    planned = planSourceChecks(targets);
  } catch (error) {
    // Only a malformed record gets here; report it on the first target rather than throw.
    const first = targets[0];
    return first ? [{ elementPath: first.elementPath, errorMessage: `Pull inputs could not be verified: ${describe(error)}` }] : [];
  }
  // One deadline for all sources, fixed before the first check starts: starting a check that
  // spawns ffprobe blocks the event loop for a few ms (tens under load) until exec, so
  // per-source deadlines taken one after another would drift and stretch the whole call.
  const deadlineAtMs = performance.now() + timeoutMs;
  const results = await Promise.all(planned.map((entry) => runOne(entry.check, timeoutMs, deadlineAtMs, options)));
  const problems: ValidationProblem[] = [];
  results.forEach((result, index) => {
    const entry = planned[index]!;
    if (!result.ready) problems.push({ elementPath: entry.elementPath, errorMessage: formatNotReady(entry.subject, result.reason) });
  });
  return problems;
}

function effectiveTimeoutMs(requested: number): number {
  if (!Number.isFinite(requested) || requested <= 0) return MAX_PULL_CHECK_TIMEOUT_MS;
  return Math.min(Math.round(requested), MAX_PULL_CHECK_TIMEOUT_MS);
}

async function runOne(check: SourceCheck, timeoutMs: number, deadlineAtMs: number, options: PullCheckOptions): Promise<SourceCheckResult> {
  const remainingMs = Math.max(0, deadlineAtMs - performance.now());
  const deadline = new AbortController();
  const deadlineTimer = setTimeout(() => deadline.abort(new DOMException(Reasons.timeout(timeoutMs), "TimeoutError")), remainingMs);
  let abandonTimer: NodeJS.Timeout | undefined;
  const abandoned = new Promise<SourceCheckResult>((resolve) => {
    abandonTimer = setTimeout(() => resolve(notReady(Reasons.timeout(timeoutMs))), remainingMs + ABANDON_AFTER_DEADLINE_MS);
  });
  const context: CheckContext = { signal: deadline.signal, timeoutMs, resolveSecret: options.resolveSecret, inputRoots: options.inputRoots };
  try {
    return await Promise.race([dispatch(check, context).catch((error: unknown) => notReady(`check failed: ${describe(error)}`)), abandoned]);
  } finally {
    clearTimeout(deadlineTimer);
    clearTimeout(abandonTimer);
    // Whatever is still running for this source (a fetch body, a child) is told to stop.
    if (!deadline.signal.aborted) deadline.abort();
  }
}

function dispatch(check: SourceCheck, context: CheckContext): Promise<SourceCheckResult> {
  switch (check.kind) {
    case "hls":
      return checkHlsSource(check.source, context);
    case "rtmp":
      return checkRtmpSource(check.source, context);
    case "file":
      return checkFileSource(check.source, check.container, context);
    case "srt":
      return checkSrtSource(check.source, context);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
