// What a pipeline does when the input on air reaches its end (a file, or a VOD playlist,
// with sourceEndBehavior CONTINUE) — MediaLive's globalConfiguration.inputEndAction:
//   NONE (default): nothing; input-loss fill runs until the schedule switches.
//   SWITCH_AND_LOOP_INPUTS: the next input attachment, in the channel's attachment order,
//     goes on air; after the last the first starts again from its beginning (a channel with
//     one attachment plays it again).
// A schedule action that follows the end of the switch on air (followPoint END) takes
// precedence: the operator's schedule says what comes next. Pure.

export const INPUT_END_ACTIONS = { none: "NONE", switchAndLoop: "SWITCH_AND_LOOP_INPUTS" } as const;

export interface InputEnd {
  /** globalConfiguration.inputEndAction; absent is NONE. */
  readonly inputEndAction: string | undefined;
  /** The channel's input attachment names, in attachment order. */
  readonly attachmentNames: readonly string[];
  /** The attachment whose input ended. */
  readonly endedAttachmentName: string;
  /** A schedule action follows the end of the switch that put the ended input on air. */
  readonly followedBySchedule: boolean;
}

/** The attachment to switch to when the input on air ends, or undefined to stay (fill). */
export function attachmentAfterEnd(end: InputEnd): string | undefined {
  if (end.inputEndAction !== INPUT_END_ACTIONS.switchAndLoop || end.followedBySchedule) return undefined;
  const index = end.attachmentNames.indexOf(end.endedAttachmentName);
  if (index < 0 || end.attachmentNames.length === 0) return undefined;
  return end.attachmentNames[(index + 1) % end.attachmentNames.length];
}
