// UDP/RTP output groups (udpGroupSettings) and the MPEG-TS they send (m2tsSettings): how
// openlive honours each member, which it accepts and tells. Part of the one list in
// ../supported-features.ts (read its header for the rules).

import { noEffect, type ShapeSupport } from "./member-support.ts";

export const OUTPUT_UDP_SUPPORT = {
  UdpGroupSettings: {
    path: "encoderSettings.outputGroups[].outputGroupSettings.udpGroupSettings",
    members: {
      inputLossAction: {
        note: "EMIT_PROGRAM: the pipeline keeps feeding the encoder its input-loss fill, so the program goes on; DROP_PROGRAM and DROP_TS (stop the program or the whole transport stream) are not reproduced",
        values: ["EMIT_PROGRAM"],
      },
      timedMetadataId3Frame: { note: "PRIV/TDRL (an ID3 frame with the timecode every timedMetadataId3Period seconds) is not inserted: the MPEG-TS carries no ID3 stream", values: ["NONE"] },
    },
    told: { timedMetadataId3Period: "ID3 timed metadata (timedMetadataId3Frame): not inserted by openlive" },
  },
  UdpOutputSettings: {
    path: "encoderSettings.outputGroups[].outputs[].outputSettings.udpOutputSettings",
    members: {
      destination: { note: "required: a destination of udp://<host>:<port> (MPEG-TS, 7 TS packets per datagram) or rtp://<host>:<port> (MPEG-TS in RTP, payload type 33) URLs, unicast or multicast" },
      bufferMsec: { note: "the MPEG-TS muxer's delay (ffmpeg max_delay): how far the PCR runs ahead of the decode times; default 1000; under 100 is sent as 100 (told)" },
      containerSettings: { note: "required: m2tsSettings" },
      fecOutputSettings: { note: "rtp:// only: SMPTE 2022-1 FEC by ffmpeg's prompeg (column FEC to port + 2, row FEC to port + 4); a udp:// destination is sent without FEC (told)" },
    },
  },
  UdpContainerSettings: {
    path: "…udpOutputSettings.containerSettings",
    members: { m2tsSettings: { note: "the transport stream's settings (may be {})" } },
  },
  FecOutputSettings: {
    path: "…udpOutputSettings.fecOutputSettings",
    members: {
      includeFec: { note: "COLUMN is not reproduced: ffmpeg's prompeg always sends row FEC to port + 4 as well, which a receiver that does not listen there never sees", values: ["COLUMN_AND_ROW"] },
      columnDepth: { note: "D, 4–20 (default 5); with L × D over 100 (SMPTE 2022-1's limit) the largest D that fits is sent (told)" },
      rowLength: { note: "L, 4–20 (default 5); 1–3 (MediaLive allows them with COLUMN) are sent as 4 (told)" },
    },
  },
  M2tsSettings: {
    path: "…containerSettings.m2tsSettings",
    members: {
      programNum: { note: "MPEG-TS program number (ffmpeg mpegts_service_id)" },
      transportStreamId: { note: "MPEG-TS transport_stream_id" },
      pmtPid: { note: "PMT PID" },
      videoPid: { note: "video PID; outputs that share a description's encode share its PID (the first output's; a different request is a plan warning)" },
      audioPids: { note: "audio PIDs, in order of the output's audio descriptions; shared encodes keep the first output's PID, as videoPid" },
      patInterval: { note: "milliseconds between PATs (ffmpeg pat_period; 0 or unset: 100)" },
      pmtInterval: { note: "milliseconds between PMTs: ffmpeg writes the PMT right after each PAT, so both come at the shorter of patInterval and pmtInterval" },
      pcrPeriod: { note: "milliseconds between PCRs (ffmpeg pcr_period), with pcrControl CONFIGURED_PCR_PERIOD" },
      pcrControl: { note: "PCR_EVERY_PES_PACKET: ffmpeg pcr_period 1 ms, so every PES packet of the video (the PCR stream) carries a PCR" },
      audioFramesPerPes: { note: "ffmpeg pes_payload_size sized so PES packets hold N audio frames, as for m3u8Settings" },
      rateMode: { note: "CBR with a bitrate: a constant-rate multiplex (ffmpeg muxrate), null packets filling the rate; VBR: no null packets (ffmpeg does not cap the rate at bitrate)" },
      bitrate: { note: "bits per second of the whole transport stream with rateMode CBR (ffmpeg muxrate); 0 or unset: ffmpeg's variable rate, without null packets" },
      scte35Control: { note: "PASSTHROUGH: SCTE-35 pass-through comes with SCTE-35 support", values: ["NONE"] },
      scte35Pid: { note: noEffect("SCTE-35 pass-through") },
      timedMetadataBehavior: { note: "PASSTHROUGH: ID3 timed metadata pass-through comes with ID3 support", values: ["NO_PASSTHROUGH"] },
      timedMetadataPid: { note: noEffect("timed metadata pass-through") },
      nielsenId3Behavior: { note: "PASSTHROUGH: Nielsen ID3 pass-through comes with ID3 support", values: ["NO_PASSTHROUGH"] },
      klv: { note: "PASSTHROUGH: KLV (SMPTE 336) pass-through is not reproduced", values: ["NONE"] },
      klvDataPids: { note: noEffect("KLV pass-through") },
      ebif: { note: "PASSTHROUGH: EBIF pass-through is not reproduced", values: ["NONE"] },
      arib: { note: "ENABLED (ARIB field muxing) is not reproduced", values: ["DISABLED"] },
      aribCaptionsPid: { note: noEffect("ARIB captions") },
      aribCaptionsPidControl: { note: noEffect("ARIB captions") },
      dvbSubPids: { note: noEffect("DVB subtitles") },
      dvbTeletextPid: { note: noEffect("DVB teletext") },
      scte27Pids: { note: noEffect("SCTE-27 subtitles") },
      etvPlatformPid: { note: noEffect("EBIF") },
      etvSignalPid: { note: noEffect("EBIF") },
      scte35PrerollPullupMilliseconds: { note: noEffect("SCTE-35") },
    },
    told: {
      bufferModel: "packets leave as ffmpeg's muxer writes them (a frame's packets together), not paced to the mux rate",
      nullPacketBitrate: "extra null packets beyond the CBR fill are not inserted",
      dvbSdtSettings: "ffmpeg's muxer writes its own SDT (service and provider names of its own, every 0.5 s)",
      dvbNitSettings: "no NIT is written",
      dvbTdtSettings: "no TDT is written",
      esRateInPes: "the ES rate field is not written in PES headers",
      audioBufferModel: "ffmpeg's muxer has one buffer model for AC-3",
      audioStreamType: "ffmpeg's muxer picks the AC-3/E-AC-3 stream type itself",
      ccDescriptor: "no caption service descriptor is written in the PMT",
      absentInputAudioBehavior: "not reproduced: an output keeps the audio streams its plan gave it whatever the input carries",
      ebpAudioInterval: "EBP markers are not written",
      ebpLookaheadMs: "EBP markers are not written",
      ebpPlacement: "EBP markers are not written",
      fragmentTime: "EBP markers are not written",
      segmentationMarkers: "segmentation markers are not written",
      segmentationStyle: "segmentation markers are not written",
      segmentationTime: "segmentation markers are not written",
      ecmPid: "openlive encrypts no transport stream (no conditional access), so there are no ECMs",
      pcrPid: "ffmpeg's MPEG-TS muxer carries the PCR in the video PID; a PCR PID of its own is not written",
    },
  },
} as const satisfies Readonly<Record<string, ShapeSupport>>;
