// CMAF ingest and Microsoft Smooth groups beside an HLS group, on one shared encode, to HTTP
// receivers this test starts on loopback (docs/outputs.md). The CMAF receiver refuses (503)
// for its first seconds, as a packager that is not up yet: the group's output alert is SET,
// the channel's other outputs go on, and once the receiver accepts, the senders resend each
// track's header and the queued segments and the alert is CLEARED. The Smooth publishing
// point answers 500 to its first POSTs: the Smooth group's alert is SET, the sender retries
// per the group's connectionRetryInterval, numRetries and restartDelay (the attempts' times
// show them), and the alert is CLEARED once a POST is taken. What the CMAF receiver got per
// track (header + segments) concatenates to a file ffprobe decodes; the Smooth receiver's
// accepted POST body is a Smooth live feed (stream manifest box, isml brand) ffprobe decodes too.

import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { CreateChannelCommand, CreateInputCommand, CreateInputSecurityGroupCommand, ListAlertsCommand, StartChannelCommand } from "@aws-sdk/client-medialive";
import { fileUrls, smallChannel } from "../../helpers/channel-fixtures.ts";
import { stopChannelAndWait, waitForChannelRunning } from "../../helpers/channel-lifecycle.ts";
import { makeTempDir, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { boxTypes, probeFile } from "../../helpers/probe-files.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";

const REFUSE_FIRST_MS = 4000;
/** The Smooth group's retry settings: two retries 1 s apart, then 3 s before the next round. */
const SMOOTH_RETRY = { ConnectionRetryInterval: 1, NumRetries: 2, RestartDelay: 3 } as const;
const AUTHORIZATION = `Basic ${Buffer.from("encoder:s3cret").toString("base64")}`;

interface Received {
  readonly path: string;
  readonly status: number;
  readonly body: Buffer;
}



describe("CMAF ingest and Microsoft Smooth groups", { timeout: 240_000 }, () => {
  let openlive: OpenliveProcess | undefined;
  const servers: Server[] = [];
  after(async () => {
    await openlive?.stop();
    for (const server of servers) await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function listen(server: Server): Promise<number> {
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    return (server.address() as { port: number }).port;
  }

  it("POSTs each CMAF track (header, then segments) and a Smooth feed; a refusing CMAF receiver and a refusing Smooth publishing point each raise their group's alert, cleared when they accept", async () => {
    // The CMAF ingest receiver: every POST recorded; 503 until REFUSE_FIRST_MS after the first one.
    const cmaf: Received[] = [];
    let firstPostMs: number | undefined;
    let unauthorized = 0;
    const cmafPort = await listen(
      createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on("data", (chunk: Buffer) => chunks.push(chunk));
        request.on("end", () => {
          firstPostMs ??= Date.now();
          if (request.headers.authorization !== AUTHORIZATION) unauthorized += 1;
          const status = request.method !== "POST" ? 405 : Date.now() - firstPostMs < REFUSE_FIRST_MS ? 503 : 200;
          cmaf.push({ path: decodeURIComponent(request.url ?? ""), status, body: Buffer.concat(chunks) });
          response.writeHead(status).end();
        });
      }),
    );
    // The Smooth publishing point: one long chunked POST per stream, kept as it arrives; an
    // error answer (500, at once) to every POST of the first REFUSE_FIRST_MS.
    const smooth = new Map<string, Buffer[]>();
    const smoothAttempts: { readonly atMs: number; readonly refused: boolean }[] = [];
    const smoothPort = await listen(
      createServer((request, response) => {
        const atMs = Date.now();
        const refused = atMs - (smoothAttempts[0]?.atMs ?? atMs) < REFUSE_FIRST_MS;
        smoothAttempts.push({ atMs, refused });
        if (refused) {
          request.resume();
          response.writeHead(500, { connection: "close" }).end();
          return;
        }
        const chunks: Buffer[] = [];
        smooth.set(`${request.method} ${decodeURIComponent(request.url ?? "")}`, chunks);
        request.on("data", (chunk: Buffer) => chunks.push(chunk));
        request.on("end", () => response.writeHead(200).end());
      }),
    );

    const dataDir = makeTempDir();
    writeFileSync(path.join(dataDir, "secrets.json"), JSON.stringify({ "/openlive/ingest": "s3cret" }));
    openlive = await startOpenlive({ dataDir, ownPushPorts: true });
    const client = sdkClient(openlive);
    const isg = await client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: "127.0.0.1/32" }] }));
    const input = await client.send(new CreateInputCommand({ Name: "silent", Type: "RTP_PUSH", InputSecurityGroups: [isg.SecurityGroup!.Id!] }));
    const hlsUrl = fileUrls("fmp4-push")();
    const channel = smallChannel(input.Input!.Id!, hlsUrl, { segmentLengthS: 2 });
    channel.Destinations.push(
      { Id: "cmaf-dest", Settings: [{ Url: `http://127.0.0.1:${cmafPort}/in/v1/group/1/channel/`, Username: "encoder", PasswordParam: "/openlive/ingest" }] },
      { Id: "smooth-dest", Settings: [{ Url: `http://127.0.0.1:${smoothPort}/live/channel.isml` }] },
    );
    channel.EncoderSettings.OutputGroups.push(
      {
        Name: "cmaf",
        OutputGroupSettings: { CmafIngestGroupSettings: { Destination: { DestinationRefId: "cmaf-dest" }, SegmentLength: 1, SegmentLengthUnits: "SECONDS" } },
        Outputs: [
          { OutputName: "video", VideoDescriptionName: "v720", AudioDescriptionNames: [], OutputSettings: { CmafIngestOutputSettings: { NameModifier: "video" } } },
          { OutputName: "audio", AudioDescriptionNames: ["a_aac"], OutputSettings: { CmafIngestOutputSettings: { NameModifier: "aac" } } },
        ],
      },
      {
        Name: "smooth",
        OutputGroupSettings: { MsSmoothGroupSettings: { Destination: { DestinationRefId: "smooth-dest" }, FragmentLength: 1, EventIdMode: "USE_CONFIGURED", EventId: "e2e", ...SMOOTH_RETRY } },
        Outputs: [{ OutputName: "main", VideoDescriptionName: "v720", AudioDescriptionNames: ["a_aac"], OutputSettings: { MsSmoothOutputSettings: { NameModifier: "_main" } } }],
      },
    );
    const channelId = (await client.send(new CreateChannelCommand(channel as never))).Channel!.Id!;

    // Nothing pushes: the channel publishes input-loss fill (black, silence), enough to see every output.
    await client.send(new StartChannelCommand({ ChannelId: channelId }));
    await waitForChannelRunning(client, channelId);
    const refusedAlert = async (state: "SET" | "CLEARED", group = "cmaf") =>
      ((await client.send(new ListAlertsCommand({ ChannelId: channelId, StateFilter: state }))).Alerts ?? []).find((alert) => alert.AlertType === "Output Destination Refused" && alert.Message?.includes(`output group "${group}"`));
    const set = await until("the CMAF group's alert SET", () => refusedAlert("SET"), 30_000);
    assert.match(set.Message ?? "", /answered HTTP 503/);
    const smoothSet = await until("the Smooth group's alert SET", () => refusedAlert("SET", "smooth"), 30_000);
    assert.match(smoothSet.Message ?? "", /Streams\(channel_main\): answered HTTP 500/);
    const cleared = await until("the CMAF group's alert CLEARED", () => refusedAlert("CLEARED"), 30_000);
    assert.ok(cleared, "cleared once the receiver accepts");
    await until("the Smooth group's alert CLEARED", () => refusedAlert("CLEARED", "smooth"), 30_000);

    const accepted = (stream: string) => cmaf.filter((post) => post.status === 200 && post.path === `/in/v1/group/1/channel/Streams(${stream})`).map((post) => post.body);
    await until("three accepted segments per track", () => (accepted("video.cmfv").length >= 4 && accepted("aac.cmfa").length >= 4 ? true : undefined), 30_000);
    const smoothKey = "POST /live/channel.isml/Events(e2e)/Streams(channel_main)";
    await until("a Smooth feed with fragments", () => (boxTypes(Buffer.concat(smooth.get(smoothKey) ?? [])).filter((type) => type === "moof").length >= 4 ? true : undefined), 30_000).catch((error: Error) => {
      throw new Error(`${error.message}; requests: ${[...smooth.keys()].join(", ")}`);
    });

    const outDir = makeTempDir("fmp4-push-");
    try {
      assert.ok(cmaf.some((post) => post.status === 503), "the receiver refused first");
      // The Smooth sender's attempts: the first and its numRetries (2) retries 1 s apart, all
      // refused, then restartDelay (3 s) before the next round, whose first POST is taken.
      const refusedAt = smoothAttempts.filter((attempt) => attempt.refused).map((attempt) => attempt.atMs);
      const takenAt = smoothAttempts.find((attempt) => !attempt.refused)?.atMs;
      assert.equal(refusedAt.length, 1 + SMOOTH_RETRY.NumRetries, JSON.stringify(smoothAttempts));
      assert.ok(takenAt !== undefined, "a later POST was taken");
      const gapsMs = [...refusedAt.slice(1), takenAt].map((atMs, index) => atMs - refusedAt[index]!);
      for (const gapMs of gapsMs.slice(0, -1)) assert.ok(gapMs >= 900 && gapMs < 2_000, `connectionRetryInterval 1 s between retries: ${gapsMs.join(", ")} ms`);
      assert.ok(gapsMs.at(-1)! >= 2_900 && gapsMs.at(-1)! < 4_500, `restartDelay 3 s after numRetries: ${gapsMs.join(", ")} ms`);
      assert.equal(unauthorized, 0, "every POST carried the destination's credentials");
      for (const [stream, codec] of [
        ["video.cmfv", "h264"],
        ["aac.cmfa", "aac"],
      ] as const) {
        const bodies = accepted(stream);
        assert.deepEqual(boxTypes(bodies[0]!).slice(0, 2), ["ftyp", "moov"], `${stream}: the header comes first`);
        for (const segment of bodies.slice(1)) assert.ok(boxTypes(segment).includes("moof") && boxTypes(segment).at(-1) === "mdat", `${stream}: each segment is one fragment`);
        const file = path.join(outDir, stream.replace(".", "-") + ".mp4");
        writeFileSync(file, Buffer.concat(bodies));
        const probed = probeFile(file);
        assert.equal(probed.streams.length, 1, `${stream}: one track per stream`);
        assert.equal(probed.streams[0]!.codec_name, codec);
        if (codec === "h264") assert.deepEqual([probed.streams[0]!.width, probed.streams[0]!.height], [320, 180]);
      }

      const feed = Buffer.concat(smooth.get(smoothKey)!);
      const types = boxTypes(feed);
      assert.deepEqual(types.slice(0, 3), ["uuid", "ftyp", "moov"], "the Smooth live header: stream manifest, ftyp, moov");
      assert.equal(feed.toString("latin1", feed.readUInt32BE(0) + 8, feed.readUInt32BE(0) + 12), "isml", "an isml (Smooth live) feed");
      const file = path.join(outDir, "smooth.ismv");
      writeFileSync(file, feed);
      const probed = probeFile(file);
      assert.deepEqual(probed.streams.map((stream) => stream.codec_name).sort(), ["aac", "h264"]);
      assert.deepEqual([probed.streams.find((stream) => stream.codec_name === "h264")!.width, probed.streams.find((stream) => stream.codec_name === "h264")!.height], [320, 180]);

      // The HLS group went on through all of it.
      const hlsFolder = path.dirname(new URL(hlsUrl).pathname);
      assert.ok(readdirSync(hlsFolder).filter((name) => name.endsWith(".ts")).length >= 2, `HLS segments in ${hlsFolder}`);
    } finally {
      await stopChannelAndWait(client, channelId);
    }
  });
});
