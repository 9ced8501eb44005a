// Public surface of the MPEG-TS package (ISO/IEC 13818-1): streaming demuxer, muxer, and
// the pure parsers they are built from.

export * from "./constants.ts";
export { crc32Mpeg2 } from "./crc32-mpeg2.ts";
export { parseTsPacketHeader, readPcr27m, AdaptationFieldControls, TsPacketProblems } from "./packet-header.ts";
export type { AdaptationField, AdaptationFieldControl, TsPacketHeader, TsPacketParseResult, TsPacketProblem } from "./packet-header.ts";
export { writeTsPacket, writePcr } from "./packet-writer.ts";
export { packetizeSections } from "./section-packetizer.ts";
export type { PacketizedSections } from "./section-packetizer.ts";
export type { AdaptationFlags } from "./packet-writer.ts";
export { PsiSectionAssembler, MAX_SECTION_BYTES } from "./psi-section-assembler.ts";
export { parseLongSection, SectionProblems } from "./psi-section.ts";
export type { LongSectionHeader, SectionProblem } from "./psi-section.ts";
export { parsePat } from "./pat.ts";
export type { Pat, PatProgram } from "./pat.ts";
export { parsePmt, pmtCaptionInfo, pmtScte35Pids } from "./pmt.ts";
export type { Pmt, PmtStream } from "./pmt.ts";
export { parseDescriptors, registrationFormat } from "./descriptors.ts";
export type { Descriptor } from "./descriptors.ts";
export { classifyStream, StreamRoles } from "./stream-types.ts";
export type { StreamClassification, StreamRole } from "./stream-types.ts";
export { writePatSection, writePmtSection } from "./psi-writer.ts";
export type { PmtStreamDescription } from "./psi-writer.ts";
export { parsePesHeader, readTimestamp33, writeTimestamp33 } from "./pes-header.ts";
export type { PesHeader } from "./pes-header.ts";
export { PesAssembler, DEFAULT_MAX_PES_BYTES } from "./pes-assembler.ts";
export { TimestampUnwrapper } from "./timestamp-unwrapper.ts";
export { ContinuityChecker, ContinuityResults } from "./continuity-checker.ts";
export { TsDemuxer } from "./ts-demuxer.ts";
export type { TsDemuxEvent, TsDemuxerOptions, TsDemuxerStats, TsPcrSample, TsPesUnit, TsProgram, TsProgramStream } from "./ts-demuxer.ts";
export { TsMuxer } from "./ts-muxer.ts";
export type { TsMuxerOptions, TsMuxerStream, TsMuxUnit } from "./ts-muxer.ts";
