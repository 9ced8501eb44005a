// An http:// HLS destination (hlsCdnSettings.hlsBasicPutSettings): openlive PUTs the master
// playlist, the variant playlist and the segments to a real HTTP server, with basic auth
// from the secret store, retried per hlsBasicPutSettings when the server fails, and DELETEs
// segments older than keepSegments (docs/channels.md, Output destinations).

import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { CreateChannelCommand, CreateInputCommand, CreateInputSecurityGroupCommand, StartChannelCommand, StopChannelCommand, waitUntilChannelRunning, waitUntilChannelStopped } from "@aws-sdk/client-medialive";
import { smallChannel } from "../../helpers/channel-fixtures.ts";
import { makeTempDir, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";


describe("an http:// destination", { timeout: 180_000 }, () => {
  let openlive: OpenliveProcess | undefined;
  let server: Server | undefined;
  after(async () => {
    await openlive?.stop();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it("receives PUTs of playlists and segments with basic auth (retried after a 503), and DELETEs of expired segments", async () => {
    const stored = new Map<string, Buffer>();
    const log: string[] = [];
    const expectedAuthorization = `Basic ${Buffer.from("cdn:s3cret").toString("base64")}`;
    let refused = 0;
    const failedOnce = new Set<string>();
    // Playlists as PUT, each with the segments it listed that the server did not have yet.
    const playlistsMissing: string[] = [];
    // Like a real origin: no or wrong credentials → 401 with a Basic challenge, nothing stored.
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const name = new URL(request.url ?? "/", "http://x").pathname;
        if (request.headers.authorization !== expectedAuthorization) {
          refused += request.headers.authorization === undefined ? 0 : 1;
          response.writeHead(401, { "www-authenticate": 'Basic realm="cdn"' }).end();
          return;
        }
        // Every file's first upload fails (a flaky CDN): openlive must retry it.
        if (request.method === "PUT" && !failedOnce.has(name)) {
          failedOnce.add(name);
          response.writeHead(503).end();
          return;
        }
        log.push(`${request.method} ${name}`);
        if (name.endsWith(".m3u8") && request.method === "PUT") {
          const missing = Buffer.concat(chunks).toString("utf8").split("\n").filter((line) => line.endsWith(".ts") && !stored.has(`/live/${line}`));
          if (missing.length) playlistsMissing.push(`${name} listed ${missing.join(", ")} before they were PUT`);
        }
        if (request.method === "PUT" || request.method === "POST") stored.set(name, Buffer.concat(chunks));
        else if (request.method === "DELETE") stored.delete(name);
        response.writeHead(request.method === "GET" ? 404 : 201).end();
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", () => resolve()));
    const port = (server.address() as { port: number }).port;

    const dataDir = makeTempDir();
    writeFileSync(path.join(dataDir, "secrets.json"), JSON.stringify({ "/openlive/cdn": "s3cret" }));
    openlive = await startOpenlive({ dataDir, ownPushPorts: true });
    const client = sdkClient(openlive);
    const isg = await client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: "127.0.0.1/32" }] }));
    const input = await client.send(new CreateInputCommand({ Name: "silent", Type: "RTP_PUSH", InputSecurityGroups: [isg.SecurityGroup!.Id!] }));
    const channel = smallChannel(input.Input!.Id!, { Url: `http://127.0.0.1:${port}/live/index`, Username: "cdn", PasswordParam: "/openlive/cdn" });
    const group = channel.EncoderSettings.OutputGroups[0].OutputGroupSettings.HlsGroupSettings;
    Object.assign(group, { SegmentLength: 1, IndexNSegments: 3, KeepSegments: 4, HlsCdnSettings: { HlsBasicPutSettings: { NumRetries: 3, ConnectionRetryInterval: 1 } } });
    const channelId = (await client.send(new CreateChannelCommand(channel))).Channel!.Id!;

    // Nothing pushes: the channel publishes input-loss fill, which is enough to see the uploads.
    await client.send(new StartChannelCommand({ ChannelId: channelId }));
    await waitUntilChannelRunning({ client, maxWaitTime: 60, minDelay: 0.2, maxDelay: 0.2 }, { ChannelId: channelId });
    await until("an expired segment deleted", () => (log.some((line) => /^DELETE \/live\/index_720p_\d{5}\.ts$/.test(line)) ? true : undefined), 40_000).catch((error: Error) => {
      throw new Error(`${error.message}; authorized requests: ${log.slice(0, 12).join(", ")} … (${log.length})`);
    });

    assert.match(stored.get("/live/index.m3u8")?.toString() ?? "", /^index_720p\.m3u8$/m, "the master playlist was PUT");
    const variant = stored.get("/live/index_720p.m3u8")?.toString() ?? "";
    assert.match(variant, /#EXT-X-MEDIA-SEQUENCE:\d+/);
    const listed = variant.split("\n").filter((line) => line.endsWith(".ts"));
    assert.ok(listed.length >= 2 && listed.length <= 3, variant);
    for (const name of listed) assert.ok((stored.get(`/live/${name}`)?.length ?? 0) > 188, `${name} was uploaded`);
    assert.equal(refused, 0, "no request carried wrong credentials");
    assert.deepEqual(playlistsMissing, [], "segments go before the playlists that list them");

    await client.send(new StopChannelCommand({ ChannelId: channelId }));
    await waitUntilChannelStopped({ client, maxWaitTime: 60, minDelay: 0.2, maxDelay: 0.2 }, { ChannelId: channelId });
  });
});
