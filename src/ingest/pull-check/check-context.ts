// What every per-type source check receives from the orchestrator.

import type { SecretResolver } from "../source-access/source-credentials.ts";

export interface CheckContext {
  /** Aborts at the source's deadline: fetches stop, child processes are killed. */
  readonly signal: AbortSignal;
  /** The per-source budget, for reasons such as "timeout after 5000 ms". */
  readonly timeoutMs: number;
  readonly resolveSecret: SecretResolver;
  /** file:// sources must lie in these folders (config.inputRoots); undefined: not confined (the operator's own `openlive check`). */
  readonly inputRoots?: readonly string[];
}
