// splice_info_section() writer, ANSI/SCTE 35 2023 §9.6 (layouts drawn in splice-parser.ts,
// splice-command-parser.ts and splice-descriptor-parser.ts). Computes section_length,
// splice_command_length (0xFFF when the value asks for the legacy form), the descriptor
// lengths and CRC_32 (ISO/IEC 13818-1 Annex A). Reserved bits are written as 1s.

import { BitWriter } from "../bits/bit-writer.ts";
import { concatBytes } from "../bits/bytes.ts";
import { crc32Mpeg2 } from "../mpegts/crc32-mpeg2.ts";
import { writeSpliceDescriptor } from "./splice-descriptor-writer.ts";
import {
  SCTE35_TABLE_ID,
  SpliceCommandTypes,
  UNKNOWN_COMMAND_LENGTH,
  type BreakDuration,
  type ScheduledSplice,
  type SpliceCommand,
  type SpliceInfoSection,
  type SpliceInsert,
  type SpliceTime,
} from "./splice-info.ts";

export function writeSpliceTime(writer: BitWriter, time: SpliceTime): void {
  if (time.ptsTime90k === null) {
    writer.writeBits(1, 0);
    writer.writeReserved(7);
    return;
  }
  writer.writeBits(1, 1);
  writer.writeReserved(6);
  writer.writeBits(33, time.ptsTime90k);
}

function writeBreakDuration(writer: BitWriter, duration: BreakDuration): void {
  writer.writeFlag(duration.autoReturn);
  writer.writeReserved(6);
  writer.writeBits(33, duration.duration90k);
}

function writeSpliceInsert(writer: BitWriter, insert: SpliceInsert): void {
  writer.writeBits(32, insert.spliceEventId);
  writer.writeFlag(insert.spliceEventCancelIndicator);
  writer.writeReserved(7);
  if (insert.spliceEventCancelIndicator) return;
  writer.writeFlag(insert.outOfNetworkIndicator);
  writer.writeFlag(insert.programSpliceFlag);
  writer.writeFlag(insert.breakDuration !== null);
  writer.writeFlag(insert.spliceImmediateFlag);
  writer.writeFlag(insert.eventIdComplianceFlag);
  writer.writeReserved(3);
  if (insert.programSpliceFlag && !insert.spliceImmediateFlag) writeSpliceTime(writer, insert.spliceTime ?? { ptsTime90k: null });
  if (!insert.programSpliceFlag) {
    writer.writeBits(8, insert.components.length);
    for (const component of insert.components) {
      writer.writeBits(8, component.componentTag);
      if (!insert.spliceImmediateFlag) writeSpliceTime(writer, component.spliceTime ?? { ptsTime90k: null });
    }
  }
  if (insert.breakDuration) writeBreakDuration(writer, insert.breakDuration);
  writer.writeBits(16, insert.uniqueProgramId);
  writer.writeBits(8, insert.availNum);
  writer.writeBits(8, insert.availsExpected);
}

function writeScheduledSplice(writer: BitWriter, event: ScheduledSplice): void {
  writer.writeBits(32, event.spliceEventId);
  writer.writeFlag(event.spliceEventCancelIndicator);
  writer.writeReserved(7);
  if (event.spliceEventCancelIndicator) return;
  writer.writeFlag(event.outOfNetworkIndicator);
  writer.writeFlag(event.programSpliceFlag);
  writer.writeFlag(event.breakDuration !== null);
  writer.writeReserved(5);
  if (event.programSpliceFlag) writer.writeBits(32, event.utcSpliceTime ?? 0);
  else {
    writer.writeBits(8, event.components.length);
    for (const component of event.components) {
      writer.writeBits(8, component.componentTag);
      writer.writeBits(32, component.utcSpliceTime);
    }
  }
  if (event.breakDuration) writeBreakDuration(writer, event.breakDuration);
  writer.writeBits(16, event.uniqueProgramId);
  writer.writeBits(8, event.availNum);
  writer.writeBits(8, event.availsExpected);
}

/** splice_command_type and the command's bytes. */
export function writeSpliceCommand(command: SpliceCommand): { commandType: number; bytes: Uint8Array } {
  const writer = new BitWriter();
  switch (command.kind) {
    case "splice_null":
      return { commandType: SpliceCommandTypes.SPLICE_NULL, bytes: new Uint8Array(0) };
    case "bandwidth_reservation":
      return { commandType: SpliceCommandTypes.BANDWIDTH_RESERVATION, bytes: new Uint8Array(0) };
    case "time_signal":
      writeSpliceTime(writer, command.spliceTime);
      return { commandType: SpliceCommandTypes.TIME_SIGNAL, bytes: writer.finish() };
    case "splice_insert":
      writeSpliceInsert(writer, command);
      return { commandType: SpliceCommandTypes.SPLICE_INSERT, bytes: writer.finish() };
    case "splice_schedule":
      writer.writeBits(8, command.events.length);
      for (const event of command.events) writeScheduledSplice(writer, event);
      return { commandType: SpliceCommandTypes.SPLICE_SCHEDULE, bytes: writer.finish() };
    case "private_command":
      writer.writeBits(32, command.identifier);
      writer.writeBytes(command.privateBytes);
      return { commandType: SpliceCommandTypes.PRIVATE_COMMAND, bytes: writer.finish() };
    case "unknown":
      return { commandType: command.commandType, bytes: command.bytes };
  }
}

/** Serializes a section with its lengths and CRC_32. Throws RangeError when it cannot fit a section (programming error). */
export function writeSpliceInfoSection(section: SpliceInfoSection): Uint8Array {
  let body: Uint8Array;
  let commandLength: number;
  if (section.encryptedPacket) {
    body = section.encryptedPayload?.bytes ?? new Uint8Array(0);
    commandLength = section.encryptedPayload?.spliceCommandLength ?? UNKNOWN_COMMAND_LENGTH;
  } else {
    const { commandType, bytes } = writeSpliceCommand(section.command ?? { kind: "splice_null" });
    const descriptors = concatBytes(section.descriptors.map(writeSpliceDescriptor));
    commandLength = section.legacyCommandLength ? UNKNOWN_COMMAND_LENGTH : bytes.length;
    body = concatBytes([Uint8Array.of(commandType), bytes, Uint8Array.of((descriptors.length >> 8) & 0xff, descriptors.length & 0xff), descriptors]);
  }
  if (commandLength > UNKNOWN_COMMAND_LENGTH) throw new RangeError("splice command longer than 4095 bytes");
  const sectionLength = 10 + body.length + 4; // protocol_version … splice_command_length, body, CRC_32
  if (sectionLength > 4093) throw new RangeError("splice_info_section longer than 4096 bytes");
  const writer = new BitWriter();
  writer.writeBits(8, SCTE35_TABLE_ID);
  writer.writeFlag(section.sectionSyntaxIndicator);
  writer.writeFlag(section.privateIndicator);
  writer.writeBits(2, section.sapType);
  writer.writeBits(12, sectionLength);
  writer.writeBits(8, section.protocolVersion);
  writer.writeFlag(section.encryptedPacket);
  writer.writeBits(6, section.encryptionAlgorithm);
  writer.writeBits(33, section.ptsAdjustment90k);
  writer.writeBits(8, section.cwIndex);
  writer.writeBits(12, section.tier);
  writer.writeBits(12, commandLength);
  writer.writeBytes(body);
  writer.writeBits(32, 0);
  const out = writer.finish();
  const crc = crc32Mpeg2(out, 0, out.length - 4);
  out[out.length - 4] = (crc >>> 24) & 0xff;
  out[out.length - 3] = (crc >>> 16) & 0xff;
  out[out.length - 2] = (crc >>> 8) & 0xff;
  out[out.length - 1] = crc & 0xff;
  return out;
}

/** The fields every section written by openlive shares: protocol 0, clear, tier 0xFFF (§9.6.1: no tier), sap_type 3 (not specified). */
export function spliceSection(command: SpliceCommand, descriptors: SpliceInfoSection["descriptors"] = [], ptsAdjustment90k = 0): SpliceInfoSection {
  return {
    sectionSyntaxIndicator: false,
    privateIndicator: false,
    sapType: 3,
    protocolVersion: 0,
    encryptedPacket: false,
    encryptionAlgorithm: 0,
    ptsAdjustment90k,
    cwIndex: 0,
    tier: 0xfff,
    legacyCommandLength: false,
    command,
    descriptors,
    encryptedPayload: null,
  };
}
