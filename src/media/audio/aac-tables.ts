// Tables shared by ADTS and AudioSpecificConfig (ISO/IEC 14496-3 §1.6.3.3, §1.6.3.4, §1.5.1.1 Table 1.1).

/** sampling_frequency_index → Hz (Table 1.18); 13–14 reserved, 15 = explicit (ASC only). */
export const AAC_SAMPLE_RATES_HZ: readonly number[] = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

/** channel_configuration → channel count (Table 1.19); 0 = defined in a program_config_element. */
export const AAC_CHANNEL_COUNTS: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 8];

/** Audio object types that matter for contribution feeds (Table 1.17). */
export const AacObjectTypeNames: Readonly<Record<number, string>> = {
  1: "AAC Main",
  2: "LC",
  3: "SSR",
  4: "LTP",
  5: "HE-AAC",
  6: "Scalable",
  17: "ER AAC LC",
  23: "ER AAC LD",
  29: "HE-AAC v2",
  39: "ER AAC ELD",
  42: "USAC",
};

export function aacObjectTypeName(objectType: number): string {
  return AacObjectTypeNames[objectType] ?? `object type ${objectType}`;
}

/** §1.6.5.1: channelConfiguration 0 (PCE) and reserved values 8+ give no count (13+ are newer layouts). */
export function aacChannelCount(channelConfiguration: number): number | undefined {
  const count = AAC_CHANNEL_COUNTS[channelConfiguration];
  return count === undefined || count === 0 ? undefined : count;
}
