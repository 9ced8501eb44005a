// Three real MediaLive channel configurations of the corpus (../shared/corpus/channels/ beside
// the clone, or OPENLIVE_CORPUS_DIR; the test fails, never skips, without it), each with an
// output kind other than HLS, run for real against an ffmpeg upstream and read back by real
// receivers:
//   13-cfn-vpc-udp-rtp-proxy          UDP group, rtp:// with 2022-1 FEC: ffprobe decodes the RTP/MPEG-TS.
//   15-tf-acc-basic-archive-m2ts      archive group to two s3:// buckets (STANDARD): moto receives a
//                                     file from each pipeline, downloaded and ffprobed.
//   25-cdk-ott-mediapackage-720p25    MediaPackage group, 4 renditions: openlive's own origin serves
//                                     the master playlist, ffprobe reads every variant from it.
// Only what a user changes when bringing a channel from MediaLive is changed: the input ids (inputs
// the test creates, of the type each source attached) and the destination URLs (pointed at the
// test's receivers). Also, only so that CI's 2 cores keep up in real time, every video width and
// height is divided by 4 (rounded to even) and the video bitrates with it. The rest of each body is
// posted as written, through a raw signed request so that no SDK drops a member.

import assert from "node:assert/strict";
import { execFile, type ChildProcess } from "node:child_process";
import { createSocket, type Socket } from "node:dgram";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import { CreateInputCommand, type MediaLiveClient } from "@aws-sdk/client-medialive";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { createIsgId, startChannelAndWait, stopChannelAndWait } from "../../helpers/channel-lifecycle.ts";
import { loadCorpus, withInputIds, type CorpusChannel } from "../../helpers/corpus-channels.ts";
import { parseFecPacket, type FecPacket } from "../../helpers/fec-packet.ts";
import { freeUdpPort, liveHlsArgs, MediaFixtures, spawnLiveEncoder, type HttpOrigin } from "../../helpers/media-fixtures.ts";
import { makeTempDir, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { startS3Server, type S3Server } from "../../helpers/s3-server.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { rawRequest } from "../../helpers/signed-fetch.ts";
import { until } from "../../helpers/until.ts";

type Json = any;

const run = promisify(execFile);

/** CI's scale-down (see the header): sizes ÷ 4, even; video bitrates ÷ 4. */
const SCALE = 4;
const even = (value: number): number => 2 * Math.round(value / SCALE / 2);

function scaledDown(request: Json): Json {
  const body = structuredClone(request);
  for (const video of body.encoderSettings?.videoDescriptions ?? []) {
    if (typeof video.width === "number") video.width = even(video.width);
    if (typeof video.height === "number") video.height = even(video.height);
    const h264 = video.codecSettings?.h264Settings;
    for (const member of ["bitrate", "maxBitrate", "bufSize"]) if (h264 && typeof h264[member] === "number") h264[member] = Math.round(h264[member] / SCALE);
  }
  return body;
}

/** The leaf paths where `posted` differs from `written` (members added or removed included). */
function changedPaths(written: Json, posted: Json, at = ""): string[] {
  if (typeof written !== "object" || written === null || typeof posted !== "object" || posted === null) return JSON.stringify(written) === JSON.stringify(posted) ? [] : [at];
  const keys = [...new Set([...Object.keys(written), ...Object.keys(posted)])];
  return keys.flatMap((key) => changedPaths(written[key], posted[key], Array.isArray(written) ? `${at}[${key}]` : at ? `${at}.${key}` : key));
}

/** What the test changed is only the input ids, the destination URLs and the video sizes and bitrates. */
function assertOnlyUserChanges(written: Json, posted: Json): void {
  const allowed = /^(inputAttachments\[\d+\]\.inputId|destinations\[\d+\]\.settings\[\d+\]\.url|encoderSettings\.videoDescriptions\[\d+\]\.(width|height|codecSettings\.h264Settings\.(bitrate|maxBitrate|bufSize)))$/;
  const changed = changedPaths(written, posted);
  assert.deepEqual(changed.filter((where) => !allowed.test(where)), [], `changed: ${changed.join(", ")}`);
}

interface Stream {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
  nb_read_frames?: string;
}

/** ffprobe's streams of `target` (extra arguments first, e.g. a read interval). */
async function probe(target: string, extra: readonly string[] = [], entries = "stream=codec_type,codec_name,width,height"): Promise<Stream[]> {
  const { stdout } = await run("ffprobe", ["-v", "error", ...extra, "-show_entries", entries, "-of", "json", target], { timeout: 30_000 });
  return (JSON.parse(stdout) as { streams: Stream[] }).streams;
}

const videoOf = (streams: readonly Stream[]): Stream | undefined => streams.find((stream) => stream.codec_type === "video");
const audioOf = (streams: readonly Stream[]): Stream | undefined => streams.find((stream) => stream.codec_type === "audio");

/** testsrc2 + tone at 320x180, pushed live as RTP/MPEG-TS to every url (the tee muxer: one encode). */
function pushRtp(urls: readonly string[]): ChildProcess {
  return spawnLiveEncoder(["-map", "0:v", "-map", "1:a", "-f", "tee", urls.map((url) => `[f=rtp_mpegts]${url}`).join("|")]);
}

describe("real MediaLive configurations with non-HLS outputs, run for real", { timeout: 420_000 }, () => {
  let openlive: OpenliveProcess;
  let client: MediaLiveClient;
  let s3: S3Server;
  let media: MediaFixtures;
  let isg: string;
  let corpus: Map<string, CorpusChannel>;
  const upstreams: ChildProcess[] = [];
  const sockets: Socket[] = [];
  const running = new Set<string>();

  before(async () => {
    corpus = new Map(loadCorpus().map((channel) => [channel.file, channel]));
    media = new MediaFixtures("openlive-corpus-outputs-");
    s3 = await startS3Server();
    const dataDir = makeTempDir();
    // The buckets' store is openlive's configuration, not the channel's (as on AWS, the account).
    writeFileSync(path.join(dataDir, "s3.json"), JSON.stringify({ "*": { endpoint: s3.endpoint, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } }), { mode: 0o600 });
    openlive = await startOpenlive({ dataDir, ownPushPorts: true });
    client = sdkClient(openlive);
    isg = await createIsgId(client);
  });

  after(async () => {
    for (const channelId of running) await stopChannelAndWait(client, channelId).catch(() => undefined);
    for (const upstream of upstreams) upstream.kill("SIGKILL");
    for (const socket of sockets) socket.close();
    await openlive?.stop();
    await s3?.stop();
    await media?.close();
  });

  function configuration(file: string): CorpusChannel {
    const channel = corpus.get(file);
    assert.ok(channel, `${file} is in the corpus`);
    return channel;
  }

  /** Posts the body (input ids and destinations already changed) and starts the channel. */
  async function createAndStart(written: Json, body: Json): Promise<string> {
    assertOnlyUserChanges(written, body);
    const answer = await rawRequest(openlive, { method: "POST", path: "/prod/channels", body });
    assert.equal(answer.status, 201, answer.text);
    const channelId: string = answer.json.channel.id;
    running.add(channelId);
    await startChannelAndWait(client, channelId);
    return channelId;
  }

  /** Stops the channel, then its upstreams (so the next configuration runs with both cores to itself). */
  async function stop(channelId: string): Promise<void> {
    await stopChannelAndWait(client, channelId);
    running.delete(channelId);
    for (const upstream of upstreams.splice(0)) upstream.kill("SIGKILL");
  }

  it("13-cfn-vpc-udp-rtp-proxy: the rtp:// output decodes as H.264 and AAC at the configured size, with its FEC on ports + 2 and + 4", async (t) => {
    const started = Date.now();
    const channel = configuration("13-cfn-vpc-udp-rtp-proxy.json");
    assert.equal(channel.inputType, "RTP_PUSH");
    const input = (await client.send(new CreateInputCommand({ Name: "corpus-13", Type: "RTP_PUSH", InputSecurityGroups: [isg] }))).Input!;
    const body = scaledDown(withInputIds(channel.request, new Map([["INPUT_ID_1", input.Id!]])));
    // The receiver's port, with the FEC ports (+ 2 and + 4) beside it free as well.
    let port = await freeUdpPort();
    while (port > 65_000 || !(await portsFree([port + 2, port + 4]))) port = await freeUdpPort();
    const [destination] = body.destinations;
    assert.deepEqual(destination.settings, [{ url: "rtp://0.0.0.0:20010" }]);
    destination.settings[0].url = `rtp://127.0.0.1:${port}`;
    const video = body.encoderSettings.videoDescriptions[0];
    assert.deepEqual([video.width, video.height], [160, 90]);

    upstreams.push(pushRtp([input.Destinations![0]!.Url!]));
    const channelId = await createAndStart(channel.request, body);

    const column: FecPacket[] = [];
    const row: FecPacket[] = [];
    sockets.push(await listen(port + 2, column), await listen(port + 4, row));
    const streams = await probe(`rtp://127.0.0.1:${port}?timeout=10000000`, ["-read_intervals", "%+3", "-count_frames"], "stream=codec_type,codec_name,width,height,nb_read_frames");
    t.diagnostic(`rtp:// ${JSON.stringify(streams)}`);
    const h264 = videoOf(streams);
    const aac = audioOf(streams);
    assert.deepEqual([h264?.codec_name, h264?.width, h264?.height], ["h264", 160, 90]);
    assert.ok(Number(h264?.nb_read_frames ?? 0) > 10, `H.264 frames decoded: ${JSON.stringify(h264)}`);
    assert.equal(aac?.codec_name, "aac");
    assert.ok(Number(aac?.nb_read_frames ?? 0) > 10, `AAC frames decoded: ${JSON.stringify(aac)}`);
    // The configuration's matrix: columnDepth 10, rowLength 10. A column packet closes a matrix of 100
    // media packets, which takes a few seconds at this (scaled-down) rate of some 20 datagrams a second.
    await until(`FEC packets of both directions (${column.length} column, ${row.length} row so far)`, () => (column.length > 0 && row.length > 0 ? true : undefined), 20_000);
    for (const packet of column) assert.deepEqual([packet.direction, packet.offset, packet.na], ["column", 10, 10]);
    for (const packet of row) assert.deepEqual([packet.direction, packet.offset, packet.na], ["row", 1, 10]);
    t.diagnostic(`FEC: ${column.length} column, ${row.length} row packets`);

    await stop(channelId);
    t.diagnostic(`13: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  it("15-tf-acc-basic-archive-m2ts: each pipeline's archive file reaches its s3:// bucket and plays as H.264 and AAC", async (t) => {
    const started = Date.now();
    const channel = configuration("15-tf-acc-basic-archive-m2ts.json");
    assert.equal(channel.inputType, "RTP_PUSH", "UDP_PUSH becomes RTP_PUSH (the corpus README)");
    assert.equal(channel.pipelines, 2);
    const input = (await client.send(new CreateInputCommand({ Name: "corpus-15", Type: "RTP_PUSH", InputSecurityGroups: [isg] }))).Input!;
    const body = scaledDown(withInputIds(channel.request, new Map([["INPUT_ID_1", input.Id!]])));
    // The destinations keep their form and even their buckets: the test creates those buckets on moto.
    const urls: string[] = body.destinations[0].settings.map((setting: Json) => setting.url);
    assert.deepEqual(urls, ["s3://tf-acc-test-5913578291365849743-1/test1", "s3://tf-acc-test-5913578291365849743-2/test2"]);
    const targets = urls.map((url) => {
      const { host, pathname } = new URL(url);
      return { bucket: host, baseKey: pathname.slice(1) };
    });
    for (const { bucket } of targets) await s3.client.send(new CreateBucketCommand({ Bucket: bucket }));

    // No size in the video description: the output keeps the source's (the upstream's 320x180).
    upstreams.push(pushRtp(input.Destinations!.map((destination) => destination.Url!)));
    const channelId = await createAndStart(channel.request, body);
    // rolloverInterval is unset (300 s): stopping the channel closes the open file, which is then uploaded.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    await stop(channelId);

    for (const [pipeline, { bucket, baseKey }] of targets.entries()) {
      const keys = await until(`pipeline ${pipeline}'s archive file in ${bucket}`, async () => {
        const listed = ((await s3.client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((object) => object.Key!);
        return listed.length > 0 ? listed : undefined;
      }, 40_000);
      // MediaLive's name: <baseFilename><nameModifier>.<counter>.<extension>.
      assert.deepEqual(keys, [`${baseKey}_1.000000.m2ts`], `${bucket}: ${keys.join(", ")}`);
      const file = media.path(`archive-p${pipeline}.m2ts`);
      writeFileSync(file, Buffer.from(await (await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: keys[0]! }))).Body!.transformToByteArray()));
      const streams = await probe(file);
      const { stdout } = await run("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file]);
      t.diagnostic(`${bucket}/${keys[0]}: ${JSON.stringify(streams)}, ${Number(stdout).toFixed(1)} s`);
      const h264 = videoOf(streams);
      assert.deepEqual([h264?.codec_name, h264?.width, h264?.height], ["h264", 320, 180]);
      assert.equal(audioOf(streams)?.codec_name, "aac");
      assert.ok(Number(stdout) >= 3, `${keys[0]} holds the run (${stdout.trim()} s)`);
    }
    t.diagnostic(`15: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  it("25-cdk-ott-mediapackage-720p25: the origin serves the MediaPackage master playlist, every rendition at its size", async (t) => {
    const started = Date.now();
    const channel = configuration("25-cdk-ott-mediapackage-720p25.json");
    assert.equal(channel.inputType, "URL_PULL");
    assert.equal(channel.pipelines, 2);
    // The upstream: ffmpeg publishing live HLS, served over HTTP on loopback, one playlist per pipeline.
    const origin: HttpOrigin = await media.serveHttp();
    for (const pipeline of [0, 1]) upstreams.push(spawnLiveEncoder(liveHlsArgs(media.path("live", `p${pipeline}`))));
    const sources = [0, 1].map((pipeline) => ({ Url: `${origin.url}/live/p${pipeline}/index.m3u8` }));
    await until("the upstream playlists", async () => ((await Promise.all(sources.map(async ({ Url }) => (await fetch(Url)).ok))).every(Boolean) ? true : undefined), 20_000);
    const input = (await client.send(new CreateInputCommand({ Name: "corpus-25", Type: "URL_PULL", Sources: sources }))).Input!;
    const body = scaledDown(withInputIds(channel.request, new Map([["INPUT_ID_1", input.Id!]])));
    // No destination change: a MediaPackage channel id resolves to openlive's own origin.
    assert.deepEqual(body.destinations, [{ id: "media-destination", mediaPackageSettings: [{ channelId: "MP_CHANNEL_ID" }] }]);
    const sizes = new Map<string, [number, number]>(body.encoderSettings.videoDescriptions.map((video: Json) => [video.name, [video.width, video.height]]));
    assert.deepEqual([...sizes.values()], [[128, 72], [160, 90], [240, 136], [320, 180]]);

    const channelId = await createAndStart(channel.request, body);
    const base = `${openlive.originUrl}/origin/mediapackage/MP_CHANNEL_ID`;
    const outputs: Json[] = body.encoderSettings.outputGroups[0].outputs;
    // Every variant has a segment (the group's default 10 s segments): then the master lists them all.
    for (const prefix of ["", "pipeline1/"]) {
      for (const output of outputs) {
        await until(`${prefix}channel${output.outputName}.m3u8 with a segment`, async () => {
          const answer = await fetch(`${base}/${prefix}channel${output.outputName}.m3u8`);
          return answer.ok && /\.ts$/m.test(await answer.text()) ? true : undefined;
        }, 60_000);
      }
    }
    for (const prefix of ["", "pipeline1/"]) {
      const master = await fetch(`${base}/${prefix}channel.m3u8`);
      assert.equal(master.status, 200, `${prefix}channel.m3u8`);
      const text = await master.text();
      for (const output of outputs) {
        const [width, height] = sizes.get(output.videoDescriptionName)!;
        assert.match(text, new RegExp(`RESOLUTION=${width}x${height}[^\\n]*\\nchannel${output.outputName}\\.m3u8$`, "m"), `${prefix}channel.m3u8 lists ${output.outputName} at ${width}x${height}:\n${text}`);
      }
    }
    for (const output of outputs) {
      const streams = await probe(`${base}/channel${output.outputName}.m3u8`);
      t.diagnostic(`channel${output.outputName}.m3u8: ${JSON.stringify(streams)}`);
      const h264 = videoOf(streams);
      assert.deepEqual([h264?.codec_name, h264?.width, h264?.height], ["h264", ...sizes.get(output.videoDescriptionName)!], output.outputName);
      // Only the 1280x720 output names the audio description.
      assert.equal(audioOf(streams)?.codec_name, output.audioDescriptionNames ? "aac" : undefined, output.outputName);
    }
    await stop(channelId);
    t.diagnostic(`25: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
});

/** Whether nothing has bound these UDP ports on 127.0.0.1. */
async function portsFree(ports: readonly number[]): Promise<boolean> {
  for (const port of ports) {
    const socket = createSocket("udp4");
    const bound = await new Promise<boolean>((resolve) => {
      socket.once("error", () => resolve(false));
      socket.bind(port, "127.0.0.1", () => resolve(true));
    });
    await new Promise<void>((resolve) => (bound ? socket.close(() => resolve()) : resolve()));
    if (!bound) return false;
  }
  return true;
}

async function listen(port: number, packets: FecPacket[]): Promise<Socket> {
  const socket = createSocket("udp4");
  socket.on("message", (datagram) => packets.push(parseFecPacket(datagram)));
  await new Promise<void>((resolve) => socket.bind(port, "127.0.0.1", resolve));
  return socket;
}
