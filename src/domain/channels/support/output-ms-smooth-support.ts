// Microsoft Smooth output groups: how openlive honours each member, which it accepts and tells.
// Part of the one list in ../supported-features.ts (read its header for the rules).

import type { ShapeSupport } from "./member-support.ts";

export const OUTPUT_MS_SMOOTH_SUPPORT = {
  MsSmoothGroupSettings: {
    path: "encoderSettings.outputGroups[].outputGroupSettings.msSmoothGroupSettings",
    members: {
      destination: {
        note: "required: a destination whose settings[] are http(s) URLs of the publishing point (e.g. …/live/channel.isml); each output is one chunked POST to `<url>[/Events(<eventId>)]/Streams(<name>)`, with basic auth from username/passwordParam",
      },
      connectionRetryInterval: { note: "seconds before a new POST after the publishing point refused or dropped the feed (default 1); the header is sent again first" },
      numRetries: { note: "retries before waiting restartDelay (default 10)" },
      restartDelay: { note: "seconds to wait once numRetries are used up (default 10)" },
      filecacheDuration: { note: "seconds of fragments kept while no POST is open and sent on reconnection (default 60); older ones are dropped" },
      fragmentLength: { note: "seconds per fragment, each starting with an IDR (ffmpeg ismv frag_keyframe + min_frag_duration; default 2)" },
      eventIdMode: { note: "NO_EVENT_ID (default): no Events() part; USE_CONFIGURED: `Events(<eventId>)`; USE_TIMESTAMP: `Events(<pipeline start, UTC, YYYYMMDDTHHMMSSZ>)`" },
      eventId: { note: "the event id for eventIdMode USE_CONFIGURED" },
      eventStopBehavior: { note: "SEND_EOS sends the feed's end-of-stream box (an empty mfra) when the channel stops; NONE (default) ends the POST without it" },
      certificateMode: { note: "VERIFY_AUTHENTICITY verifies the https certificate chain; SELF_SIGNED (default) accepts any certificate" },
      sendDelayMs: { note: "pipeline 1 sends the feed this many ms later" },
      segmentationMode: { note: "fragments are cut every fragmentLength", values: ["USE_SEGMENT_DURATION"] },
      inputLossAction: { note: "EMIT_OUTPUT: the encoder keeps feeding fill while the input is lost; PAUSE_OUTPUT is not reproduced for Smooth groups", values: ["EMIT_OUTPUT"] },
      sparseTrackType: {
        note: "SCTE_35_WITHOUT_SEGMENTATION: each output with video also POSTs the splices the pipeline takes (input SCTE-35 chosen by availSettings, the schedule's SCTE-35 actions) as a sparse stream, `Streams(<stream name>_scte35)`, as Azure Media Services' Smooth ingest describes it: its header (ftyp, Live Server Manifest Box with a textstream trackName scte35, parentTrackName the output's video track, Subtype DATA, Scheme urn:scte:scte35:2013:bin; moov with a meta track, sample entry scte) in a POST of its own, then one fragment per splice (tfxd time = the presentation time of the picture the splice lands on, duration the break's; mdat version 1 with the splice_info_section re-based onto that picture), each in a short POST after the header. The encoder inserts no IDR at the splice picture. SCTE_35 (a new fragment starting at each splice) is told: fragments are cut every fragmentLength, never at a splice (one encoder run cannot change its keyframe schedule), and its sparse stream is written as for SCTE_35_WITHOUT_SEGMENTATION. NONE (default): no sparse stream",
        values: ["NONE", "SCTE_35_WITHOUT_SEGMENTATION"],
      },
      acquisitionPointId: { note: "metadata: the sparse track carries the binary splice_info_section (Scheme urn:scte:scte35:2013:bin), which has no acquisition point field; no effect" },
      streamManifestBehavior: { note: "ffmpeg's ismv live mode always sends the stream manifest box first", values: ["SEND"] },
    },
    told: {
      audioOnlyTimecodeControl: "fragment times of audio-only outputs come from the encoder's timestamps; a timecode clock for them is not reproduced",
      timestampOffset: "fragment times start from the encoder's timestamps; an offset date is not applied",
      timestampOffsetMode: "fragment times start from the encoder's timestamps; an offset date is not applied",
    },
  },
  MsSmoothOutputSettings: {
    path: "encoderSettings.outputGroups[].outputs[].outputSettings.msSmoothOutputSettings",
    members: {
      nameModifier: { note: "appended to the destination's file name (its .isml dropped) to make the stream name `Streams(<name><nameModifier>)`; reduced to letters, digits, '-' and '_'" },
      h265PackagingType: { note: "ffmpeg's mp4 muxer writes H.265 sample entries as hev1 (parameter sets in band)", values: ["HEV1"] },
    },
  },
} as const satisfies Readonly<Record<string, ShapeSupport>>;
