// The output clock of an output-locked pipeline (outputLockingMode EPOCH_LOCKING or
// PIPELINE_LOCKING): the wall clock in 90 kHz ticks since the Unix epoch, less the whole 2^33
// periods before the pipeline started, so that its values stay small while their 33-bit
// MPEG-TS form (ISO/IEC 13818-1 §2.4.3.7: timestamps are taken modulo 2^33) is the epoch's in
// every pipeline. Pure.

import { TIMESTAMP_MODULUS_33 } from "../../media/mpegts/constants.ts";

/** Ticks of the 90 kHz clock at `epochMs`. */
export const epoch90k = (epochMs: number): number => Math.round(epochMs * 90);

/** The first tick of the 2^33-tick period that holds `epochMs`. */
export const eraBase90k = (epochMs: number): number => Math.floor(epoch90k(epochMs) / TIMESTAMP_MODULUS_33) * TIMESTAMP_MODULUS_33;
