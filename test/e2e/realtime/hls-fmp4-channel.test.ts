// HLS with fMP4 segments and a trick-play image track on a real channel: an RTP push feeds a
// channel whose HLS group has one fMP4 variant (fmp4HlsSettings) and one frame capture output
// (frameCaptureHlsSettings, a 160x90 JPEG description) to a file:// folder. The variant's
// playlist names its initialization segment with EXT-X-MAP and lists `.mp4` segments that
// ffprobe decodes once the init segment is put in front; the master playlist's CODECS match
// what the init segment holds and it names the image playlist with EXT-X-IMAGE-STREAM-INF; the
// image playlist lists JPEGs of the described size, one per segment; and hls.js in Chromium
// plays the channel from openlive's origin.
//
// ID3 in fMP4: the variant passes timed metadata through (timedMetadataBehavior PASSTHROUGH,
// the group's PRIV timestamp every 2 s) and a CMAF ingest group (id3Behavior ENABLED) POSTs to
// an HTTP receiver the test starts. An ID3 tag from the schedule (hlsTimedMetadataSettings)
// lands in an fMP4 segment as an AOM ID3 emsg at the presentation time of the picture it was
// marked on (the picture whose retired mark holds the tag), with the tag's text, and hls.js
// reports it as ID3 metadata at that time; the CMAF ingest action (timedMetadataSettings)
// reaches the receiver on Streams(id3.cmfm), an event message track whose emib carries the tag
// at its picture's time in Streams(video.cmfv); neither action's tag reaches the other form.

import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { BatchUpdateScheduleCommand, CreateInputCommand, type MediaLiveClient } from "@aws-sdk/client-medialive";
import { avccToAnnexB } from "../../../src/media/bits/avcc.ts";
import { uuidOffsets } from "../../../src/media/h264/user-data-unregistered.ts";
import { ID3_MARK_UUID, id3MarksIn, RETIRED_ID3_MARK_UUID } from "../../../src/media/id3/id3-mark-sei.ts";
import { id3FrameText, readId3Tag } from "../../../src/media/id3/id3-reader.ts";
import { textTag } from "../../../src/media/id3/id3-tag.ts";
import { walkBoxes } from "../../../src/media/mp4/boxes.ts";
import { EMSG_UNKNOWN_DURATION, EmsgSchemes, parseEmsg } from "../../../src/media/mp4/emsg.ts";
import { readEventTrackSegment } from "../../../src/media/mp4/event-message-track.ts";
import { mp4Fragments, mp4Tracks } from "../../../src/media/mp4/fragments.ts";
import { smallChannel } from "../../helpers/channel-fixtures.ts";
import { createChannelId, createIsgId, startChannelAndWait } from "../../helpers/channel-lifecycle.ts";
import { launchHlsPlayer, type HlsPlayer } from "../../helpers/hls-player.ts";
import { startCmafReceiver, type CmafReceiver } from "../../helpers/cmaf-receiver.ts";
import { spawnLiveEncoder } from "../../helpers/media-fixtures.ts";
import { makeOutputDir, originUrlOf, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { probeFile } from "../../helpers/probe-files.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";

const SEGMENT_S = 1;
/** The source's frame rate (spawnLiveEncoder). */
const SOURCE_FPS = 25;
const SEGMENT = /^live_720p_\d{5}\.mp4$/;
const IMAGE = /^live_trick_\d{5}\.jpg$/;



const listed = (playlist: string, pattern: RegExp): string[] => playlist.split("\n").filter((line) => pattern.test(line));

const HLS_TAG = textTag("TIT2", "openlive fMP4 ID3");
const CMAF_TAG = textTag("TIT2", "openlive CMAF ID3");

/** The first frame of an ID3 tag as `<frame id>:<text>`. */
function frameText(tag: Uint8Array): string {
  const read = readId3Tag(tag);
  return read.ok && read.frames[0] ? `${read.frames[0].id}:${id3FrameText(read.frames[0]) ?? ""}` : `not a tag (${read.ok ? "no frame" : read.reason})`;
}

/** The presentation times of an fMP4 segment's video pictures whose retired ID3 marks held `tag`, and whether a live mark is left. */
function taggedPictures(segment: Uint8Array, tag: Uint8Array): { times: number[]; liveMarks: number } {
  const times: number[] = [];
  let liveMarks = 0;
  for (const fragment of mp4Fragments(segment)) {
    for (const sample of fragment.samples) {
      const data = Uint8Array.from(segment.subarray(sample.offset, sample.offset + sample.size));
      liveMarks += uuidOffsets(data, ID3_MARK_UUID).length;
      // A retired mark is the mark with another UUID: put the mark's back to read it.
      for (const offset of uuidOffsets(data, RETIRED_ID3_MARK_UUID)) data.set(ID3_MARK_UUID, offset);
      if (id3MarksIn("H264", avccToAnnexB(data)).some((mark) => Buffer.from(mark.tag).equals(Buffer.from(tag)))) times.push(sample.presentationTime);
    }
  }
  return { times, liveMarks };
}

/** The AOM ID3 emsg boxes of an fMP4 segment. */
function id3Emsgs(segment: Uint8Array) {
  return walkBoxes(segment)
    .boxes.filter((box) => box.type === "emsg")
    .map((box) => parseEmsg(segment.subarray(box.start, box.end)))
    .filter((message) => message?.schemeIdUri === EmsgSchemes.ID3)
    .map((message) => message!);
}

describe("HLS with fMP4 segments and a trick-play image track", { timeout: 150_000 }, () => {
  let openlive: OpenliveProcess;
  let client: MediaLiveClient;
  let player: HlsPlayer;
  let upstream: ChildProcess | undefined;
  let work: string;
  let variant = "";
  let channelId = "";
  let ingest: CmafReceiver | undefined;
  let cmafStreams = new Map<string, Buffer[]>();

  before(async () => {
    ingest = await startCmafReceiver();
    cmafStreams = ingest.streams;
    const ingestPort = ingest.port;
    openlive = await startOpenlive({ ownPushPorts: true });
    client = sdkClient(openlive);
    player = await launchHlsPlayer();
    const input = await client.send(new CreateInputCommand({ Name: "fmp4-source", Type: "RTP_PUSH", InputSecurityGroups: [await createIsgId(client)] }));
    work = makeOutputDir("openlive-fmp4-");
    const channel = smallChannel(input.Input!.Id!, `file://${work}/live`, { segmentLengthS: SEGMENT_S });
    const encoder = channel.EncoderSettings;
    encoder.VideoDescriptions.push({ Name: "trick", Width: 160, Height: 90, CodecSettings: { FrameCaptureSettings: {} } });
    const group = encoder.OutputGroups[0];
    group.Outputs[0].OutputSettings.HlsOutputSettings.HlsSettings = { Fmp4HlsSettings: { TimedMetadataBehavior: "PASSTHROUGH" } };
    Object.assign(group.OutputGroupSettings.HlsGroupSettings, { TimedMetadataId3Frame: "PRIV", TimedMetadataId3Period: 2 });
    channel.Destinations.push({ Id: "cmaf-dest", Settings: [{ Url: `http://127.0.0.1:${ingestPort}/in/v1/group/1/channel/` }] });
    group.Outputs.push({ OutputName: "trick", VideoDescriptionName: "trick", OutputSettings: { HlsOutputSettings: { NameModifier: "_trick", HlsSettings: { FrameCaptureHlsSettings: {} } } } });
    encoder.OutputGroups.push({
      Name: "cmaf",
      OutputGroupSettings: { CmafIngestGroupSettings: { Destination: { DestinationRefId: "cmaf-dest" }, SegmentLength: 1, SegmentLengthUnits: "SECONDS", Id3Behavior: "ENABLED" } },
      Outputs: [{ OutputName: "video", VideoDescriptionName: "v720", AudioDescriptionNames: [], OutputSettings: { CmafIngestOutputSettings: { NameModifier: "video" } } }],
    });
    channelId = await createChannelId(client, channel);
    upstream = spawnLiveEncoder(["-f", "rtp_mpegts", input.Input!.Destinations![0]!.Url!]);
    await startChannelAndWait(client, channelId);
    variant = await until("3 fMP4 segments listed", () => {
      const text = (() => {
        try {
          return readFileSync(`${work}/live_720p.m3u8`, "utf8");
        } catch {
          return "";
        }
      })();
      return listed(text, SEGMENT).length >= 3 ? text : undefined;
    }, 60_000);
  });

  after(async () => {
    upstream?.kill("SIGKILL");
    await player?.close();
    await openlive?.stop();
    await ingest?.close();
  });

  it("lists .mp4 segments after an EXT-X-MAP naming the init segment, and init + segment decode", () => {
    assert.match(variant, /^#EXT-X-VERSION:7$/m);
    assert.match(variant, /^#EXT-X-MAP:URI="live_720p_init\.mp4"$/m);
    const segments = listed(variant, SEGMENT);
    const joined = path.join(work, "joined.mp4");
    writeFileSync(joined, Buffer.concat([readFileSync(`${work}/live_720p_init.mp4`), readFileSync(`${work}/${segments[1]}`)]));
    const streams = probeFile(joined, { countFrames: true }).streams;
    assert.deepEqual(streams.map((s) => s.codec_name), ["h264", "aac"]);
    assert.deepEqual([streams[0]!.width, streams[0]!.height], [320, 180]);
    const frames = Number(streams[0]!.nb_read_frames);
    // About one segment's worth of pictures (half to one and a half of a segment at the source's frame rate).
    assert.ok(frames >= 0.5 * SEGMENT_S * SOURCE_FPS && frames <= 1.5 * SEGMENT_S * SOURCE_FPS, `${frames} pictures decoded from one ${SEGMENT_S} s segment`);
  });

  it("writes a master playlist whose CODECS are the init segment's, and names the image playlist by EXT-X-IMAGE-STREAM-INF", () => {
    const master = readFileSync(`${work}/live.m3u8`, "utf8");
    // RFC 6381 §3.3: avc1.PPCCLL from the init segment's AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1): profile, compatibility, level.
    const init = readFileSync(`${work}/live_720p_init.mp4`);
    const avcC = init.indexOf("avcC");
    assert.ok(avcC > 0, "the init segment carries an avcC box");
    const expected = `avc1.${init.subarray(avcC + 5, avcC + 8).toString("hex")}`;
    const codecs = /#EXT-X-STREAM-INF:[^\n]*CODECS="([^"]+)"/.exec(master)?.[1];
    assert.ok(codecs, master);
    const [avc, aac] = codecs.split(",");
    assert.equal(avc, expected, `CODECS ${codecs}; the init segment holds ${expected}`);
    assert.equal(aac, "mp4a.40.2");
    assert.match(master, /^#EXT-X-IMAGE-STREAM-INF:BANDWIDTH=\d+,RESOLUTION=160x90,CODECS="jpeg",URI="live_trick\.m3u8"$/m);
  });

  it("lists a JPEG of the described size per segment in the image playlist", async () => {
    const images = await until("3 images listed", () => {
      const text = (() => {
        try {
          return readFileSync(`${work}/live_trick.m3u8`, "utf8");
        } catch {
          return "";
        }
      })();
      return listed(text, IMAGE).length >= 3 ? text : undefined;
    }, 30_000);
    assert.match(images, /^#EXT-X-IMAGES-ONLY$/m);
    assert.match(images, new RegExp(`^#EXT-X-TILES:RESOLUTION=160x90,LAYOUT=1x1,DURATION=${SEGMENT_S}\\.000$`, "m"));
    const names = listed(images, IMAGE);
    const numbers = names.map((name) => Number(/(\d{5})\.jpg$/.exec(name)![1]));
    assert.deepEqual(numbers, numbers.map((_, i) => numbers[0]! + i), "consecutive image numbers");
    for (const name of names.slice(0, 2)) {
      assert.deepEqual(probeFile(`${work}/${name}`, { countFrames: true }).streams.map((s) => [s.codec_name, s.width, s.height]), [["mjpeg", 160, 90]]);
    }
    // BANDWIDTH is a peak: no image needs more bits per segment than the master playlist says.
    const bandwidth = Number(/#EXT-X-IMAGE-STREAM-INF:BANDWIDTH=(\d+)/.exec(readFileSync(`${work}/live.m3u8`, "utf8"))?.[1]);
    const peakBps = Math.max(...names.map((name) => (statSync(`${work}/${name}`).size * 8) / SEGMENT_S));
    console.log(`trick-play images: peak ${Math.round(peakBps)} b/s, BANDWIDTH ${bandwidth}`);
    assert.ok(peakBps <= bandwidth, `an image of ${Math.round(peakBps)} b/s over BANDWIDTH ${bandwidth}`);
  });

  it("plays in Chromium with hls.js from openlive's origin", async () => {
    const report = await player.play(originUrlOf(openlive, work, "live.m3u8"), { watchMs: 6_000, untilPlayedSeconds: 4 });
    assert.deepEqual(report.fatalErrors, [], JSON.stringify(report));
    assert.ok(report.playedSeconds >= 3, `played ${report.playedSeconds} s: ${JSON.stringify(report)}`);
    assert.deepEqual([report.videoWidth, report.videoHeight], [320, 180]);
    // The one level is the fMP4 variant (hls.js skips the image stream).
    assert.deepEqual(report.levels.map((level) => path.posix.basename(new URL(level.url).pathname)), ["live_720p.m3u8"]);
  });

  it("carries the schedule's ID3 as an AOM ID3 emsg at its picture, which hls.js reports, and the CMAF ingest ID3 track's emib", async () => {
    const immediate = { ImmediateModeScheduleActionStartSettings: {} };
    await client.send(
      new BatchUpdateScheduleCommand({
        ChannelId: channelId,
        Creates: {
          ScheduleActions: [
            { ActionName: "id3-hls", ScheduleActionStartSettings: immediate, ScheduleActionSettings: { HlsTimedMetadataSettings: { Id3: Buffer.from(HLS_TAG).toString("base64") } } },
            { ActionName: "id3-cmaf", ScheduleActionStartSettings: immediate, ScheduleActionSettings: { TimedMetadataSettings: { Id3: Buffer.from(CMAF_TAG).toString("base64") } } },
          ],
        },
      }),
    );
    const segmentNames = (): string[] => readdirSync(work).filter((name) => SEGMENT.test(name)).sort();
    const tagged = await until("an fMP4 segment with the action's emsg", () => {
      for (const name of segmentNames()) {
        const bytes = readFileSync(path.join(work, name));
        const message = id3Emsgs(bytes).find((each) => Buffer.from(each.messageData).equals(Buffer.from(HLS_TAG)));
        if (message) return { name, bytes, message };
      }
      return undefined;
    }, 20_000);

    // hls.js from openlive's origin, at once: the tagged segment is among the newest it loads.
    const report = await player.play(originUrlOf(openlive, work, "live.m3u8"), { watchMs: 8_000, untilPlayedSeconds: 5 });

    const { message } = tagged;
    assert.equal(message.version, 1);
    assert.equal(message.value, "");
    assert.equal(message.eventDuration, EMSG_UNKNOWN_DURATION);
    assert.equal(frameText(message.messageData), "TIT2:openlive fMP4 ID3");
    const timescale = mp4Tracks(readFileSync(`${work}/live_720p_init.mp4`)).find((track) => track.handler === "vide")!.timescale;
    assert.equal(message.timescale, timescale, "in the video track's timescale");
    const pictures = taggedPictures(tagged.bytes, HLS_TAG);
    // The encoder may show the marked picture more than once (its fps filter filling a slot): the tag goes with its first showing.
    assert.ok(pictures.times.length >= 1, `${tagged.name}: a picture marked with the tag`);
    assert.equal(message.presentationTime, Math.min(...pictures.times), `${tagged.name}: the emsg at the presentation time of the picture marked with the tag`);
    const all = segmentNames().map((name) => readFileSync(path.join(work, name)));
    assert.equal(all.reduce((sum, bytes) => sum + taggedPictures(bytes, new Uint8Array(0)).liveMarks, 0), 0, "no segment keeps a live ID3 mark");
    const emsgTexts = all.flatMap((bytes) => id3Emsgs(bytes).map((each) => frameText(each.messageData)));
    assert.equal(emsgTexts.filter((text) => text === "TIT2:openlive fMP4 ID3").length, 1, "one emsg for the tag, whatever the encoder repeated");
    assert.ok(!emsgTexts.includes("TIT2:openlive CMAF ID3"), "the CMAF Ingest action's tag is not in the HLS segments");
    assert.ok(emsgTexts.some((text) => /^PRIV:com\.elementaltechnologies\.timestamp\.utc:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/.test(text)), `the group's PRIV timestamps as emsg too: ${emsgTexts.join(" | ")}`);

    assert.deepEqual(report.fatalErrors, [], JSON.stringify(report));
    const sample = report.id3Samples.find((each) => each.frames.includes("TIT2:openlive fMP4 ID3"));
    assert.ok(sample, `hls.js parsed the tag: ${JSON.stringify(report.id3Samples)}`);
    assert.equal(sample.type, EmsgSchemes.ID3, "from the emsg");
    // hls.js's media timeline starts at the first fragment's time (initPTS): the tag's time is the emsg's, on it.
    assert.ok(report.initPtsSeconds !== undefined, "hls.js found the initial PTS");
    const onTimeline = message.presentationTime / timescale - report.initPtsSeconds;
    assert.ok(Math.abs(sample.pts - onTimeline) < 0.001, `hls.js puts it at the emsg's time: ${sample.pts} s, the emsg ${onTimeline} s`);
    // The cues of hls.js's ID3 track: the PRIV timestamps' (hls.js drops the cues of a buffer range it flushes, so the
    // cue of one tag may be gone by the time the page reads the track; the timestamps come every 2 s).
    const metadataCues = report.textTracks.filter((track) => track.kind === "metadata").flatMap((track) => track.cues);
    assert.ok(metadataCues.some((cue) => /^PRIV:com\.elementaltechnologies\.timestamp\.utc:\d{4}-\d\d-\d\dT/.test(cue)), `ID3 cues on hls.js's metadata track: ${JSON.stringify(report.textTracks)}`);

    // CMAF ingest: Streams(id3.cmfm) — its init segment first, then segments; the emib of the CMAF action's tag at its picture.
    const cmaf = await until("the CMAF ID3 track's emib of the tag", () => {
      const [init, ...segments] = cmafStreams.get("id3.cmfm") ?? [];
      const event = segments.flatMap((segment) => readEventTrackSegment(segment).flatMap((each) => each.events)).find((each) => Buffer.from(each.messageData).equals(Buffer.from(CMAF_TAG)));
      return init && event ? { init, segments, event } : undefined;
    }, 20_000).catch((error: Error) => {
      throw new Error(`${error.message}; streams: ${[...cmafStreams].map(([name, posts]) => `${name} ×${posts.length}`).join(", ")}`);
    });
    const [videoInit, ...videoSegments] = cmafStreams.get("video.cmfv")!;
    const videoTimescale = mp4Tracks(videoInit!).find((track) => track.handler === "vide")!.timescale;
    assert.deepEqual(mp4Tracks(cmaf.init).map((track) => [track.handler, track.sampleEntry, track.timescale]), [["meta", "evte", videoTimescale]], "the first POST of id3.cmfm is its init segment, a meta track in the video's timescale");
    assert.equal(cmaf.event.schemeIdUri, EmsgSchemes.ID3);
    assert.equal(cmaf.event.eventDuration, EMSG_UNKNOWN_DURATION);
    assert.equal(frameText(cmaf.event.messageData), "TIT2:openlive CMAF ID3");
    const cmafPictures = videoSegments.flatMap((segment) => taggedPictures(segment, CMAF_TAG).times);
    assert.ok(cmafPictures.length >= 1, "a video picture marked with the tag");
    assert.equal(cmaf.event.presentationTime, Math.min(...cmafPictures), "the emib at the presentation time of the video picture marked with the tag");
    const cmafTexts = cmaf.segments.flatMap((segment) => readEventTrackSegment(segment).flatMap((each) => each.events.map((event) => frameText(event.messageData))));
    assert.equal(cmafTexts.filter((text) => text === "TIT2:openlive CMAF ID3").length, 1, "one emib for the tag (no duration: not repeated)");
    assert.ok(!cmafTexts.includes("TIT2:openlive fMP4 ID3"), "the HLS action's tag is not on the CMAF track");
  });
});
