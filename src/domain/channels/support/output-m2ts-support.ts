// M2tsSettings: the whole-transport-stream settings of archive, UDP/RTP and SRT outputs, mapped
// once (output/encoder/m2ts-options.ts). Part of the one list in ../supported-features.ts.

import { noEffect, type ShapeSupport } from "./member-support.ts";

const NO_DVB_TABLES = "DVB service tables are not written as configured: ffmpeg's muxer writes its own SDT (no NIT, no TDT)";
const NO_EBP = "EBP and segmentation markers (CableLabs encoder boundary points) are not written: ffmpeg's MPEG-TS muxer has no such markers";
const NO_PID_OF_ITS_OWN = "openlive writes no such stream into the transport stream, so the PID is unused";

export const OUTPUT_M2TS_SUPPORT = {
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
        note: "CBR: the mux rate (ffmpeg muxrate, null packets fill it); 0 with rateMode CBR: the streams' rates × 1.25 + 64 kb/s (room for TS/PES headers and the encoders' overshoot); 0 with rateMode unset: variable rate. VBR: the encodes' own rates bound the stream; the maximum is not enforced by the muxer",
      },
      audioStreamType: { note: "ATSC: AC-3/E-AC-3 as stream types 0x81/0x87 (ffmpeg's System A); DVB: 0x06 with a descriptor (mpegts_flags system_b)" },
      arib: { note: "ARIB field muxing is not reproduced", values: ["DISABLED"] },
      ebif: { note: "EBIF pass-through is not reproduced", values: ["NONE"] },
      klv: { note: "KLV (SMPTE 336) pass-through is not reproduced", values: ["NONE"] },
      scte35Control: { note: "PASSTHROUGH: every splice the pipeline takes (the input's SCTE-35 messages its avail settings select, the schedule's SCTE-35 actions) goes into the stream as a splice_info_section on scte35Pid just before the picture it lands on, pts_adjustment re-based onto the output's timeline; the PMT lists the PID (stream_type 0x86, 'CUEI' registration); a CBR mux gives up null packets for it. Archive, UDP/RTP and SRT outputs (docs/ads-and-schedule.md)", values: ["NONE", "PASSTHROUGH"] },
      nielsenId3Behavior: { note: "Nielsen ID3 pass-through is not reproduced", values: ["NO_PASSTHROUGH"] },
      timedMetadataBehavior: { note: "ID3 timed metadata pass-through is not reproduced", values: ["NO_PASSTHROUGH"] },
      absentInputAudioBehavior: { note: "openlive encodes silence for audio the input lacks; DROP (removing the stream from the program) is not reproduced", values: ["ENCODE_SILENCE"] },
      segmentationMarkers: { note: NO_EBP, values: ["NONE"] },
      scte35Pid: { note: "PID of the passed SCTE-35 sections (decimal or 0x hex; default 500)" },
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
      scte35PrerollPullupMilliseconds: "a passed section goes into the stream just before the picture it signals; no further preroll is added",
      bufferModel: "packets leave as ffmpeg's muxer writes them (a frame's packets together), not paced to the mux rate; no effect on archive files",
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
