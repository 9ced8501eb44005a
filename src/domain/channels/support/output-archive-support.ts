// Archive output groups (MPEG-TS files rolled over every rolloverInterval) and the M2TS
// settings of their files: how openlive honours each member, which it accepts and tells.
// Part of the one list in ../supported-features.ts (read its header for the rules).

import { noEffect, type ShapeSupport } from "./member-support.ts";

const NO_SCTE35 = "SCTE-35 pass-through";
const NO_DVB_TABLES = "DVB service tables are not written as configured: ffmpeg's muxer writes its own SDT (no NIT, no TDT)";
const NO_EBP = "EBP and segmentation markers (CableLabs encoder boundary points) are not written: ffmpeg's MPEG-TS muxer has no such markers";
const NO_PID_OF_ITS_OWN = "openlive writes no such stream into the transport stream, so the PID is unused";

export const OUTPUT_ARCHIVE_SUPPORT = {
  ArchiveGroupSettings: {
    path: "encoderSettings.outputGroups[].outputGroupSettings.archiveGroupSettings",
    members: {
      destination: { note: "required: destinationRefId of a destination with file:///<folder>/<baseFilename> (inside an output root) or s3(ssl)://<bucket>/<folders>/<baseFilename> URLs" },
      rolloverInterval: { note: "seconds per file (default 300): ffmpeg's segment muxer starts a new file at the first IDR after each interval, and the encode puts IDRs on those boundaries" },
      archiveCdnSettings: { note: "S3 destinations only: archiveS3Settings" },
    },
  },
  ArchiveCdnSettings: {
    path: "…archiveGroupSettings.archiveCdnSettings",
    members: { archiveS3Settings: { note: "the canned ACL given to each uploaded file" } },
  },
  ArchiveS3Settings: {
    path: "…archiveGroupSettings.archiveCdnSettings.archiveS3Settings",
    members: { cannedAcl: { note: "x-amz-acl of each uploaded file (S3 destinations); no effect on file:// destinations" } },
  },
  ArchiveOutputSettings: {
    path: "encoderSettings.outputGroups[].outputs[].outputSettings.archiveOutputSettings",
    members: {
      containerSettings: { note: "required: m2tsSettings" },
      nameModifier: { note: "`<baseFilename><nameModifier>.<counter>.<extension>`, counter 000000, 000001 … (six digits, more after 999999); no `/`" },
      extension: { note: "the files' extension (default m2ts); no `/`" },
    },
  },
  ArchiveContainerSettings: {
    path: "…archiveOutputSettings.containerSettings",
    union: true,
    members: { m2tsSettings: { note: "MPEG-TS files (188-byte packets, ISO/IEC 13818-1)" } },
    told: { rawSettings: "raw (elementary stream) archive files are not written: the output is written as MPEG-TS with MediaLive's M2TS defaults" },
  },
  M2tsSettings: {
    path: "…containerSettings.m2tsSettings",
    members: {
      programNum: { note: "MPEG-TS program number (ffmpeg mpegts_service_id)" },
      transportStreamId: { note: "transport_stream_id" },
      pmtPid: { note: "PMT PID" },
      videoPid: { note: "video PID; outputs that share a description's encode share its PID (the first output's; a different request is a plan warning)" },
      audioPids: { note: "audio PIDs in order of the output's audio descriptions (default 482-498)" },
      patInterval: { note: "milliseconds between PATs (ffmpeg pat_period; default 100)" },
      pmtInterval: { note: "milliseconds between PMTs: ffmpeg writes the PMT right after each PAT, so both come at the shorter of patInterval and pmtInterval" },
      pcrPeriod: { note: "milliseconds between PCRs (ffmpeg pcr_period)" },
      pcrControl: { note: "PCR_EVERY_PES_PACKET: ffmpeg pcr_period 1 ms, so every PES packet of the video carries a PCR" },
      audioFramesPerPes: { note: "audio frames per PES packet (ffmpeg pes_payload_size, as for HLS)" },
      rateMode: { note: "CBR: ffmpeg muxrate, null packets fill the stream to a constant rate; VBR: no null packets" },
      bitrate: {
        note: "CBR: the mux rate; 0 or unset: the streams' rates × 1.25 + 64 kb/s (room for TS/PES headers and the encoders' overshoot). VBR: the encodes' own rates bound the stream; the maximum is not enforced by the muxer",
      },
      audioStreamType: { note: "ATSC: AC-3/E-AC-3 as stream types 0x81/0x87 (ffmpeg's System A); DVB: 0x06 with a descriptor (mpegts_flags system_b)" },
      bufferModel: { note: "network packet timing: a file has none, so no effect" },
      arib: { note: "ARIB field muxing is not reproduced", values: ["DISABLED"] },
      ebif: { note: "EBIF pass-through is not reproduced", values: ["NONE"] },
      klv: { note: "KLV (SMPTE 336) pass-through is not reproduced", values: ["NONE"] },
      scte35Control: { note: "SCTE-35 pass-through comes with SCTE-35 support", values: ["NONE"] },
      nielsenId3Behavior: { note: "Nielsen ID3 pass-through is not reproduced", values: ["NO_PASSTHROUGH"] },
      timedMetadataBehavior: { note: "ID3 timed metadata pass-through is not reproduced", values: ["NO_PASSTHROUGH"] },
      absentInputAudioBehavior: { note: "openlive encodes silence for audio the input lacks; DROP (removing the stream from the program) is not reproduced", values: ["ENCODE_SILENCE"] },
      segmentationMarkers: { note: NO_EBP, values: ["NONE"] },
      scte35Pid: { note: noEffect(NO_SCTE35) },
      scte35PrerollPullupMilliseconds: { note: noEffect(NO_SCTE35) },
      klvDataPids: { note: noEffect("KLV pass-through") },
      timedMetadataPid: { note: noEffect("timed metadata pass-through") },
      ebpAudioInterval: { note: noEffect("EBP markers") },
      ebpLookaheadMs: { note: noEffect("EBP markers") },
      ebpPlacement: { note: noEffect("EBP markers") },
      fragmentTime: { note: noEffect("EBP markers") },
      segmentationStyle: { note: noEffect("segmentation markers") },
      segmentationTime: { note: noEffect("segmentation markers") },
      aribCaptionsPidControl: { note: noEffect("ARIB captions") },
      aribCaptionsPid: { note: noEffect("ARIB captions") },
    },
    told: {
      audioBufferModel: "the Dolby Digital buffer model (ATSC or DVB T-STD) is not modelled: ffmpeg's muxer paces by PCR only",
      ccDescriptor: "the PMT's caption service descriptor is not written",
      esRateInPes: "ffmpeg's muxer writes no ES_rate field in PES headers",
      nullPacketBitrate: "extra null packets on top of the streams are not inserted (CBR rateMode fills the stream to its bitrate instead)",
      dvbNitSettings: NO_DVB_TABLES,
      dvbSdtSettings: NO_DVB_TABLES,
      dvbTdtSettings: NO_DVB_TABLES,
      dvbSubPids: `DVB subtitles: ${NO_PID_OF_ITS_OWN}`,
      dvbTeletextPid: `teletext: ${NO_PID_OF_ITS_OWN}`,
      scte27Pids: `SCTE-27 subtitles: ${NO_PID_OF_ITS_OWN}`,
      etvPlatformPid: `ETV/EBIF: ${NO_PID_OF_ITS_OWN}`,
      etvSignalPid: `ETV/EBIF: ${NO_PID_OF_ITS_OWN}`,
      ecmPid: "openlive encrypts no transport stream (no conditional access), so there are no ECMs",
      pcrPid: "ffmpeg's MPEG-TS muxer carries the PCR in the video PID; a PCR PID of its own is not written",
    },
  },
} as const satisfies Readonly<Record<string, ShapeSupport>>;
