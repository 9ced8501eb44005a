// The rules the checklist applies, each a section of docs/upstream.md (the checklist in
// our own words). Every line of a check cites one; the anchors are the <a name> tags there.

export const UPSTREAM_DOC = "docs/upstream.md";

export const Rules = {
  protocol: `${UPSTREAM_DOC}#protocol`,
  direction: `${UPSTREAM_DOC}#push-or-pull`,
  videoCodec: `${UPSTREAM_DOC}#video-codec`,
  resolution: `${UPSTREAM_DOC}#resolution`,
  frameRate: `${UPSTREAM_DOC}#frame-rate`,
  gop: `${UPSTREAM_DOC}#gop`,
  bitrate: `${UPSTREAM_DOC}#bitrate`,
  audio: `${UPSTREAM_DOC}#audio`,
  captions: `${UPSTREAM_DOC}#captions`,
  scte35: `${UPSTREAM_DOC}#scte-35`,
  identical: `${UPSTREAM_DOC}#two-identical-streams`,
  sync: `${UPSTREAM_DOC}#synchronisation`,
  addresses: `${UPSTREAM_DOC}#source-addresses`,
  inputSpec: `${UPSTREAM_DOC}#input-specification`,
} as const;
export type RuleName = keyof typeof Rules;
