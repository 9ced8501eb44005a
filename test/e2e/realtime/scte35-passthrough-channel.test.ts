// SCTE-35 pass-through on a real channel (docs/ads-and-schedule.md): one encode feeds an HLS
// output (m3u8Settings.scte35Behavior PASSTHROUGH), an archive output and a udp:// output
// (m2tsSettings.scte35Control PASSTHROUGH, CBR). A splice_insert from the schedule reaches all
// three as a splice_info_section on PID 500: ffprobe lists the scte_35 stream in an HLS segment,
// an archive file and the captured UDP stream, and in each the splice time is the PTS of the
// picture the splice landed on (the one carrying the splice mark). A second HLS group with fMP4
// segments and ad markers gets the splice as an emsg before the fragment of that picture. A CMAF
// ingest group (scte35Type SCTE_35_WITHOUT_SEGMENTATION) POSTs to an HTTP receiver the test
// starts: besides Streams(video.cmfv), Streams(scte.cmfm), an event message track (init first,
// then segments back to back) whose emib for the splice lies at the presentation time of the
// marked picture of the video track, in the segment spanning that picture's video segment. A
// Microsoft Smooth group (sparseTrackType SCTE_35_WITHOUT_SEGMENTATION) POSTs to the same
// receiver its live feed, Streams(live), and the sparse stream Streams(live_scte35): its header
// alone first, then a POST of the header and one sparse fragment whose time is the marked
// picture's presentation time in the feed, its section's splice time the same instant.

import assert from "node:assert/strict";
import { spawnSync, type ChildProcess } from "node:child_process";
import { createSocket, type Socket } from "node:dgram";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { BatchUpdateScheduleCommand, CreateInputCommand } from "@aws-sdk/client-medialive";
import { avccToAnnexB } from "../../../src/media/bits/avcc.ts";
import { walkBoxes } from "../../../src/media/mp4/boxes.ts";
import { EmsgSchemes, parseEmsg } from "../../../src/media/mp4/emsg.ts";
import { readEventTrackSegment } from "../../../src/media/mp4/event-message-track.ts";
import { mp4Fragments, mp4Tracks } from "../../../src/media/mp4/fragments.ts";
import { readSparseFragment, readSparseTrackHeader } from "../../../src/media/mp4/smooth-sparse-track.ts";
import { TsDemuxer } from "../../../src/media/mpegts/ts-demuxer.ts";
import { canMarkSplices, spliceMarksIn } from "../../../src/media/scte35/splice-mark-sei.ts";
import { parseSpliceInfoSection } from "../../../src/media/scte35/splice-parser.ts";
import { spliceTimeOf } from "../../../src/media/scte35/splice-pts.ts";
import { smallChannel } from "../../helpers/channel-fixtures.ts";
import { createChannelId, createIsgId, startChannelAndWait } from "../../helpers/channel-lifecycle.ts";
import { spawnLiveEncoder } from "../../helpers/media-fixtures.ts";
import { makeOutputDir, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";
import { startCmafReceiver, type CmafReceiver } from "../../helpers/cmaf-receiver.ts";

const SCTE35_PID = 500;
const UDP_HOST = "127.0.0.5";

interface Passed {
  /** splice_time + pts_adjustment of the section. */
  readonly splicePts90k: number | null;
  /** PTS of the pictures carrying splice marks. */
  readonly markedPts90k: readonly number[];
}

/** The SCTE-35 sections of a transport stream and its marked pictures; undefined when it holds no section. */
function passed(ts: Uint8Array): Passed | undefined {
  const demuxer = new TsDemuxer();
  let splicePts90k: number | null | undefined;
  const markedPts90k: number[] = [];
  for (const event of [...demuxer.push(ts, 0), ...demuxer.flush()]) {
    if (event.type === "scte35" && event.pid === SCTE35_PID && splicePts90k === undefined) {
      const parsed = parseSpliceInfoSection(event.section);
      if (parsed.ok) splicePts90k = spliceTimeOf(parsed.section);
    }
    if (event.type === "pes" && event.pes.kind === "video" && event.pes.pts90k !== null && canMarkSplices(event.pes.codec) && spliceMarksIn(event.pes.codec, event.pes.data).length > 0) markedPts90k.push(event.pes.pts90k % 2 ** 33);
  }
  return splicePts90k === undefined ? undefined : { splicePts90k, markedPts90k };
}

/** The SCTE-35 emsg of an fMP4 segment and the presentation times of its marked pictures; undefined without one. */
function fmp4Passed(segment: Uint8Array): { presentationTime: number; markedTimes: number[]; splice90k: number | null } | undefined {
  const box = walkBoxes(segment).boxes.find((each) => each.type === "emsg");
  const message = box && parseEmsg(segment.subarray(box.start, box.end));
  if (!message || message.schemeIdUri !== EmsgSchemes.SCTE35_BIN) return undefined;
  const parsed = parseSpliceInfoSection(message.messageData);
  const markedTimes = mp4Fragments(segment).flatMap((fragment) => fragment.samples.filter((sample) => spliceMarksIn("H264", avccToAnnexB(segment.subarray(sample.offset, sample.offset + sample.size))).length > 0).map((sample) => sample.presentationTime));
  return { presentationTime: message.presentationTime, markedTimes, splice90k: parsed.ok ? spliceTimeOf(parsed.section) : null };
}

function probeScte35(file: string): string {
  return spawnSync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name,id", "-of", "csv=p=0", file], { encoding: "utf8" }).stdout;
}

function firstPassing(folder: string, pattern: RegExp): { file: string; found: Passed } | undefined {
  for (const name of readdirSync(folder).filter((each) => pattern.test(each)).sort()) {
    const file = path.join(folder, name);
    const found = passed(readFileSync(file));
    if (found) return { file, found };
  }
  return undefined;
}

/** The first SCTE-35 event of a CMAF ingest SCTE-35 track's segments (init first) and the video track's marked pictures. */
function cmafPassed(video: readonly Buffer[], scte: readonly Buffer[]) {
  const [videoInit, ...videoSegments] = video;
  const [scteInit, ...scteSegments] = scte;
  if (!videoInit || !scteInit) return undefined;
  const track = mp4Tracks(videoInit).find((each) => each.handler === "vide");
  const index = scteSegments.findIndex((segment) => readEventTrackSegment(segment).some((sample) => sample.events.some((event) => event.delta === 0)));
  if (!track || index < 0) return undefined;
  const event = readEventTrackSegment(scteSegments[index]!).flatMap((sample) => sample.events).find((each) => each.delta === 0)!;
  const marked = videoSegments.flatMap((segment) =>
    mp4Fragments(segment).flatMap((fragment) => {
      const times = fragment.samples.map((sample) => sample.presentationTime);
      return fragment.samples.filter((sample) => spliceMarksIn("H264", avccToAnnexB(segment.subarray(sample.offset, sample.offset + sample.size))).length > 0).map((sample) => ({ time: sample.presentationTime, segmentStart: Math.min(...times) }));
    }),
  );
  const parsed = parseSpliceInfoSection(event.messageData);
  const scteRanges = scteSegments.map((segment) => {
    const samples = mp4Fragments(segment).flatMap((fragment) => fragment.samples);
    return { start: samples[0]?.presentationTime ?? NaN, end: samples.reduce((sum, sample) => sum + sample.duration, samples[0]?.presentationTime ?? NaN) };
  });
  const later = scteSegments[index + 1] && readEventTrackSegment(scteSegments[index + 1]!).flatMap((sample) => sample.events).find((each) => each.id === event.id);
  return { track, scteTracks: mp4Tracks(scteInit), event, marked, scteRanges, eventSegment: index, splice90k: parsed.ok ? spliceTimeOf(parsed.section) : null, repeatedDelta: later?.delta };
}

/** The Smooth sparse stream's header and first fragment (each POST: the header, then any fragment) and the feed's marked pictures; undefined before the fragment came. */
function smoothPassed(feedPosts: readonly Buffer[], sparsePosts: readonly Buffer[]) {
  const split = (post: Buffer): { header: Buffer; rest: Buffer } => {
    const moof = walkBoxes(post).boxes.find((box) => box.type === "moof");
    return { header: post.subarray(0, moof?.start ?? post.length), rest: post.subarray(moof?.start ?? post.length) };
  };
  const withFragment = sparsePosts.map(split).find((post) => post.rest.length > 0);
  const feed = Buffer.concat(feedPosts.slice(0, 1));
  const video = mp4Tracks(feed).find((track) => track.handler === "vide");
  if (!withFragment || !video || sparsePosts.length < 2) return undefined;
  const message = readSparseFragment(withFragment.rest);
  const marked = mp4Fragments(feed).flatMap((fragment) => fragment.samples.filter((sample) => sample.trackId === video.trackId && sample.offset + sample.size <= feed.length && spliceMarksIn("H264", avccToAnnexB(feed.subarray(sample.offset, sample.offset + sample.size))).length > 0).map((sample) => sample.presentationTime));
  const parsed = message && parseSpliceInfoSection(message.message);
  return { video, first: sparsePosts[0]!, header: readSparseTrackHeader(withFragment.header), message, marked, splice90k: parsed?.ok ? spliceTimeOf(parsed.section) : null };
}

describe("SCTE-35 pass-through into HLS, archive, UDP, CMAF ingest and Microsoft Smooth outputs", { timeout: 120_000 }, () => {
  let openlive: OpenliveProcess | undefined;
  let upstream: ChildProcess | undefined;
  let receiver: Socket | undefined;
  let ingest: CmafReceiver | undefined;
  after(async () => {
    upstream?.kill("SIGKILL");
    receiver?.close();
    await openlive?.stop();
    await ingest?.close();
  });

  it("a scheduled splice_insert lands in each output on PID 500, timed on the picture it marks", async () => {
    const datagrams: Buffer[] = [];
    receiver = createSocket("udp4");
    receiver.on("message", (message) => datagrams.push(message));
    await new Promise<void>((resolve) => receiver!.bind(0, UDP_HOST, resolve));
    const udpPort = receiver.address().port;

    // The CMAF ingest receiver: every POST body kept per stream, in arrival order; the Smooth
    // publishing point under /smooth/: each POST's body kept as it arrives (the feed is one long POST).
    ingest = await startCmafReceiver();
    const cmafStreams = ingest.streams;
    const smoothStreams = ingest.smoothStreams;
    const ingestPort = ingest.port;

    openlive = await startOpenlive({ ownPushPorts: true });
    const client = sdkClient(openlive);
    const input = await client.send(new CreateInputCommand({ Name: "scte35-pass", Type: "RTP_PUSH", InputSecurityGroups: [await createIsgId(client)] }));
    const work = makeOutputDir("openlive-scte35-pass-");
    const channel = smallChannel(input.Input!.Id!, `file://${work}/hls/index`, { segmentLengthS: 1 });
    const encoder = channel.EncoderSettings;
    encoder.OutputGroups[0].Outputs[0].OutputSettings.HlsOutputSettings.HlsSettings.StandardHlsSettings.M3u8Settings = { Scte35Behavior: "PASSTHROUGH" };
    const m2ts = { Scte35Control: "PASSTHROUGH", RateMode: "CBR", Bitrate: 1_000_000 };
    channel.Destinations.push(
      { Id: "archive-dest", Settings: [{ Url: `file://${work}/archive/rec` }] },
      { Id: "udp-dest", Settings: [{ Url: `udp://${UDP_HOST}:${udpPort}` }] },
      { Id: "fmp4-dest", Settings: [{ Url: `file://${work}/fmp4/index` }] },
      { Id: "cmaf-dest", Settings: [{ Url: `http://127.0.0.1:${ingestPort}/in/v1/group/1/channel/` }] },
      { Id: "smooth-dest", Settings: [{ Url: `http://127.0.0.1:${ingestPort}/smooth/live.isml` }] },
    );
    const fmp4Group = structuredClone(encoder.OutputGroups[0]);
    Object.assign(fmp4Group, { Name: "fmp4" });
    Object.assign(fmp4Group.OutputGroupSettings.HlsGroupSettings, { Destination: { DestinationRefId: "fmp4-dest" }, AdMarkers: ["ELEMENTAL"] });
    fmp4Group.Outputs[0].OutputName = "fmp4-out";
    fmp4Group.Outputs[0].OutputSettings.HlsOutputSettings.HlsSettings = { Fmp4HlsSettings: {} };
    encoder.OutputGroups.push(
      fmp4Group,
      {
        Name: "archive",
        OutputGroupSettings: { ArchiveGroupSettings: { Destination: { DestinationRefId: "archive-dest" }, RolloverInterval: 2 } },
        Outputs: [{ OutputName: "recording", VideoDescriptionName: "v720", AudioDescriptionNames: ["a_aac"], OutputSettings: { ArchiveOutputSettings: { NameModifier: "_main", ContainerSettings: { M2tsSettings: m2ts } } } }],
      },
      {
        Name: "cmaf",
        OutputGroupSettings: { CmafIngestGroupSettings: { Destination: { DestinationRefId: "cmaf-dest" }, SegmentLength: 1, SegmentLengthUnits: "SECONDS", Scte35Type: "SCTE_35_WITHOUT_SEGMENTATION" } },
        Outputs: [{ OutputName: "video", VideoDescriptionName: "v720", AudioDescriptionNames: [], OutputSettings: { CmafIngestOutputSettings: { NameModifier: "video" } } }],
      },
      {
        Name: "smooth",
        OutputGroupSettings: { MsSmoothGroupSettings: { Destination: { DestinationRefId: "smooth-dest" }, FragmentLength: 1, SparseTrackType: "SCTE_35_WITHOUT_SEGMENTATION" } },
        Outputs: [{ OutputName: "live", VideoDescriptionName: "v720", AudioDescriptionNames: ["a_aac"], OutputSettings: { MsSmoothOutputSettings: {} } }],
      },
      {
        Name: "udp",
        OutputGroupSettings: { UdpGroupSettings: {} },
        Outputs: [{ OutputName: "ts", VideoDescriptionName: "v720", AudioDescriptionNames: ["a_aac"], OutputSettings: { UdpOutputSettings: { Destination: { DestinationRefId: "udp-dest" }, BufferMsec: 500, ContainerSettings: { M2tsSettings: m2ts } } } }],
      },
    );
    const channelId = await createChannelId(client, channel);
    upstream = spawnLiveEncoder(["-f", "rtp_mpegts", input.Input!.Destinations![0]!.Url!]);
    await startChannelAndWait(client, channelId);
    await until("HLS segments", () => (readdirSync(`${work}/hls`).filter((name) => name.endsWith(".ts")).length >= 2 ? true : undefined), 30_000);
    const udpBefore = datagrams.length;
    await client.send(
      new BatchUpdateScheduleCommand({
        ChannelId: channelId,
        Creates: { ScheduleActions: [{ ActionName: "break-5", ScheduleActionStartSettings: { ImmediateModeScheduleActionStartSettings: {} }, ScheduleActionSettings: { Scte35SpliceInsertSettings: { SpliceEventId: 5, Duration: 60 * 90_000 } } }] },
      }),
    );

    const hls = await until("an HLS segment carrying the section", () => firstPassing(`${work}/hls`, /\.ts$/), 20_000);
    const udpFile = path.join(work, "udp-capture.ts");
    const udp = await until("the UDP stream carrying the section", () => {
      const found = passed(Buffer.concat(datagrams.slice(udpBefore)));
      if (found) writeFileSync(udpFile, Buffer.concat(datagrams.slice(udpBefore)));
      return found;
    }, 20_000);
    const archive = await until("an archive file carrying the section", () => firstPassing(`${work}/archive`, /^rec_main\.\d+\.m2ts$/), 20_000);
    const fmp4 = await until("an fMP4 segment carrying the emsg", () => {
      for (const name of readdirSync(`${work}/fmp4`).filter((each) => /_\d+\.mp4$/.test(each)).sort()) {
        const found = fmp4Passed(readFileSync(path.join(`${work}/fmp4`, name)));
        if (found) return found;
      }
      return undefined;
    }, 20_000);
    // CMAF ingest: the SCTE-35 track's event, and the segment after it (still in the 60 s break) repeating it.
    const cmaf = await until("a CMAF SCTE-35 track segment with the splice, and the next one", () => {
      const found = cmafPassed(cmafStreams.get("video.cmfv") ?? [], cmafStreams.get("scte.cmfm") ?? []);
      return found?.repeatedDelta !== undefined ? found : undefined;
    }, 20_000).catch((error: Error) => {
      throw new Error(`${error.message}; streams: ${[...cmafStreams].map(([name, posts]) => `${name} ×${posts.length}`).join(", ")}`);
    });
    assert.deepEqual(cmaf.scteTracks.map((track) => [track.handler, track.sampleEntry, track.timescale]), [["meta", "evte", cmaf.track.timescale]], "CMAF: the first POST of scte.cmfm is its init segment, a meta track in the video's timescale");
    assert.deepEqual(cmaf.marked.map((picture) => picture.time), [cmaf.event.presentationTime], "CMAF: one marked picture in the video track, and the emib at its presentation time");
    assert.equal(cmaf.event.schemeIdUri, EmsgSchemes.SCTE35_BIN);
    assert.equal(cmaf.event.eventDuration, 60 * cmaf.track.timescale, "CMAF: the break's duration");
    assert.equal(cmaf.splice90k, Math.round((cmaf.event.presentationTime * 90_000) / cmaf.track.timescale) % 2 ** 33, "CMAF: the section's splice time is the same instant");
    assert.equal(cmaf.scteRanges[cmaf.eventSegment]!.start, cmaf.marked[0]!.segmentStart, "CMAF: the event's segment starts where the marked picture's video segment does");
    assert.ok(cmaf.repeatedDelta! < 0, "CMAF: the next segment repeats the active event, relative to its own start");
    cmaf.scteRanges.slice(1).forEach((range, i) => assert.equal(range.start, cmaf.scteRanges[i]!.end, `CMAF: SCTE-35 segments back to back: ${JSON.stringify(cmaf.scteRanges)}`));

    // Smooth: the sparse stream's header alone first, then header + fragment at the marked picture's time.
    const smooth = await until("a Smooth sparse fragment and the marked picture in the feed", () => {
      const found = smoothPassed(smoothStreams.get("live") ?? [], smoothStreams.get("live_scte35") ?? []);
      return found && found.marked.length > 0 ? found : undefined;
    }, 20_000).catch((error: Error) => {
      throw new Error(`${error.message}; streams: ${[...smoothStreams].map(([name, posts]) => `${name} ×${posts.length} (${posts.map((post) => post.length).join(", ")} bytes)`).join("; ")}`);
    });
    assert.deepEqual(walkBoxes(smooth.first).boxes.map((box) => box.type), ["ftyp", "uuid", "moov"], "Smooth: the sparse stream's first POST is its header alone");
    assert.equal(smooth.header?.params.get("parentTrackName"), "video", "Smooth: the sparse track's parent is the feed's video track");
    assert.equal(smooth.header?.params.get("timescale"), String(smooth.video.timescale), "Smooth: in the video's timescale");
    assert.equal(smooth.header?.params.get("Scheme"), EmsgSchemes.SCTE35_BIN);
    assert.ok(smooth.message, "Smooth: a sparse fragment");
    assert.deepEqual(smooth.marked, [smooth.message.time], "Smooth: one marked picture in the feed, and the sparse fragment at its presentation time");
    assert.equal(smooth.message.duration, 60 * smooth.video.timescale, "Smooth: the break's duration");
    assert.equal(smooth.splice90k, Math.round((smooth.message.time * 90_000) / smooth.video.timescale) % 2 ** 33, "Smooth: the section's splice time is the same instant");

    assert.deepEqual(fmp4.markedTimes, [fmp4.presentationTime], "fMP4: one marked picture, and the emsg at its presentation time");
    assert.notEqual(fmp4.splice90k, null, "fMP4: the emsg's section names its splice time");

    for (const [what, file, found] of [["HLS segment", hls.file, hls.found], ["archive file", archive.file, archive.found], ["UDP stream", udpFile, udp]] as const) {
      assert.ok(probeScte35(file).split("\n").includes(`scte_35,0x${SCTE35_PID.toString(16)}`), `${what}: ffprobe lists scte_35 on PID ${SCTE35_PID}: ${probeScte35(file)}`);
      // One splice, one marked picture: a picture the encoder repeats (its fps filter filling a gap in
      // the fed timestamps) carries the mark again, and the output retires the repeat's mark.
      assert.deepEqual(found.markedPts90k.length, 1, `${what}: one marked picture, at ${found.markedPts90k.join(", ")}`);
      assert.equal(found.splicePts90k, found.markedPts90k[0], `${what}: the splice time is the marked picture's PTS`);
    }
    const udpBytes = datagrams.slice(udpBefore).reduce((sum, datagram) => sum + datagram.length, 0);
    assert.equal(udpBytes % (7 * 188), 0, "whole datagrams of 7 packets");
  });
});
