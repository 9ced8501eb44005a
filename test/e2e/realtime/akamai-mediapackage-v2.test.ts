// An HLS group to an Akamai ingest (hlsAkamaiSettings, httpTransferMode CHUNKED) and a
// MediaPackage v2 group whose channel the targets configuration (--mediapackage-targets) maps
// to a CMAF ingest URL, on one shared encode, to HTTP receivers this test starts on loopback
// (docs/outputs.md). The Akamai receiver records every PUT's transfer coding: playlists and
// segments arrive chunked, with no Content-Length. The CMAF receiver refuses (503) for its
// first seconds: the MediaPackage group's output alert is SET, then CLEARED once it accepts,
// and what it got per track (header + segments) concatenates to a file ffprobe decodes.

import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { CreateChannelCommand, CreateInputCommand, CreateInputSecurityGroupCommand, ListAlertsCommand, StartChannelCommand, waitUntilChannelRunning } from "@aws-sdk/client-medialive";
import { smallChannel } from "../../helpers/channel-fixtures.ts";
import { stopChannelAndWait } from "../../helpers/channel-lifecycle.ts";
import { makeTempDir, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { boxTypes, probeFile } from "../../helpers/probe-files.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";

const REFUSE_FIRST_MS = 4000;
const AUTHORIZATION = `Basic ${Buffer.from("encoder:s3cret").toString("base64")}`;

interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly status: number;
  readonly body: Buffer;
}



describe("an Akamai HLS group and a MediaPackage v2 group sent by CMAF ingest", { timeout: 240_000 }, () => {
  let openlive: OpenliveProcess | undefined;
  const servers: Server[] = [];
  after(async () => {
    await openlive?.stop();
    for (const server of servers) await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** A receiver recording every request; `status` answers it. */
  async function receiver(received: Received[], status: (request: Omit<Received, "status">) => number): Promise<number> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const seen = { method: request.method ?? "", path: decodeURIComponent(request.url ?? ""), headers: request.headers, body: Buffer.concat(chunks) };
        const answer = status(seen);
        received.push({ ...seen, status: answer });
        response.writeHead(answer).end();
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    return (server.address() as { port: number }).port;
  }

  it("PUTs the HLS chunked to the Akamai ingest; POSTs each CMAF track to the MediaPackage v2 ingest, its alert SET while refused and CLEARED after", async () => {
    const akamai: Received[] = [];
    const akamaiPort = await receiver(akamai, () => 201);
    const cmaf: Received[] = [];
    let firstPostMs: number | undefined;
    const cmafPort = await receiver(cmaf, (request) => {
      firstPostMs ??= Date.now();
      return request.method !== "POST" || request.headers.authorization !== AUTHORIZATION ? 403 : Date.now() - firstPostMs < REFUSE_FIRST_MS ? 503 : 200;
    });

    const dataDir = makeTempDir();
    writeFileSync(path.join(dataDir, "secrets.json"), JSON.stringify({ "/openlive/ingest": "s3cret" }));
    const targetsFile = path.join(dataDir, "mediapackage-targets.json");
    const ingestPath = "/in/v1/e2e-group/1/e2e-channel/index";
    writeFileSync(targetsFile, JSON.stringify({ channels: { "e2e-group/e2e-channel": { settings: [{ url: `http://127.0.0.1:${cmafPort}${ingestPath}`, username: "encoder", passwordParam: "/openlive/ingest" }] } } }));
    openlive = await startOpenlive({ dataDir, ownPushPorts: true, extraArgs: ["--mediapackage-targets", targetsFile] });
    const client = sdkClient(openlive);
    const isg = await client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: "127.0.0.1/32" }] }));
    const input = await client.send(new CreateInputCommand({ Name: "silent", Type: "RTP_PUSH", InputSecurityGroups: [isg.SecurityGroup!.Id!] }));
    const channel = smallChannel(input.Input!.Id!, { Url: `http://127.0.0.1:${akamaiPort}/50002/curling/index`, Username: "encoder", PasswordParam: "/openlive/ingest" }, { segmentLengthS: 2 });
    channel.EncoderSettings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings.HlsCdnSettings = { HlsAkamaiSettings: { HttpTransferMode: "CHUNKED", ConnectionRetryInterval: 1, NumRetries: 3 } };
    channel.Destinations.push({ Id: "mp-dest", MediaPackageSettings: [{ ChannelGroup: "e2e-group", ChannelName: "e2e-channel" }] });
    channel.EncoderSettings.OutputGroups.push({
      Name: "mp",
      OutputGroupSettings: { MediaPackageGroupSettings: { Destination: { DestinationRefId: "mp-dest" }, MediapackageV2GroupSettings: { SegmentLength: 1, SegmentLengthUnits: "SECONDS" } } },
      Outputs: [
        { OutputName: "video", VideoDescriptionName: "v720", OutputSettings: { MediaPackageOutputSettings: {} } },
        { OutputName: "audio", AudioDescriptionNames: ["a_aac"], OutputSettings: { MediaPackageOutputSettings: {} } },
      ],
    });
    const channelId = (await client.send(new CreateChannelCommand(channel as never))).Channel!.Id!;

    // Nothing pushes: the channel publishes input-loss fill (black, silence), enough to see every output.
    await client.send(new StartChannelCommand({ ChannelId: channelId }));
    await waitUntilChannelRunning({ client, maxWaitTime: 60, minDelay: 0.2, maxDelay: 0.2 }, { ChannelId: channelId });
    try {
      const refusedAlert = async (state: "SET" | "CLEARED") =>
        ((await client.send(new ListAlertsCommand({ ChannelId: channelId, StateFilter: state }))).Alerts ?? []).find((alert) => alert.AlertType === "Output Destination Refused" && /output group "mp"/.test(alert.Message ?? ""));
      const set = await until("the MediaPackage group's alert SET", () => refusedAlert("SET"), 30_000);
      assert.match(set.Message ?? "", /answered HTTP 503/);
      await until("the MediaPackage group's alert CLEARED", () => refusedAlert("CLEARED"), 30_000);

      const accepted = (stream: string) => cmaf.filter((post) => post.status === 200 && post.path === `${ingestPath}/Streams(${stream})`).map((post) => post.body);
      await until("three accepted segments per track", () => (accepted("video.cmfv").length >= 4 && accepted("audio.cmfa").length >= 4 ? true : undefined), 30_000);
      const puts = () => akamai.filter((request) => request.method === "PUT");
      await until("the Akamai ingest's master playlist, media playlist and two segments", () => {
        const names = new Set(puts().map((put) => put.path));
        return names.has("/50002/curling/index.m3u8") && names.has("/50002/curling/index_720p.m3u8") && names.has("/50002/curling/index_720p_00002.ts") ? true : undefined;
      }, 30_000);

      assert.ok(cmaf.some((post) => post.status === 503), "the CMAF receiver refused first");
      assert.ok(cmaf.every((post) => post.status !== 403), "every POST carried the target's credentials");
      assert.equal(cmaf.filter((post) => post.path.includes("/origin/")).length, 0);
      const outDir = makeTempDir("akamai-mpv2-");
      for (const [stream, codec] of [
        ["video.cmfv", "h264"],
        ["audio.cmfa", "aac"],
      ] as const) {
        const bodies = accepted(stream);
        assert.deepEqual(boxTypes(bodies[0]!).slice(0, 2), ["ftyp", "moov"], `${stream}: the header comes first`);
        const file = path.join(outDir, stream.replace(".", "-") + ".mp4");
        writeFileSync(file, Buffer.concat(bodies));
        const probed = probeFile(file);
        assert.equal(probed.streams.length, 1, `${stream}: one track per stream`);
        assert.equal(probed.streams[0]!.codec_name, codec);
        if (codec === "h264") assert.deepEqual([probed.streams[0]!.width, probed.streams[0]!.height], [320, 180]);
      }

      for (const put of puts()) {
        assert.equal(put.headers["transfer-encoding"], "chunked", `${put.path}: chunked`);
        assert.equal(put.headers["content-length"], undefined, `${put.path}: no Content-Length`);
        assert.equal(put.headers.authorization, AUTHORIZATION, `${put.path}: the destination's credentials`);
      }
      const segment = puts().find((put) => put.path === "/50002/curling/index_720p_00002.ts")!;
      const file = path.join(outDir, "akamai-segment.ts");
      writeFileSync(file, segment.body);
      assert.deepEqual(probeFile(file).streams.map((stream) => stream.codec_name).sort(), ["aac", "h264"]);
      const media = puts().filter((put) => put.path === "/50002/curling/index_720p.m3u8").at(-1)!.body.toString("utf8");
      assert.match(media, /^index_720p_00001\.ts$/m);
    } finally {
      await stopChannelAndWait(client, channelId);
    }
  });
});
