// splice_info_section() reader, ANSI/SCTE 35 2023 §9.6. Carried as an MPEG-2 private section
// (ISO/IEC 13818-1 §2.4.4.10) and protected by the same CRC_32 as PSI (Annex A).
//
// +--------------+-+-+-----+-------------------+--------------------+
// | table_id (8) |S|P|SAP 2| section_length 12 | protocol_version 8 |
// +-+------------------------+----------------------+-------------+--------------+------------------------+
// |E| encryption_algorithm 6 | pts_adjustment (33)  | cw_index 8  | tier (12)    | splice_command_length 12|
// +-+------------------------+----------------------+-------------+--------------+------------------------+
// | splice_command_type 8 | splice_command() … | descriptor_loop_length 16 | splice_descriptor() … |
// | alignment_stuffing … | [E_CRC_32 32 if E] | CRC_32 32 |
// +----------------------------------------------------------------------------------------+
//  S = section_syntax_indicator (0), P = private_indicator (0), SAP = sap_type,
//  E = encrypted_packet: everything from splice_command_type to E_CRC_32 is enciphered.
//
// Never throws: every problem is an `{ ok: false, reason }` result.

import { Buffer } from "node:buffer";

import { BitReader } from "../bits/bit-reader.ts";
import { crc32Mpeg2 } from "../mpegts/crc32-mpeg2.ts";
import { readWide } from "./read-fields.ts";
import { readSpliceCommand } from "./splice-command-parser.ts";
import { readSpliceDescriptors } from "./splice-descriptor-parser.ts";
import { SCTE35_TABLE_ID, SpliceCommandTypes, UNKNOWN_COMMAND_LENGTH, type SpliceParseResult } from "./splice-info.ts";

/** Commands whose own syntax tells where they end (usable with the legacy length 0xFFF). */
const SELF_DELIMITED_COMMANDS: ReadonlySet<number> = new Set([
  SpliceCommandTypes.SPLICE_NULL,
  SpliceCommandTypes.SPLICE_SCHEDULE,
  SpliceCommandTypes.SPLICE_INSERT,
  SpliceCommandTypes.TIME_SIGNAL,
  SpliceCommandTypes.BANDWIDTH_RESERVATION,
]);
/** Bytes before splice_command_type. */
const CLEAR_HEADER_BYTES = 13;
/** splice_command_type + descriptor_loop_length + CRC_32 around an empty command. */
const MIN_SECTION_BYTES = CLEAR_HEADER_BYTES + 1 + 2 + 4;

function fail(reason: string): SpliceParseResult {
  return { ok: false, reason };
}

/** Parses one whole splice_info_section (table_id to CRC_32). */
export function parseSpliceInfoSection(bytes: Uint8Array): SpliceParseResult {
  if (bytes.length < MIN_SECTION_BYTES) return fail(`section of ${bytes.length} bytes is shorter than the ${MIN_SECTION_BYTES} of the smallest splice_info_section`);
  if (bytes[0] !== SCTE35_TABLE_ID) return fail(`table_id 0x${(bytes[0] ?? 0).toString(16)} is not 0xfc`);
  const reader = new BitReader(bytes, 1);
  const sectionSyntaxIndicator = reader.readFlag();
  const privateIndicator = reader.readFlag();
  const sapType = reader.readBits(2);
  const sectionLength = reader.readBits(12);
  if (sectionLength + 3 !== bytes.length) return fail(`section_length ${sectionLength} does not match the ${bytes.length - 3} bytes after it`);
  const crcEnd = bytes.length - 4;
  const crc32 = ((bytes[crcEnd] ?? 0) * 2 ** 24 + ((bytes[crcEnd + 1] ?? 0) << 16) + ((bytes[crcEnd + 2] ?? 0) << 8) + (bytes[crcEnd + 3] ?? 0)) >>> 0;
  if (crc32Mpeg2(bytes) !== 0) return fail("CRC_32 does not match");
  const protocolVersion = reader.readBits(8);
  if (protocolVersion !== 0) return fail(`protocol_version ${protocolVersion} is not 0: the layout is unknown`);
  const encryptedPacket = reader.readFlag();
  const encryptionAlgorithm = reader.readBits(6);
  const ptsAdjustment90k = readWide(reader, 33);
  const cwIndex = reader.readBits(8);
  const tier = reader.readBits(12);
  const commandLength = reader.readBits(12);
  const legacyCommandLength = commandLength === UNKNOWN_COMMAND_LENGTH;
  const header = { sectionSyntaxIndicator, privateIndicator, sapType, protocolVersion, encryptedPacket, encryptionAlgorithm, ptsAdjustment90k, cwIndex, tier, legacyCommandLength };
  if (encryptedPacket) {
    return { ok: true, crc32, section: { ...header, command: null, descriptors: [], encryptedPayload: { spliceCommandLength: commandLength, bytes: bytes.slice(CLEAR_HEADER_BYTES, crcEnd) } } };
  }
  const commandType = reader.readBits(8);
  const commandStart = CLEAR_HEADER_BYTES + 1;
  // The descriptor_loop_length field must still fit after the command.
  const commandLimit = crcEnd - 2;
  if (legacyCommandLength && !SELF_DELIMITED_COMMANDS.has(commandType)) {
    return fail(`splice_command_length 0xfff with command type 0x${commandType.toString(16)}, whose end only its length can tell`);
  }
  const commandEnd = legacyCommandLength ? commandLimit : commandStart + commandLength;
  if (commandEnd > commandLimit) return fail(`splice_command_length ${commandLength} runs past the section`);
  const commandReader = new BitReader(bytes.subarray(0, commandEnd), commandStart);
  const command = readSpliceCommand(commandReader, bytes.subarray(0, commandEnd), commandType, commandEnd);
  if (commandReader.overrun) return fail(`splice command 0x${commandType.toString(16)} is longer than splice_command_length`);
  const loopStart = legacyCommandLength ? commandReader.bitPosition >> 3 : commandEnd;
  const loopLength = ((bytes[loopStart] ?? 0) << 8) | (bytes[loopStart + 1] ?? 0);
  const loopEnd = loopStart + 2 + loopLength;
  if (loopEnd > crcEnd) return fail(`descriptor_loop_length ${loopLength} runs past the section`);
  const loop = readSpliceDescriptors(bytes, loopStart + 2, loopEnd);
  if (!loop.ok) return loop;
  // What remains before CRC_32 is alignment_stuffing (§9.6.1), ignored.
  return { ok: true, crc32, section: { ...header, command, descriptors: loop.descriptors, encryptedPayload: null } };
}

/** Parses base64 text (as carried in HLS tags and MediaLive's APIs); bad base64 is an error result. */
export function parseSpliceInfoBase64(text: string): SpliceParseResult {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(trimmed) || trimmed.length % 4 === 1) return fail("not base64");
  return parseSpliceInfoSection(new Uint8Array(Buffer.from(trimmed, "base64")));
}

/** Parses hexadecimal text with an optional 0x prefix (as in EXT-X-DATERANGE SCTE35-OUT). */
export function parseSpliceInfoHex(text: string): SpliceParseResult {
  const hex = text.trim().replace(/^0x/i, "");
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) return fail("not hexadecimal");
  return parseSpliceInfoSection(new Uint8Array(Buffer.from(hex, "hex")));
}
