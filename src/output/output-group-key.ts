// How the outputs room names an output group internally: by its name, or by its place when
// it has none (OutputGroup.name is optional in MediaLive's model, and real channels omit it).

import type { OutputGroup } from "../model/generated/medialive-types.ts";

export function outputGroupKey(group: Pick<OutputGroup, "name">, index: number): string {
  return group.name ? group.name : `outputGroups[${index}]`;
}

/** The group a key names, with its index. */
export function findOutputGroup<G extends Pick<OutputGroup, "name">>(groups: readonly G[] | undefined, key: string): G | undefined {
  return (groups ?? []).find((group, index) => outputGroupKey(group, index) === key);
}

/** How the outputs room names one output of a group (EncoderPlanRequest.slaveTargets). */
export function outputSlaveKey(groupKey: string, outputName: string | undefined, outputIndex: number): string {
  return `${groupKey}/${outputName ? outputName : `outputs[${outputIndex}]`}`;
}
