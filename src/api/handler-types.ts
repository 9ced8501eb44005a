import type { ChannelRuntimePort } from "../domain/channels/channel-runtime-port.ts";
import type { ChannelService } from "../domain/channels/channel-service.ts";
import type { ClusterInventoryPort } from "../domain/cluster-inventory-port.ts";
import type { InputService } from "../domain/input-service.ts";
import type { IsgService } from "../domain/isg-service.ts";
import type { ValidationProblem } from "../shared/errors.ts";
import type { ArnScope } from "../shared/ids.ts";

/** What operation handlers may use. */
export interface ApiContext {
  readonly scope: ArnScope;
  readonly isgs: IsgService;
  readonly inputs: InputService;
  readonly channels: ChannelService;
  /** Running channels, through the domain's port (local processes, or worker nodes in a cluster). */
  readonly runtime: ChannelRuntimePort;
  /** A cluster's zones and workers (MediaLive Anywhere's read operations); absent on a single node. */
  readonly inventory?: ClusterInventoryPort;
}

/**
 * One MediaLive operation: receives the decoded, model-checked wire input and returns
 * the wire output (undefined for operations without a body, such as CreateTags).
 * `modelProblems` is non-empty only for handlers listed in MERGES_MODEL_PROBLEMS, which
 * report them together with their own rules (422, all problems at once).
 */
export type OperationHandler = (input: Record<string, unknown>, context: ApiContext, modelProblems: readonly ValidationProblem[]) => Promise<unknown>;

/** Operations whose handlers take the model problems and report them with their own. */
export const MERGES_MODEL_PROBLEMS: ReadonlySet<string> = new Set(["CreateChannel", "UpdateChannel", "UpdateChannelClass", "BatchUpdateSchedule"]);
