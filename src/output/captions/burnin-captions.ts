// Which caption descriptions are burned into the picture: those with burnInDestinationSettings
// that an output with video names. Each is decoded from the CEA-608 channel its caption
// selector reads (source608ChannelNumber, CC1 when absent). Pure.

import type { ChannelConfig } from "../../domain/channels/channel-config.ts";
import type { CaptionDescription } from "../../model/generated/medialive-types.ts";
import type { CaptionBurnin } from "../encoder/caption-burnin.ts";
import { burnInTextFile } from "./burnin-text.ts";

export interface BurnInCaptionPlan extends CaptionBurnin {
  /** 1–4: CC1–CC4. */
  readonly cea608Channel: number;
}

function burnInPlan(config: ChannelConfig, description: CaptionDescription, workDir: string): BurnInCaptionPlan | undefined {
  const settings = description.destinationSettings?.burnInDestinationSettings;
  if (!settings) return undefined;
  const selector = config.inputAttachments
    .flatMap((attachment) => attachment.inputSettings?.captionSelectors ?? [])
    .find((candidate) => candidate.name === description.captionSelectorName);
  const cea608Channel = selector?.selectorSettings?.embeddedSourceSettings?.source608ChannelNumber || 1;
  return { descriptionName: description.name, settings, textFile: burnInTextFile(workDir, description.name), cea608Channel };
}

/** The burn-in an output naming `captionDescriptionNames` draws (the first burn-in description it names), if any. */
export function outputCaptionBurnin(config: ChannelConfig, captionDescriptionNames: readonly string[], workDir: string): BurnInCaptionPlan | undefined {
  const descriptions = config.encoderSettings?.captionDescriptions ?? [];
  for (const name of captionDescriptionNames) {
    const description = descriptions.find((candidate) => candidate.name === name);
    const plan = description && burnInPlan(config, description, workDir);
    if (plan) return plan;
  }
  return undefined;
}

/** Every burn-in description some output with video draws, once each. */
export function burnInCaptionPlans(config: ChannelConfig, workDir: string): BurnInCaptionPlan[] {
  const plans = new Map<string, BurnInCaptionPlan>();
  for (const group of config.encoderSettings?.outputGroups ?? []) {
    for (const output of group.outputs) {
      if (!output.videoDescriptionName) continue;
      const plan = outputCaptionBurnin(config, output.captionDescriptionNames ?? [], workDir);
      if (plan) plans.set(plan.descriptionName, plan);
    }
  }
  return [...plans.values()];
}
