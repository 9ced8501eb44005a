// splice_command() readers, ANSI/SCTE 35 2023 §9.7–9.8. Each reads one command from a
// BitReader over the command bytes; overrun is checked once by the caller.
//
// splice_insert() §9.7.3:
// | splice_event_id 32 | cancel 1 | reserved 7 |
// if !cancel: | out_of_network 1 | program_splice 1 | duration_flag 1 | splice_immediate 1 |
//             | event_id_compliance 1 | reserved 3 |
//   if program_splice && !immediate: splice_time()
//   if !program_splice: | component_count 8 | { component_tag 8 | [splice_time() if !immediate] } |
//   if duration_flag: break_duration()
//   | unique_program_id 16 | avail_num 8 | avails_expected 8 |
// splice_time() §9.8.1:    | time_specified 1 | reserved 6 | pts_time 33 |  or  | 0 | reserved 7 |
// break_duration() §9.8.2: | auto_return 1 | reserved 6 | duration 33 |
// splice_schedule() §9.7.2: | splice_count 8 | per event: id 32 | cancel 1 | reserved 7 |
//   if !cancel: | out_of_network 1 | program_splice 1 | duration_flag 1 | reserved 5 |
//     program: utc_splice_time 32; else component_count 8 { tag 8 | utc_splice_time 32 }
//     [break_duration()] | unique_program_id 16 | avail_num 8 | avails_expected 8 |
// time_signal() §9.7.4: splice_time().  private_command() §9.7.6: | identifier 32 | bytes |

import type { BitReader } from "../bits/bit-reader.ts";
import { readByteArray, readWide } from "./read-fields.ts";
import { SpliceCommandTypes, type BreakDuration, type ScheduledSplice, type SpliceCommand, type SpliceComponent, type SpliceInsert, type SpliceTime } from "./splice-info.ts";

export function readSpliceTime(reader: BitReader): SpliceTime {
  if (!reader.readFlag()) {
    reader.skipBits(7);
    return { ptsTime90k: null };
  }
  reader.skipBits(6);
  return { ptsTime90k: readWide(reader, 33) };
}

function readBreakDuration(reader: BitReader): BreakDuration {
  const autoReturn = reader.readFlag();
  reader.skipBits(6);
  return { autoReturn, duration90k: readWide(reader, 33) };
}

function readSpliceInsert(reader: BitReader): SpliceInsert {
  const spliceEventId = reader.readBits(32);
  const cancel = reader.readFlag();
  reader.skipBits(7);
  if (cancel) return { kind: "splice_insert", spliceEventId, spliceEventCancelIndicator: true };
  const outOfNetworkIndicator = reader.readFlag();
  const programSpliceFlag = reader.readFlag();
  const durationFlag = reader.readFlag();
  const spliceImmediateFlag = reader.readFlag();
  const eventIdComplianceFlag = reader.readFlag();
  reader.skipBits(3);
  const spliceTime = programSpliceFlag && !spliceImmediateFlag ? readSpliceTime(reader) : null;
  const components: SpliceComponent[] = [];
  if (!programSpliceFlag) {
    const count = reader.readBits(8);
    for (let i = 0; i < count && !reader.overrun; i++) {
      const componentTag = reader.readBits(8);
      components.push({ componentTag, spliceTime: spliceImmediateFlag ? null : readSpliceTime(reader) });
    }
  }
  const breakDuration = durationFlag ? readBreakDuration(reader) : null;
  return {
    kind: "splice_insert",
    spliceEventId,
    spliceEventCancelIndicator: false,
    outOfNetworkIndicator,
    programSpliceFlag,
    spliceImmediateFlag,
    eventIdComplianceFlag,
    spliceTime,
    components,
    breakDuration,
    uniqueProgramId: reader.readBits(16),
    availNum: reader.readBits(8),
    availsExpected: reader.readBits(8),
  };
}

function readScheduledSplice(reader: BitReader): ScheduledSplice {
  const spliceEventId = reader.readBits(32);
  const cancel = reader.readFlag();
  reader.skipBits(7);
  if (cancel) return { spliceEventId, spliceEventCancelIndicator: true };
  const outOfNetworkIndicator = reader.readFlag();
  const programSpliceFlag = reader.readFlag();
  const durationFlag = reader.readFlag();
  reader.skipBits(5);
  let utcSpliceTime: number | null = null;
  const components: { componentTag: number; utcSpliceTime: number }[] = [];
  if (programSpliceFlag) utcSpliceTime = reader.readBits(32);
  else {
    const count = reader.readBits(8);
    for (let i = 0; i < count && !reader.overrun; i++) components.push({ componentTag: reader.readBits(8), utcSpliceTime: reader.readBits(32) });
  }
  const breakDuration = durationFlag ? readBreakDuration(reader) : null;
  return {
    spliceEventId,
    spliceEventCancelIndicator: false,
    outOfNetworkIndicator,
    programSpliceFlag,
    utcSpliceTime,
    components,
    breakDuration,
    uniqueProgramId: reader.readBits(16),
    availNum: reader.readBits(8),
    availsExpected: reader.readBits(8),
  };
}

/**
 * Reads the command of `commandType` starting at the reader's (byte-aligned) position.
 * `bytes` is the reader's source and `end` the byte where the command must stop (private and
 * reserved commands take everything up to it).
 */
export function readSpliceCommand(reader: BitReader, bytes: Uint8Array, commandType: number, end: number): SpliceCommand {
  switch (commandType) {
    case SpliceCommandTypes.SPLICE_NULL:
      return { kind: "splice_null" };
    case SpliceCommandTypes.BANDWIDTH_RESERVATION:
      return { kind: "bandwidth_reservation" };
    case SpliceCommandTypes.TIME_SIGNAL:
      return { kind: "time_signal", spliceTime: readSpliceTime(reader) };
    case SpliceCommandTypes.SPLICE_INSERT:
      return readSpliceInsert(reader);
    case SpliceCommandTypes.SPLICE_SCHEDULE: {
      const count = reader.readBits(8);
      const events: ScheduledSplice[] = [];
      for (let i = 0; i < count && !reader.overrun; i++) events.push(readScheduledSplice(reader));
      return { kind: "splice_schedule", events };
    }
    case SpliceCommandTypes.PRIVATE_COMMAND: {
      const identifier = reader.readBits(32);
      return { kind: "private_command", identifier, privateBytes: readByteArray(reader, bytes, Math.max(0, end - (reader.bitPosition >> 3))) };
    }
    default:
      return { kind: "unknown", commandType, bytes: readByteArray(reader, bytes, Math.max(0, end - (reader.bitPosition >> 3))) };
  }
}
