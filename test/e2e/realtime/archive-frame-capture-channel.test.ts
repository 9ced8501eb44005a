// Archive and frame capture on a real channel, beside HLS, all from one encode: an RTP push
// feeds a channel with an HLS group, an archive group rolling over every 2 s and a frame
// capture group taking a 160x90 JPEG every second, each to a file:// folder. The files carry
// MediaLive's names (<base><nameModifier>.000000.m2ts …, <base><nameModifier>.00000.jpg …),
// the archive files are whole 188-byte MPEG-TS files of about 2 s that ffprobe decodes, and
// the captures are JPEGs of the description's size, one per second.

import assert from "node:assert/strict";
import { spawnSync, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { CreateInputCommand, type MediaLiveClient } from "@aws-sdk/client-medialive";
import { smallChannel } from "../../helpers/channel-fixtures.ts";
import { createChannelId, createIsgId, startChannelAndWait, stopChannelAndWait } from "../../helpers/channel-lifecycle.ts";
import { spawnLiveEncoder } from "../../helpers/media-fixtures.ts";
import { makeOutputDir, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { probeFile } from "../../helpers/probe-files.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";

const ROLLOVER_S = 2;
/** The archive's CBR mux rate: well above the 300 kb/s video and 128 kb/s audio, so null packets fill it. */
const MUXRATE_BPS = 1_000_000;
const ARCHIVE_FILE = /^rec_main\.(\d{6})\.m2ts$/;
const CAPTURE_FILE = /^cap_thumb\.(\d{5})\.jpg$/;



const matching = (folder: string, pattern: RegExp): string[] => readdirSync(folder).filter((name) => pattern.test(name)).sort();

describe("archive and frame capture groups beside HLS, from one encode", { timeout: 150_000 }, () => {
  let openlive: OpenliveProcess;
  let client: MediaLiveClient;
  let channelId: string;
  let work: string;
  let upstream: ChildProcess | undefined;

  before(async () => {
    openlive = await startOpenlive({ ownPushPorts: true });
    client = sdkClient(openlive);
    const input = await client.send(new CreateInputCommand({ Name: "archive-source", Type: "RTP_PUSH", InputSecurityGroups: [await createIsgId(client)] }));
    work = makeOutputDir("openlive-archive-");
    const channel = smallChannel(input.Input!.Id!, `file://${work}/live`, { segmentLengthS: 2 });
    const encoder = channel.EncoderSettings;
    encoder.VideoDescriptions.push({ Name: "stills", Width: 160, Height: 90, CodecSettings: { FrameCaptureSettings: { CaptureInterval: 1, CaptureIntervalUnits: "SECONDS" } } });
    channel.Destinations.push({ Id: "archive-dest", Settings: [{ Url: `file://${work}/archive/rec` }] }, { Id: "stills-dest", Settings: [{ Url: `file://${work}/stills/cap` }] });
    encoder.OutputGroups.push(
      {
        Name: "archive",
        OutputGroupSettings: { ArchiveGroupSettings: { Destination: { DestinationRefId: "archive-dest" }, RolloverInterval: ROLLOVER_S } },
        Outputs: [
          {
            OutputName: "recording",
            VideoDescriptionName: "v720",
            AudioDescriptionNames: ["a_aac"],
            OutputSettings: { ArchiveOutputSettings: { NameModifier: "_main", ContainerSettings: { M2tsSettings: { ProgramNum: 7, RateMode: "CBR", Bitrate: MUXRATE_BPS } } } },
          },
        ],
      },
      {
        Name: "stills",
        OutputGroupSettings: { FrameCaptureGroupSettings: { Destination: { DestinationRefId: "stills-dest" } } },
        Outputs: [{ OutputName: "thumbs", VideoDescriptionName: "stills", OutputSettings: { FrameCaptureOutputSettings: { NameModifier: "_thumb" } } }],
      },
    );
    channelId = await createChannelId(client, channel);
    upstream = spawnLiveEncoder(["-f", "rtp_mpegts", input.Input!.Destinations![0]!.Url!]);
    await startChannelAndWait(client, channelId);
  });

  after(async () => {
    upstream?.kill("SIGKILL");
    await openlive?.stop();
  });

  it("rolls the archive over every rolloverInterval into MediaLive-named MPEG-TS files that decode", async () => {
    const files = await until("3 finished archive files", () => {
      const found = matching(`${work}/archive`, ARCHIVE_FILE);
      return found.length >= 3 ? found : undefined;
    }, 60_000);
    assert.deepEqual(files.slice(0, 3), ["rec_main.000000.m2ts", "rec_main.000001.m2ts", "rec_main.000002.m2ts"]);
    // Only finished files are published: nothing else in the folder (the open file stays in staging).
    assert.deepEqual(readdirSync(`${work}/archive`).filter((name) => !ARCHIVE_FILE.test(name)), []);
    const middle = `${work}/archive/${files[1]}`;
    const bytes = readFileSync(middle);
    assert.equal(bytes.length % 188, 0, "whole 188-byte TS packets (not 192-byte BDAV M2TS)");
    assert.equal(bytes[0], 0x47);
    const { streams, format } = probeFile(middle);
    assert.deepEqual(streams.map((s) => s.codec_name), ["h264", "aac"]);
    assert.equal(streams[0]!.width, 320);
    assert.equal(streams[0]!.height, 180);
    const durationS = Number(format.duration);
    assert.ok(Math.abs(durationS - ROLLOVER_S) <= 0.6, `archive file of ${durationS} s, rollover ${ROLLOVER_S} s`);
    // M2tsSettings reach the muxer: program 7, and a constant rate filled with null packets.
    const pids = spawnSync("ffprobe", ["-v", "error", "-show_entries", "program=program_num:stream=id", "-of", "json", middle], { encoding: "utf8" });
    const programs = (JSON.parse(pids.stdout) as { programs: { program_num: number; streams: { id: string }[] }[] }).programs;
    assert.equal(programs[0]!.program_num, 7);
    // The encodes are shared with HLS, whose output named them first: their PIDs (MediaLive's 481 and 492).
    assert.deepEqual(programs[0]!.streams.map((s) => s.id), ["0x1e1", "0x1ec"]);
    const rateBps = (bytes.length * 8) / durationS;
    console.log(`archive file ${files[1]}: ${durationS} s, ${bytes.length} bytes, ${Math.round(rateBps)} b/s (muxrate ${MUXRATE_BPS})`);
    assert.ok(Math.abs(rateBps - MUXRATE_BPS) / MUXRATE_BPS <= 0.1, `CBR file at ${Math.round(rateBps)} b/s, muxrate ${MUXRATE_BPS}`);
  });

  it("captures a JPEG of the description's size every captureInterval, named as MediaLive names them", async () => {
    const first = await until("3 captures", () => {
      const found = matching(`${work}/stills`, CAPTURE_FILE);
      return found.length >= 3 ? found : undefined;
    }, 40_000);
    assert.deepEqual(first.slice(0, 3), ["cap_thumb.00000.jpg", "cap_thumb.00001.jpg", "cap_thumb.00002.jpg"]);
    const { streams } = probeFile(`${work}/stills/${first[1]}`);
    assert.deepEqual(streams.map((s) => [s.codec_name, s.width, s.height]), [["mjpeg", 160, 90]]);
    const startMs = Date.now();
    const before = matching(`${work}/stills`, CAPTURE_FILE).length;
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const perSecond = ((matching(`${work}/stills`, CAPTURE_FILE).length - before) * 1000) / (Date.now() - startMs);
    assert.ok(perSecond >= 0.7 && perSecond <= 1.3, `${perSecond.toFixed(2)} captures per second, one per second configured`);
  });

  it("still publishes HLS from the same encode", () => {
    assert.ok(matching(work, /^live_720p_\d{5}\.ts$/).length >= 2);
  });

  it("publishes the last, open archive file when the channel stops", async () => {
    const beforeStop = matching(`${work}/archive`, ARCHIVE_FILE);
    await stopChannelAndWait(client, channelId);
    const afterStop = await until("the last archive file", () => {
      const found = matching(`${work}/archive`, ARCHIVE_FILE);
      return found.length > beforeStop.length ? found : undefined;
    }, 20_000);
    const numbers = afterStop.map((name) => Number(ARCHIVE_FILE.exec(name)![1]));
    assert.deepEqual(numbers, numbers.map((_, i) => i), "contiguous counters from 000000");
    assert.equal(probeFile(`${work}/archive/${afterStop[afterStop.length - 1]}`).streams[0]!.codec_name, "h264");
  });
});
