// What openlive does with every member of a channel configuration: the ONE list, as data,
// in one file per area (support/*.ts). Each member is honoured (`members`: the note says
// how, `values` limits the honoured values), told (accepted and stored as sent, listed in
// the channel's openliveNotHonoured answer with a reason) or refused (a 422, only where
// MediaLive itself refuses or the thing cannot exist self-hosted). A member of the model
// not listed at all is told. Channel validation (validate-channel.ts) takes the refusals;
// not-honoured.ts lists the told ones; docs/channels.md is rendered from the same data by
// renderSupportedFeaturesMarkdown(), and a unit test fails when the two drift apart.
//
// Rule for honouring a member: list it in `members` only when the running pipeline
// (ffmpeg + openlive's HLS writer) really does what MediaLive documents for it, or when it
// is pure metadata with no effect on the output (said so in its note).
//
// Keys are MediaLive model shape names (src/model/generated/medialive-model.ts), member
// names are wire names (camelCase). A shape with no entry here is accepted whole.

import { AUDIO_SUPPORT } from "./support/audio-support.ts";
import { CAPTION_SUPPORT } from "./support/caption-support.ts";
import { INPUT_SUPPORT } from "./support/input-support.ts";
import { classifyMembers, memberShapes, type MemberClassification, type ShapeSupport } from "./support/member-support.ts";
import { OUTPUT_ARCHIVE_SUPPORT } from "./support/output-archive-support.ts";
import { OUTPUT_FRAME_CAPTURE_SUPPORT } from "./support/output-frame-capture-support.ts";
import { OUTPUT_HLS_FMP4_SUPPORT } from "./support/output-hls-fmp4-support.ts";
import { OUTPUT_SUPPORT } from "./support/output-support.ts";
import { OUTPUT_HLS_AKAMAI_SUPPORT } from "./support/output-hls-akamai-support.ts";
import { OUTPUT_CMAF_INGEST_SUPPORT } from "./support/output-cmaf-ingest-support.ts";
import { OUTPUT_MS_SMOOTH_SUPPORT } from "./support/output-ms-smooth-support.ts";
import { OUTPUT_MEDIAPACKAGE_SUPPORT } from "./support/output-mediapackage-support.ts";
import { OUTPUT_OBJECT_STORE_SUPPORT } from "./support/output-object-store-support.ts";
import { OUTPUT_UDP_SUPPORT } from "./support/output-udp-support.ts";
import { OUTPUT_M2TS_SUPPORT } from "./support/output-m2ts-support.ts";
import { OUTPUT_RTMP_SUPPORT } from "./support/output-rtmp-support.ts";
import { OUTPUT_SRT_SUPPORT } from "./support/output-srt-support.ts";
import { REQUEST_SUPPORT } from "./support/request-support.ts";
import { SCTE35_SUPPORT } from "./support/scte35-support.ts";
import { VIDEO_SUPPORT } from "./support/video-support.ts";

export type { MemberSupport, NotHonouredSetting, ShapeSupport } from "./support/member-support.ts";

export const SUPPORTED_SHAPES = {
  ...REQUEST_SUPPORT,
  ...VIDEO_SUPPORT,
  ...AUDIO_SUPPORT,
  ...CAPTION_SUPPORT,
  ...OUTPUT_SUPPORT,
  ...OUTPUT_HLS_AKAMAI_SUPPORT,
  ...OUTPUT_ARCHIVE_SUPPORT,
  ...OUTPUT_FRAME_CAPTURE_SUPPORT,
  ...OUTPUT_HLS_FMP4_SUPPORT,
  ...OUTPUT_CMAF_INGEST_SUPPORT,
  ...OUTPUT_MS_SMOOTH_SUPPORT,
  ...OUTPUT_MEDIAPACKAGE_SUPPORT,
  ...OUTPUT_OBJECT_STORE_SUPPORT,
  ...OUTPUT_UDP_SUPPORT,
  ...OUTPUT_M2TS_SUPPORT,
  ...OUTPUT_RTMP_SUPPORT,
  ...OUTPUT_SRT_SUPPORT,
  ...INPUT_SUPPORT,
  ...SCTE35_SUPPORT,
} as const satisfies Readonly<Record<string, ShapeSupport>>;

export type SupportedShapeName = keyof typeof SUPPORTED_SHAPES;

/** Video codecs openlive encodes. */
export const SUPPORTED_VIDEO_CODECS = memberNames("VideoCodecSettings");
/** Audio codecs openlive encodes or passes through. */
export const SUPPORTED_AUDIO_CODECS = memberNames("AudioCodecSettings");
/** Caption destination types openlive produces. */
export const SUPPORTED_CAPTION_DESTINATIONS = memberNames("CaptionDestinationSettings");
/** Output group types openlive produces. */
export const SUPPORTED_OUTPUT_GROUPS = memberNames("OutputGroupSettings");
/** Output settings openlive writes (one per output group kind). */
export const SUPPORTED_OUTPUT_SETTINGS = memberNames("OutputSettings");
/** HLS segment formats openlive writes. */
export const SUPPORTED_HLS_SETTINGS = memberNames("HlsSettings");
/** Delivery settings for remote HLS destinations (http(s), S3, MediaStore-style stores). */
export const SUPPORTED_HLS_CDN_SETTINGS = memberNames("HlsCdnSettings");

function memberNames(shape: SupportedShapeName): readonly string[] {
  return Object.keys(SUPPORTED_SHAPES[shape].members);
}

/** URL schemes of HLS destinations. */
export const HLS_DESTINATION_SCHEMES = {
  "file:": {
    form: "file:///<absolute folder>/<baseName>",
    note: "written to local disk by openlive, inside an output root (--output-roots; default <dataDir>/output), and served by its HTTP origin on its own port; hlsCdnSettings are told as ignored",
  },
  "http:": {
    form: "http://<host>[:port]/<path>/<baseName>",
    note: "HTTP PUT/DELETE; needs hlsCdnSettings with hlsBasicPutSettings, hlsWebdavSettings or hlsAkamaiSettings (an Akamai entry point such as https://p-ep<N>.i.akamaientrypoint.net/<stream id>/<event>/<baseName>). A playlist is PUT only after every segment it lists (a segment given up after its retries excepted), so the CDN never serves a playlist naming a segment it lacks",
  },
  "https:": {
    form: "https://<host>[:port]/<path>/<baseName>",
    note: "as http://, over TLS",
  },
  "s3:": {
    form: "s3://<bucket>/<path>/<baseName>",
    note: "objects of an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, Garage …): the bucket's endpoint, region, credentials and addressing come from the S3 configuration file (--s3-config, docs/outputs.md); hlsCdnSettings absent or hlsS3Settings. Uploaded in the order of http:// (a segment before any playlist naming it), expired segments deleted",
  },
  "s3ssl:": {
    form: "s3ssl://<bucket>/<path>/<baseName>",
    note: "as s3://, over TLS to the endpoint",
  },
  "mediastoressl:": {
    form: "mediastoressl://<host>/<path>/<baseName>",
    note: "an HTTPS object store taking PUT/DELETE of objects (https://<host>/<path>/…, basic auth from username/passwordParam when given); hlsCdnSettings absent, hlsMediaStoreSettings, hlsBasicPutSettings or hlsWebdavSettings",
  },
} as const;

/** Destination schemes MediaLive offers that openlive refuses until a later issue adds them. */
export const UNSUPPORTED_DESTINATION_SCHEMES = {
  "mediastore:": "AWS Elemental MediaStore destinations without TLS",
} as const;

/** Every member (at any depth) openlive refuses, and every one it accepts without honouring. Never throws. */
export function classifyChannelMembers(shapeName: SupportedShapeName, value: unknown, elementPath: string): MemberClassification {
  return classifyMembers(SUPPORTED_SHAPES, shapeName, value, elementPath);
}

// --- Markdown for docs/channels.md -------------------------------------------------------

const BEGIN_MARKER = "<!-- BEGIN generated by renderSupportedFeaturesMarkdown() in src/domain/channels/supported-features.ts -->";
const END_MARKER = "<!-- END generated -->";

function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

/** The list as Markdown, between markers; docs/channels.md embeds it verbatim. */
export function renderSupportedFeaturesMarkdown(): string {
  const lines: string[] = [BEGIN_MARKER, ""];
  lines.push("### Output destinations", "");
  lines.push("| URL form | What openlive does |", "|---|---|");
  for (const scheme of Object.values(HLS_DESTINATION_SCHEMES)) lines.push(`| \`${scheme.form}\` | ${cell(scheme.note)} |`);
  const refused = new Map<string, string[]>();
  for (const [scheme, what] of Object.entries(UNSUPPORTED_DESTINATION_SCHEMES)) refused.set(what, [...(refused.get(what) ?? []), `\`${scheme}//\``]);
  for (const [what, schemes] of refused) lines.push(`| ${schemes.join(", ")} | refused: ${what} |`);
  lines.push("");
  for (const [shapeName, support] of Object.entries(SUPPORTED_SHAPES) as [string, ShapeSupport][]) {
    const where = support.path.startsWith("(") ? support.path : `\`${support.path}\``;
    lines.push(`### ${where} (${shapeName})`, "");
    lines.push("| Member | Honoured | How |", "|---|---|---|");
    for (const [member, spec] of Object.entries(support.members)) {
      const accepted = spec.values ? `only ${spec.values.map((v) => `\`${JSON.stringify(v)}\``).join(", ")} (other values told)` : "yes";
      lines.push(`| \`${member}\` | ${accepted} | ${cell(spec.note)} |`);
    }
    for (const [member, message] of Object.entries(support.refused ?? {})) lines.push(`| \`${member}\` | refused (422) | ${cell(message)} |`);
    const listed = new Set([...Object.keys(support.members), ...Object.keys(support.refused ?? {})]);
    const told = new Map<string, string | undefined>();
    for (const wire of memberShapes(shapeName).keys()) if (!listed.has(wire)) told.set(wire, undefined);
    for (const [wire, why] of Object.entries(support.told ?? {})) told.set(wire, why);
    if (told.size > 0) {
      const items = [...told].sort(([a], [b]) => a.localeCompare(b)).map(([wire, why]) => (why ? `\`${wire}\` (${why})` : `\`${wire}\``));
      lines.push("", `Accepted and told (stored, returned, listed in \`openliveNotHonoured\`): ${items.join(", ")}.`);
    }
    lines.push("");
  }
  lines.push(END_MARKER);
  return lines.join("\n");
}
