// A Smooth Streaming sparse track (Azure Media Services "Signaling Timed Metadata in Live
// Streaming" §2.2, the fragmented MP4 live ingest specification §11 "Sparse track", [MS-SSTR]):
// timed messages (here SCTE-35 splice_info_sections) POSTed to the publishing point as a stream
// of their own, time-aligned with a parent (video) track. Pure.
//
// Stream header, sent at the start of every POST:
//
//   ftyp  major 'isml', compatible 'isml' 'piff' (as a Smooth live feed)
//   uuid  A5D40B30-E814-11DD-BA2F-0800200C9A66, Live Server Manifest Box ([MS-SSTR] §2.2.7.2):
//         version (8) = 0, flags (24) = 0, then a UTF-8 SMIL 2.0 document declaring one
//         <textstream> whose <param>s are systemBitrate 0, trackID, trackName, parentTrackName,
//         manifestOutput true, Subtype DATA, Scheme, timescale (the parent's)
//   moov  one track as an event message track declares it (event-message-track.ts: tkhd
//         duration 0, hdlr 'meta', null media header) with its MetaDataSampleEntry coded
//         'scte' (the Azure text: "for SCTE-35 messages the coding name SHOULD be 'scte'")
//
// One fragment per message (a sparse fragment):
//
//   moof ─ mfhd (sequence_number)
//        └ traf ─ tfhd (flags 0: track_ID; data offsets count from the moof, §8.8.7.1)
//               ├ trun (flags 0x000301: data_offset, sample_duration, sample_size; one sample)
//               └ uuid tfxd (tfxd.ts; fragment_absolute_time = the message's time,
//                            fragment_duration = its duration, 0 when unknown)
//   mdat ─ unsigned int(32) version = 1
//        ├ unsigned int(32) id                       // same id: the same message
//        ├ unsigned int(32) presentation_time_delta  // event time − fragment_absolute_time
//        └ byte             message[]                // the binary splice_info_section (not base64)

import { box, fullBox, u32 } from "./box-writer.ts";
import { childBox, childBoxes, readUint32, walkBoxes } from "./boxes.ts";
import { writeEventTrackInit } from "./event-message-track.ts";
import { mp4Fragments } from "./fragments.ts";
import { hasUuid, readTfxd, writeTfxd } from "./tfxd.ts";

/** The extended type of the Live Server Manifest Box. */
export const LIVE_SERVER_MANIFEST_UUID = Uint8Array.of(0xa5, 0xd4, 0x0b, 0x30, 0xe8, 0x14, 0x11, 0xdd, 0xba, 0x2f, 0x08, 0x00, 0x20, 0x0c, 0x9a, 0x66);

/** The sample entry's coding name for SCTE-35 messages. */
export const SPARSE_SCTE35_SAMPLE_ENTRY = "scte";
/** The mdat format version the Azure text defines. */
const SPARSE_MESSAGE_VERSION = 1;
const TRUN_FLAGS = 0x000301;

export interface SparseTrackDeclaration {
  readonly trackId: number;
  /** The sparse track's name: one name per event stream. */
  readonly trackName: string;
  /** The track whose timeline the messages are on (its name in its own stream's manifest). */
  readonly parentTrackName: string;
  /** The parent track's timescale: the sparse track's too. */
  readonly timescale: number;
  /** The messages' scheme (urn:scte:scte35:2013:bin for SCTE-35). */
  readonly scheme: string;
}

export interface SparseMessage {
  /** fragment_absolute_time, in the track's timescale. */
  readonly time: number;
  /** In the track's timescale; 0 when unknown. */
  readonly duration: number;
  readonly id: number;
  /** presentation_time_delta: the event's presentation time less `time`. */
  readonly presentationTimeDelta: number;
  readonly message: Uint8Array;
}

function fourCc(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0) & 0xff);
}

function xmlAttribute(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The SMIL document of the sparse track's Live Server Manifest Box. */
export function sparseTrackManifest(track: SparseTrackDeclaration): string {
  const params: [string, string][] = [
    ["systemBitrate", "0"],
    ["trackID", String(track.trackId)],
    ["trackName", track.trackName],
    ["parentTrackName", track.parentTrackName],
    ["manifestOutput", "true"],
    ["Subtype", "DATA"],
    ["Scheme", track.scheme],
    ["timescale", String(track.timescale)],
  ];
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<smil xmlns="http://www.w3.org/2001/SMIL20/Language">',
    "<head>",
    '<meta name="creator" content="openlive" />',
    "</head>",
    "<body>",
    "<switch>",
    '<textstream systemBitrate="0">',
    ...params.map(([name, value]) => `<param name="${name}" value="${xmlAttribute(value)}" valuetype="data"/>`),
    "</textstream>",
    "</switch>",
    "</body>",
    "</smil>",
    "",
  ].join("\n");
}

/** The sparse stream's header: ftyp, Live Server Manifest Box, moov. */
export function writeSparseTrackHeader(track: SparseTrackDeclaration): Uint8Array {
  const ftyp = box("ftyp", fourCc("isml"), u32(0x200), fourCc("isml"), fourCc("piff"));
  const manifest = box("uuid", LIVE_SERVER_MANIFEST_UUID, u32(0), new TextEncoder().encode(sparseTrackManifest(track)));
  const init = writeEventTrackInit({ trackId: track.trackId, timescale: track.timescale, handlerName: "SCTE-35" });
  const moov = walkBoxes(init).boxes.find((each) => each.type === "moov")!;
  const moovBytes = init.slice(moov.start, moov.end);
  renameSampleEntry(moovBytes, SPARSE_SCTE35_SAMPLE_ENTRY);
  return Buffer.concat([ftyp, manifest, moovBytes]);
}

/** Renames the first sample entry of the moov's first track in place (both are SampleEntry fields only, the same size). */
function renameSampleEntry(moov: Uint8Array, codingName: string): void {
  const root = walkBoxes(moov).boxes[0]!;
  const trak = childBox(moov, root, "trak");
  const mdia = trak && childBox(moov, trak, "mdia");
  const minf = mdia && childBox(moov, mdia, "minf");
  const stbl = minf && childBox(moov, minf, "stbl");
  const stsd = stbl && childBox(moov, stbl, "stsd");
  const entry = stsd && walkBoxes(moov, stsd.payload + 8, stsd.end).boxes[0];
  if (!entry) throw new Error("the event track's moov has no sample entry");
  moov.set(fourCc(codingName), entry.start + 4);
}

/** One sparse fragment holding `message`. */
export function writeSparseFragment(options: { readonly trackId: number; readonly sequenceNumber: number } & SparseMessage): Uint8Array {
  const payload = Buffer.concat([Uint8Array.from([...u32(SPARSE_MESSAGE_VERSION), ...u32(options.id >>> 0), ...u32(options.presentationTimeDelta >>> 0)]), options.message]);
  const build = (dataOffset: number): Uint8Array =>
    box(
      "moof",
      fullBox("mfhd", 0, 0, u32(options.sequenceNumber >>> 0)),
      box("traf", fullBox("tfhd", 0, 0, u32(options.trackId)), fullBox("trun", 0, TRUN_FLAGS, u32(1), u32(dataOffset), u32(options.duration >>> 0), u32(payload.length)), writeTfxd({ absoluteTime: options.time, duration: options.duration })),
    );
  const moofLength = build(0).length;
  return Buffer.concat([build(moofLength + 8), box("mdat", payload)]);
}

export interface ParsedSparseHeader {
  readonly brand: string;
  /** The <textstream> params of the Live Server Manifest Box, by name. */
  readonly params: ReadonlyMap<string, string>;
}

/** The params of each track element (<video>, <audio>, <textstream> …) of a stream header's Live Server Manifest Box, in order; empty without one. */
export function liveManifestTracks(header: Uint8Array): { readonly element: string; readonly params: ReadonlyMap<string, string> }[] {
  const manifest = walkBoxes(header).boxes.find((each) => each.type === "uuid" && hasUuid(header, each.payload, each.end, LIVE_SERVER_MANIFEST_UUID));
  if (!manifest) return [];
  const smil = new TextDecoder().decode(header.subarray(manifest.payload + 20, manifest.end));
  const tracks: { element: string; params: Map<string, string> }[] = [];
  for (const match of smil.matchAll(/<(video|audio|textstream)\b[^>]*>([\s\S]*?)<\/\1>/g)) {
    const params = new Map<string, string>();
    for (const param of match[2]!.matchAll(/<param\s+name="([^"]*)"\s+value="([^"]*)"/g)) params.set(param[1]!, unescapeXml(param[2]!));
    tracks.push({ element: match[1]!, params });
  }
  return tracks;
}

function unescapeXml(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** A sparse stream's header, read back; undefined when it is not ftyp, Live Server Manifest Box (one textstream), moov. */
export function readSparseTrackHeader(header: Uint8Array): ParsedSparseHeader | undefined {
  const boxes = walkBoxes(header).boxes;
  if (boxes.map((each) => each.type).join(",") !== "ftyp,uuid,moov") return undefined;
  const tracks = liveManifestTracks(header);
  if (tracks.length !== 1 || tracks[0]!.element !== "textstream") return undefined;
  return { brand: String.fromCharCode(...header.subarray(boxes[0]!.payload, boxes[0]!.payload + 4)), params: tracks[0]!.params };
}

/** A sparse fragment (moof + mdat), read back; undefined when it is not one. */
export function readSparseFragment(bytes: Uint8Array): (SparseMessage & { readonly sequenceNumber: number; readonly trackId: number }) | undefined {
  const boxes = walkBoxes(bytes).boxes;
  const moof = boxes.find((each) => each.type === "moof");
  const mfhd = moof && childBox(bytes, moof, "mfhd");
  const traf = moof && childBox(bytes, moof, "traf");
  const tfxd = traf && childBoxes(bytes, traf).flatMap((each) => (each.type === "uuid" ? [readTfxd(bytes, each.payload, each.end)] : [])).find((found) => found !== undefined);
  const sample = mp4Fragments(bytes)[0]?.samples[0];
  if (!mfhd || !tfxd || !sample || sample.size < 12 || sample.offset + sample.size > bytes.length) return undefined;
  if (readUint32(bytes, sample.offset) !== SPARSE_MESSAGE_VERSION) return undefined;
  return {
    trackId: sample.trackId,
    sequenceNumber: readUint32(bytes, mfhd.payload + 4),
    time: tfxd.absoluteTime,
    duration: tfxd.duration,
    id: readUint32(bytes, sample.offset + 4),
    presentationTimeDelta: readUint32(bytes, sample.offset + 8),
    message: bytes.slice(sample.offset + 12, sample.offset + sample.size),
  };
}
