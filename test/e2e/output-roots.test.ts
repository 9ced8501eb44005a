// End-to-end: file:// destinations stay inside the output roots, and the origin serves what
// channels publish and nothing else (docs/security.md "Outputs and the origin"). A real
// ./openlive, the SDK as the API client, plain fetch() as an anonymous viewer. The attacks
// are those of the security review: a destination in /etc or in the data dir, `..` and
// percent-encoded traversal, symbolic links planted in a published folder or as the folder,
// folders another user can write, and origin URLs that try to leave the published names.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, chownSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import {
  BadRequestException,
  CreateChannelCommand,
  DescribeChannelCommand,
  ListAlertsCommand,
  StartChannelCommand,
  UnprocessableEntityException,
  UpdateChannelCommand,
  type MediaLiveClient,
} from "@aws-sdk/client-medialive";
import { makeOutputDir, makeTempDir, originUrlOf, startOpenlive, TEST_OUTPUT_ROOT, type OpenliveProcess } from "../helpers/openlive-process.ts";
import { sdkClient } from "../helpers/sdk.ts";
import { createChannel, createInput, createIsg, rejectsWith, show } from "../helpers/sdk-asserts.ts";
import { exampleChannelOn } from "../helpers/channel-fixtures.ts";
import { until } from "../helpers/until.ts";

const T = { timeout: 60_000 } as const;
type Json = any;

/** The README channel on `inputId`, publishing to `url`. */
function channelTo(inputId: string, url: string, name = "roots"): Json {
  return exampleChannelOn(inputId, [url], { name });
}

/** GET with the path sent exactly as written (fetch() would resolve dot segments first). */
function rawGet(baseUrl: string, rawPath: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: hostname, port, path: rawPath, method: "GET" }, (response) => {
      let body = "";
      response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk)).on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("error", reject).end();
  });
}

async function status(url: string, init?: RequestInit): Promise<number> {
  const response = await fetch(url, init);
  await response.arrayBuffer();
  return response.status;
}

describe("output roots and the origin", () => {
  let openlive: OpenliveProcess;
  let client: MediaLiveClient;
  let inputIds: string[] = [];
  const dataDir = makeTempDir("openlive-roots-data-");
  const out = makeOutputDir("roots-");
  const rootName = path.basename(TEST_OUTPUT_ROOT);

  before(async () => {
    openlive = await startOpenlive({ dataDir, ownPushPorts: true });
    client = sdkClient(openlive);
    const isg = await createIsg(client, ["127.0.0.1/32"]);
    inputIds = [];
    for (let i = 0; i < 6; i++) inputIds.push((await createInput(client, { Name: `roots-${i}`, Type: "RTP_PUSH", InputSecurityGroups: [isg.Id!] })).Id!);
  });
  after(async () => {
    await openlive?.stop();
    rmSync(out, { recursive: true, force: true });
  });

  it("refuses destinations outside the roots, in the data dir, through links or by traversal (422 naming the roots)", T, async () => {
    const planted = path.join(out, "planted");
    mkdirSync(planted);
    symlinkSync("/etc", path.join(planted, "etc"));
    const cases: [string, RegExp][] = [
      ["file:///etc/index", new RegExp(`must lie inside an output root \\(${TEST_OUTPUT_ROOT}\\).*--output-roots`)],
      [`file://${dataDir}/index`, /must lie inside an output root/],
      [`file://${dataDir}/output/index`, /must lie inside an output root/],
      [`file://${planted}/etc/index`, /is a symbolic link; folders below an output root must be real folders/],
      [`file://${out}/../../../etc/index`, /must not contain empty, "\." or "\.\." path segments/],
      [`file://${out}/%2e%2e/%2e%2e/%2e%2e/etc/index`, /must not encode "\/", "\\", NUL or dot segments/],
    ];
    for (const [url, message] of cases) {
      await assert.rejects(client.send(new CreateChannelCommand(channelTo(inputIds[0]!, url))), (error: unknown) => {
        assert.ok(error instanceof UnprocessableEntityException, `${url}: ${(error as Error).name}`);
        const errors = (error as UnprocessableEntityException).ValidationErrors ?? [];
        assert.equal(errors.length, 1, `${url}: ${show(errors)}`);
        assert.equal(errors[0]!.ElementPath, "destinations[0].settings[0].url");
        assert.match(errors[0]!.ErrorMessage ?? "", message, url);
        return true;
      });
    }
  });

  it("refuses a folder below the root that another user owns or can write", T, async () => {
    const foreign = path.join(out, "foreign");
    mkdirSync(foreign);
    chownSync(foreign, 65534, 65534);
    const open = path.join(out, "open");
    mkdirSync(open);
    chmodSync(open, 0o777);
    await rejectsWith(client.send(new CreateChannelCommand(channelTo(inputIds[0]!, `file://${foreign}/live/index`))), UnprocessableEntityException, 422, /belongs to uid 65534, not to the user openlive runs as/);
    await rejectsWith(client.send(new CreateChannelCommand(channelTo(inputIds[0]!, `file://${open}/live/index`))), UnprocessableEntityException, 422, /writable by its group or by others \(mode 777\)/);
  });

  it("serves exactly the published names, relative to the root, never through a link, the same 404 for everything else", T, async () => {
    const folder = path.join(out, "live");
    await createChannel(client, channelTo(inputIds[1]!, `file://${folder}/index`, "published"));
    mkdirSync(folder, { recursive: true });
    // What an output writes (an idle channel's folder is served as well: its last output stays playable).
    writeFileSync(path.join(folder, "index.m3u8"), "#EXTM3U\n");
    writeFileSync(path.join(folder, "index_720p.m3u8"), "#EXTM3U\n");
    writeFileSync(path.join(folder, "index_720p_00001.ts"), Buffer.alloc(188, 0x47));
    // What else may share the folder: never served.
    writeFileSync(path.join(folder, "notes.txt"), "private");
    writeFileSync(path.join(folder, "index_720p_00002.ts.tmp"), "half written");
    writeFileSync(path.join(folder, "index_720p_x.ts"), "not a segment name");
    symlinkSync("/etc/passwd", path.join(folder, "index_720p_00003.ts"));
    symlinkSync(path.join(dataDir, "credentials.json"), path.join(folder, "index_720p_00004.ts"));

    const master = await fetch(originUrlOf(openlive, folder, "index.m3u8"));
    assert.equal(master.status, 200);
    assert.equal(await master.text(), "#EXTM3U\n");
    assert.equal(master.headers.get("content-type"), "application/vnd.apple.mpegurl");
    assert.equal(master.headers.get("x-content-type-options"), "nosniff");
    assert.equal(master.headers.get("access-control-allow-origin"), "*");
    assert.equal(await status(originUrlOf(openlive, folder, "index_720p.m3u8")), 200);
    const segment = await fetch(originUrlOf(openlive, folder, "index_720p_00001.ts"));
    assert.equal(segment.status, 200);
    assert.equal(segment.headers.get("content-type"), "video/mp2t");
    assert.equal((await segment.arrayBuffer()).byteLength, 188);
    const head = await fetch(originUrlOf(openlive, folder, "index_720p_00001.ts"), { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get("content-length"), "188");

    const refused = [
      originUrlOf(openlive, folder, "notes.txt"),
      originUrlOf(openlive, folder, "index_720p_00002.ts.tmp"),
      originUrlOf(openlive, folder, "index_720p_x.ts"),
      originUrlOf(openlive, folder, "index_720p_00003.ts"), // a link to /etc/passwd
      originUrlOf(openlive, folder, "index_720p_00004.ts"), // a link to the credentials
      originUrlOf(openlive, folder, "index_720p_00009.ts"), // a published name not written yet
      `${openlive.originUrl}/${rootName}/${path.basename(out)}/live/`, // no listings
      `${openlive.originUrl}/${rootName}/`,
      `${openlive.originUrl}/`,
      `${openlive.originUrl}${folder}/index.m3u8`, // absolute filesystem paths are not URLs here
      `${openlive.originUrl}/etc/passwd`,
      `${openlive.url}/origin${folder}/index.m3u8`, // the API port serves no files
    ];
    for (const url of refused) {
      const response = await fetch(url);
      assert.equal(response.status, 404, url);
      const body = await response.text();
      if (url.startsWith(openlive.originUrl)) assert.equal(body, JSON.stringify({ message: "Not Found" }), `${url}: one answer for every refusal`);
      assert.doesNotMatch(body, /root:|secretAccessKey|private/, url);
    }
    // Traversal and other spellings of a published file, sent as written.
    const live = `/${rootName}/${path.basename(out)}/live`;
    for (const rawPath of [
      `${live}/../live/index.m3u8`,
      `${live}/%2e%2e/live/index.m3u8`,
      `${live}/%2E%2E/%2e%2e/${path.basename(out)}/live/index.m3u8`,
      `${live}/./index.m3u8`,
      `/${rootName}/${path.basename(out)}%2flive%2findex.m3u8`,
      `${live}%5cindex.m3u8`,
      `${live}/index.m3u8%00.ts`,
      `/${rootName}/${path.basename(out)}//live/index.m3u8`,
      `/${rootName}/../../../etc/passwd`,
      `/%2e%2e/%2e%2e/etc/passwd`,
      `${live}/index.m3u8/`,
    ]) {
      const answer = await rawGet(openlive.originUrl, rawPath);
      assert.deepEqual(answer, { status: 404, body: JSON.stringify({ message: "Not Found" }) }, rawPath);
    }
    assert.equal((await rawGet(openlive.originUrl, `${live}/index.m3u8`)).status, 200, "the plain spelling plays");
    // Nor through a link as the folder itself.
    const linked = path.join(out, "linked");
    symlinkSync(folder, linked);
    assert.equal(await status(originUrlOf(openlive, linked, "index.m3u8")), 404);
    assert.equal(await status(`${openlive.originUrl}/${rootName}/${path.basename(out)}/live/index.m3u8`, { method: "POST" }), 404);
  });

  it("reports channels stored outside narrower roots at start-up, keeps them from running until UpdateChannel moves them", { timeout: 90_000 }, async () => {
    const folder = path.join(out, "narrowed");
    const channel = await createChannel(client, channelTo(inputIds[2]!, `file://${folder}/index`, "narrowed"));
    await openlive.stop();
    const otherRoot = makeTempDir("openlive-other-root-");
    openlive = await startOpenlive({ dataDir, ownPushPorts: true, extraArgs: ["--output-roots", otherRoot] });
    client = sdkClient(openlive);
    assert.match(openlive.logs(), new RegExp(`"channelId":"${channel.Id}".*must lie inside an output root \\(${otherRoot}\\)`));
    const alerts = (await client.send(new ListAlertsCommand({ ChannelId: channel.Id }))).Alerts ?? [];
    assert.deepEqual(alerts.map((a) => [a.AlertType, a.State, a.PipelineId]), [["Output Destination Refused", "SET", "0"]]);
    assert.match(alerts[0]!.Message ?? "", new RegExp(`destinations\\[0\\]\\.settings\\[0\\]\\.url: file://${folder}/index: file:// destinations must lie inside an output root`));
    await rejectsWith(client.send(new StartChannelCommand({ ChannelId: channel.Id })), BadRequestException, 400, new RegExp(`Cannot start channel ${channel.Id}: 1 problem: destinations\\[0\\]\\.settings\\[0\\]\\.url: .*UpdateChannel`));
    assert.equal((await client.send(new DescribeChannelCommand({ ChannelId: channel.Id }))).State, "IDLE");
    // Not silently rewritten: the stored destination is still the one the user gave.
    assert.equal((await client.send(new DescribeChannelCommand({ ChannelId: channel.Id }))).Destinations?.[0]?.Settings?.[0]?.Url, `file://${folder}/index`);

    await client.send(new UpdateChannelCommand({ ChannelId: channel.Id, Destinations: [{ Id: "hls-dest", Settings: [{ Url: `file://${otherRoot}/live/index` }] }] }));
    await until("the alert cleared after UpdateChannel", async () => {
      const now = (await client.send(new ListAlertsCommand({ ChannelId: channel.Id }))).Alerts ?? [];
      return now.length === 1 && now[0]!.State === "CLEARED" ? true : undefined;
    }, 5_000);
    rmSync(otherRoot, { recursive: true, force: true });
  });
});
