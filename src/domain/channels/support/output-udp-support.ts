// UDP/RTP output groups (udpGroupSettings) and the MPEG-TS they send (m2tsSettings): how
// openlive honours each member, which it accepts and tells. Part of the one list in
// ../supported-features.ts (read its header for the rules).

import type { ShapeSupport } from "./member-support.ts";

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
      destination: {
        note: "required: a destination of udp://<host>:<port> (MPEG-TS, 7 TS packets per datagram) or rtp://<host>:<port> (MPEG-TS in RTP, payload type 33, RFC 2250) URLs, unicast or multicast (TTL 16, loopback on); sent by the pipeline worker from one unconnected UDP socket per output, so a destination that refuses raises the group's alert and never stops the encoder",
      },
      bufferMsec: {
        note: "the sender's pacing buffer: datagrams leave paced on the stream's PCR, held at most bufferMsec; and the MPEG-TS muxer's delay (ffmpeg max_delay), how far the PCR runs ahead of the decode times; default 1000; under 100 is sent as 100 (told)",
      },
      containerSettings: { note: "required: m2tsSettings" },
      fecOutputSettings: { note: "rtp:// only: SMPTE 2022-1 FEC by openlive's own encoder (column FEC to port + 2, row FEC to port + 4, byte for byte as ffmpeg's prompeg); a udp:// destination is sent without FEC (told)" },
    },
  },
  UdpContainerSettings: {
    path: "…udpOutputSettings.containerSettings",
    members: { m2tsSettings: { note: "the transport stream's settings (may be {})" } },
  },
  FecOutputSettings: {
    path: "…udpOutputSettings.fecOutputSettings",
    members: {
      includeFec: { note: "COLUMN: column FEC to port + 2 only; COLUMN_AND_ROW (the default): row FEC to port + 4 as well", values: ["COLUMN", "COLUMN_AND_ROW"] },
      columnDepth: { note: "D, 4–20 (default 5): the packets each column FEC packet protects; with L × D over 100 (SMPTE 2022-1's limit) the largest D that fits is sent (told)" },
      rowLength: { note: "L, 1–20 (default 5): the packets each row FEC packet protects, and the distance between a column's packets" },
    },
  },
} as const satisfies Readonly<Record<string, ShapeSupport>>;
