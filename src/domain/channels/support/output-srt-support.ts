// SRT output groups: how openlive honours each member. Part of the one list in ../supported-features.ts.

import type { ShapeSupport } from "./member-support.ts";

export const OUTPUT_SRT_SUPPORT = {
  SrtGroupSettings: {
    path: "encoderSettings.outputGroups[].outputGroupSettings.srtGroupSettings",
    members: {
      inputLossAction: { note: "EMIT_PROGRAM: the encoder sends the input-loss fill in the programme", values: ["EMIT_PROGRAM"] },
    },
  },
  SrtOutputSettings: {
    path: "encoderSettings.outputGroups[].outputs[].outputSettings.srtOutputSettings",
    members: {
      destination: { note: "required: a destination with srtSettings" },
      containerSettings: { note: "required: m2tsSettings of the transport stream, sent to the peer byte for byte" },
      encryptionType: { note: "AES128 (default), AES192 or AES256: the SRT key length (pbkeylen 16/24/32) with the destination's passphrase" },
      latency: { note: "milliseconds proposed in the SRT handshake (ffmpeg libsrt latency); default 120" },
    },
    told: {
      bufferMsec: "the sender sends as the encoder writes; no extra smoothing buffer is added",
    },
  },
  SrtOutputDestinationSettings: {
    path: "destinations[].srtSettings[]",
    members: {
      url: { note: "CALLER: srt://<host>:<port> of the listener" },
      connectionMode: { note: "CALLER (default) calls the url; LISTENER listens on listenerPort of the pipeline's push address (configuration pushAddresses; never every interface) for the receiver to call; a LISTENER needs encryptionPassphraseSecretArn, as MediaLive encrypts every SRT output" },
      listenerPort: { note: "LISTENER only: the UDP port openlive listens on" },
      streamId: { note: "the SRT stream ID sent in the handshake" },
      encryptionPassphraseSecretArn: { note: "the name of the secret holding the passphrase (10–79 characters); kept off the sender's command line" },
    },
  },
} as const satisfies Readonly<Record<string, ShapeSupport>>;
