import type { ChannelService } from "../domain/channels/channel-service.ts";
import type { InputService } from "../domain/input-service.ts";
import type { IsgService } from "../domain/isg-service.ts";
import type { ArnScope } from "../shared/ids.ts";

/** What operation handlers may use. */
export interface ApiContext {
  readonly scope: ArnScope;
  readonly isgs: IsgService;
  readonly inputs: InputService;
  readonly channels: ChannelService;
}

/**
 * One MediaLive operation: receives the decoded, model-checked wire input and returns
 * the wire output (undefined for operations without a body, such as CreateTags).
 */
export type OperationHandler = (input: Record<string, unknown>, context: ApiContext) => Promise<unknown>;
