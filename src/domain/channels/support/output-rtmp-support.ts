// RTMP output groups: how openlive honours each member. Part of the one list in ../supported-features.ts.

import type { ShapeSupport } from "./member-support.ts";

export const OUTPUT_RTMP_SUPPORT = {
  RtmpGroupSettings: {
    path: "encoderSettings.outputGroups[].outputGroupSettings.rtmpGroupSettings",
    members: {
      adMarkers: { note: "ON_CUE_POINT_SCTE35: each splice (SCTE-35 of the source, or of the schedule) goes to the server as an AMF0 data message onCuePoint just before the picture it lands on: Adobe's cue point object named scte35, its time the picture's presentation time (s), type event, parameters.cue the splice_info_section in base64 with its splice time on that picture (and parameters.duration when the avail declares one)", values: ["ON_CUE_POINT_SCTE35"] },
      authenticationScheme: { note: "COMMON and AKAMAI: openlive's RTMP publisher (connect, releaseStream, FCPublish, createStream, publish live); with the destination's username it answers the server's authmod=adobe challenge, as FMS-based ingest (Akamai's entry points, Wowza, Red5) asks: the same challenge for both", values: ["COMMON", "AKAMAI"] },
      cacheLength: { note: "seconds the publisher queues for a server that stalls (at most 32 MiB); default 300" },
      cacheFullBehavior: { note: "DISCONNECT_IMMEDIATELY drops the connection when the cache is full and retries per the output's settings; WAIT_FOR_SERVER drops new data for up to 5 more minutes, then disconnects" },
      restartDelay: { note: "seconds after the last of numRetries attempts before a new round; 0: no restart until the encoder's next run (the channel's other outputs go on, unlike MediaLive, which stops the channel); default 5" },
      inputLossAction: { note: "EMIT_OUTPUT: the encoder sends the input-loss fill", values: ["EMIT_OUTPUT"] },
      includeFillerNalUnits: { note: "AUTO: filler NAL units follow the encoder's rate control (x264 writes them only for CBR with nal-hrd)", values: ["AUTO"] },
    },
    told: {
      captionData: "ffmpeg 5.1's FLV muxer writes no onCaptionInfo messages; captions the output names travel as CEA-608/708 in the H.264 SEI (ATSC A/53), which RTMP servers such as YouTube read",
    },
  },
  RtmpOutputSettings: {
    path: "encoderSettings.outputGroups[].outputs[].outputSettings.rtmpOutputSettings",
    members: {
      destination: { note: "required: a destination with rtmp://<host>[:port]/<app> (or rtmps://) and the stream key in streamName" },
      connectionRetryInterval: { note: "seconds between attempts after the server refuses, drops or does not answer the connection (10 s to connect, 10 s more to accept the publish); default 2" },
      numRetries: { note: "attempts before restartDelay; default 10" },
      certificateMode: { note: "rtmps only (TLS, the host as SNI name): VERIFY_AUTHENTICITY (default) checks the server's chain and name against the system CAs; SELF_SIGNED accepts any certificate" },
    },
  },
} as const satisfies Readonly<Record<string, ShapeSupport>>;
