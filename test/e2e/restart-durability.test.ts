// End-to-end: durability and process lifecycle of a real `./openlive serve`.
// Every change is durable before the API answers, so `kill -9` right after the last
// create loses nothing: a restart on the same data dir shows every ISG and input with the
// same endpoints, states and tags, and never hands out a port that an input holds.
// SIGTERM/SIGINT stop cleanly (exit 0, within 5 s); credentials from the environment
// replace the generated pair.

import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  CreateInputCommand,
  CreateInputSecurityGroupCommand,
  CreateTagsCommand,
  DeleteInputCommand,
  DeleteInputSecurityGroupCommand,
  DeleteTagsCommand,
  DescribeInputCommand,
  DescribeInputSecurityGroupCommand,
  ForbiddenException,
  ListInputSecurityGroupsCommand,
  ListInputsCommand,
  MediaLiveClient,
  UpdateInputCommand,
  UpdateInputSecurityGroupCommand,
  type CreateInputCommandInput,
  type ListInputsCommandOutput,
  type Input,
  type InputSecurityGroup,
} from "@aws-sdk/client-medialive";
import { makeTempDir, startOpenlive, type OpenliveCredentials, type OpenliveProcess } from "../helpers/openlive-process.ts";
import { sdkClient } from "../helpers/sdk.ts";
import { createInput as sdkCreateInput, createIsg as sdkCreateIsg, strip } from "../helpers/sdk-asserts.ts";

const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:srt-passphrase";

/** Every process this file starts, stopped in `after` whatever happened. */
const started: OpenliveProcess[] = [];
const clients: MediaLiveClient[] = [];

async function start(options: Parameters<typeof startOpenlive>[0] = {}): Promise<OpenliveProcess> {
  // The TS_FILE input names file:///var/media/loop.ts.
  const process = await startOpenlive({ inputRoots: ["/var/media"], ...options });
  started.push(process);
  return process;
}

function clientFor(target: { url: string; credentials: OpenliveCredentials }): MediaLiveClient {
  const client = sdkClient(target);
  clients.push(client);
  return client;
}

after(async () => {
  for (const client of clients) client.destroy();
  await Promise.all(started.map((p) => p.stop("SIGKILL")));
});

/** SIGKILL and wait for the process to be gone. */
async function killHard(openlive: OpenliveProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => {
    if (openlive.child.exitCode !== null || openlive.child.signalCode !== null) resolve();
    else openlive.child.once("exit", () => resolve());
  });
  openlive.child.kill("SIGKILL");
  await exited;
  assert.equal(openlive.child.signalCode, "SIGKILL");
}

/** port → holder for every port live inputs hold (an RTP endpoint holds port..port+4). */
function heldPorts(inputs: readonly Input[]): Map<number, string> {
  const held = new Map<number, string>();
  for (const input of inputs) {
    if (input.State === "DELETED") continue;
    for (const destination of input.Destinations ?? []) {
      const first = Number(destination.Port);
      for (let port = first; port < first + (input.Type === "RTP_PUSH" ? 5 : 1); port++) {
        assert.ok(!held.has(port), `port ${port} held by ${held.get(port)} and ${input.Id}`);
        held.set(port, input.Id!);
      }
    }
  }
  return held;
}

async function listAll(client: MediaLiveClient): Promise<{ inputs: Input[]; isgs: InputSecurityGroup[] }> {
  const inputs = (await client.send(new ListInputsCommand({ MaxResults: 1000 }))).Inputs ?? [];
  const isgs = (await client.send(new ListInputSecurityGroupsCommand({ MaxResults: 1000 }))).InputSecurityGroups ?? [];
  return { inputs, isgs };
}

describe("restart durability", () => {
  test("kill -9 right after the last create: every ISG and input is intact after a restart on the same data dir", { timeout: 90_000 }, async () => {
    const first = await start();
    const client = clientFor(first);

    const createIsg = (cidrs: string[], tags?: Record<string, string>): Promise<InputSecurityGroup> => sdkCreateIsg(client, cidrs, tags);
    const createInput = (request: CreateInputCommandInput): Promise<Input> => sdkCreateInput(client, request);

    // Input security groups: IPv4 and IPv6 rules, tags, an updated one, a deleted one.
    const isgMixed = await createIsg(["203.0.113.0/24", "2001:db8:1::/48"], { env: "prod", team: "a" });
    const isgWide = await createIsg(["10.0.0.0/8", "fd00::/8", "192.0.2.7/32"]);
    const isgIdle = await createIsg(["198.51.100.0/24"], { unused: "yes" });
    const isgUpdated = await createIsg(["172.16.0.0/12"]);
    await client.send(new UpdateInputSecurityGroupCommand({ InputSecurityGroupId: isgUpdated.Id!, WhitelistRules: [{ Cidr: "172.20.0.0/16" }, { Cidr: "::1/128" }] }));
    const isgDeleted = await createIsg(["100.64.0.0/10"]);
    await client.send(new DeleteInputSecurityGroupCommand({ InputSecurityGroupId: isgDeleted.Id! }));
    const isgLast = await createIsg(["192.0.2.0/24"]);

    // Push inputs (endpoints allocated) and pull inputs.
    const srtListener = { MinimumLatency: 300, StreamId: "cam", Decryption: { Algorithm: "AES128" as const, PassphraseSecretArn: SECRET_ARN } };
    const inputs: Input[] = [
      await createInput({ Name: "rtp-a", Type: "RTP_PUSH", InputSecurityGroups: [isgMixed.Id!], Tags: { show: "news" } }),
      await createInput({ Name: "rtp-b", Type: "RTP_PUSH", InputSecurityGroups: [isgMixed.Id!, isgWide.Id!], RequestId: "durable-request-1" }),
      await createInput({ Name: "rtmp-2", Type: "RTMP_PUSH", InputSecurityGroups: [isgWide.Id!], Destinations: [{ StreamName: "live/a" }, { StreamName: "live/b" }] }),
      await createInput({ Name: "rtmp-1", Type: "RTMP_PUSH", InputSecurityGroups: [isgUpdated.Id!], Destinations: [{ StreamName: "app/one" }] }),
      await createInput({ Name: "srt-l", Type: "SRT_LISTENER", InputSecurityGroups: [isgWide.Id!], SrtSettings: { SrtListenerSettings: srtListener } }),
      await createInput({
        Name: "hls",
        Type: "URL_PULL",
        Sources: [
          { Url: "https://203.0.113.13/a/index.m3u8", Username: "corp", PasswordParam: "/medialive/corp" },
          { Url: "https://203.0.113.14/b/index.m3u8" },
        ],
      }),
      await createInput({ Name: "rtmp-pull", Type: "RTMP_PULL", Sources: [{ Url: "rtmp://203.0.113.13:1935/live/feed" }] }),
      await createInput({ Name: "mp4-dyn", Type: "MP4_FILE", Sources: [{ Url: "https://203.0.113.13/vod/$urlPath$" }] }),
      await createInput({ Name: "ts", Type: "TS_FILE", Sources: [{ Url: "file:///var/media/loop.ts" }] }),
      await createInput({ Name: "srt-c", Type: "SRT_CALLER", SrtSettings: { SrtCallerSources: [{ SrtListenerAddress: "203.0.113.5", SrtListenerPort: "7001", StreamId: "x", MinimumLatency: 500 }] } }),
    ];
    // One input deleted (its ports are free again, it stays visible as DELETED), one edited, tags edited.
    const doomed = await createInput({ Name: "doomed", Type: "RTP_PUSH", InputSecurityGroups: [isgIdle.Id!] });
    await client.send(new DeleteInputCommand({ InputId: doomed.Id! }));
    await client.send(new UpdateInputCommand({ InputId: inputs[2]!.Id!, Name: "rtmp-2-renamed", Destinations: [{ StreamName: "show/main" }, { StreamName: "show/backup" }] }));
    await client.send(new CreateTagsCommand({ ResourceArn: inputs[0]!.Arn!, Tags: { extra: "1", gone: "2" } }));
    await client.send(new DeleteTagsCommand({ ResourceArn: inputs[0]!.Arn!, TagKeys: ["gone"] }));
    await client.send(new CreateTagsCommand({ ResourceArn: isgWide.Arn!, Tags: { tagged: "later" } }));

    // What the first process shows.
    const isgIds = [isgMixed, isgWide, isgIdle, isgUpdated, isgDeleted, isgLast].map((g) => g.Id!);
    const inputIds = [...inputs.map((i) => i.Id!), doomed.Id!];
    const beforeIsgs = new Map<string, unknown>();
    for (const id of isgIds) beforeIsgs.set(id, strip(await client.send(new DescribeInputSecurityGroupCommand({ InputSecurityGroupId: id }))));
    const beforeInputs = new Map<string, unknown>();
    for (const id of inputIds) beforeInputs.set(id, strip(await client.send(new DescribeInputCommand({ InputId: id }))));
    const beforeList = await listAll(client);
    const firstPage = await client.send(new ListInputsCommand({ MaxResults: 4 }));
    assert.ok(firstPage.NextToken, "more than one page");
    assert.equal((beforeIsgs.get(isgDeleted.Id!) as InputSecurityGroup).State, "DELETED");
    assert.equal((beforeInputs.get(doomed.Id!) as Input).State, "DELETED");
    assert.equal((beforeIsgs.get(isgWide.Id!) as InputSecurityGroup).State, "IN_USE");
    assert.equal((beforeIsgs.get(isgIdle.Id!) as InputSecurityGroup).State, "IDLE");

    // The last creates, several at once, then kill -9 the moment they have all answered.
    const lastRequests: CreateInputCommandInput[] = [
      { Name: "last-rtp", Type: "RTP_PUSH", InputSecurityGroups: [isgLast.Id!] },
      { Name: "last-rtmp", Type: "RTMP_PUSH", InputSecurityGroups: [isgLast.Id!], Destinations: [{ StreamName: "z/1" }, { StreamName: "z/2" }] },
      { Name: "last-srt", Type: "SRT_LISTENER", InputSecurityGroups: [isgLast.Id!], SrtSettings: { SrtListenerSettings: srtListener } },
      { Name: "last-rtp-2", Type: "RTP_PUSH", InputSecurityGroups: [isgLast.Id!], Tags: { last: "yes" } },
      { Name: "last-pull", Type: "URL_PULL", Sources: [{ Url: "https://203.0.113.99/last.m3u8" }] },
    ];
    const lastCreated = (await Promise.all(lastRequests.map((r) => client.send(new CreateInputCommand(r))))).map((o) => o.Input!);
    await killHard(first);

    // Restart on the same data dir: same generated credentials, same everything.
    const second = await start({ dataDir: first.dataDir });
    assert.deepEqual(second.credentials, first.credentials, "the generated credentials are reused");
    const client2 = clientFor(second);

    for (const id of isgIds.filter((id) => id !== isgLast.Id)) {
      const described = strip(await client2.send(new DescribeInputSecurityGroupCommand({ InputSecurityGroupId: id })));
      assert.deepEqual(described, beforeIsgs.get(id), `ISG ${id} after restart`);
    }
    for (const id of inputIds) {
      const described = strip(await client2.send(new DescribeInputCommand({ InputId: id })));
      assert.deepEqual(described, beforeInputs.get(id), `input ${id} after restart`);
    }
    for (const created of lastCreated) {
      const described = strip(await client2.send(new DescribeInputCommand({ InputId: created.Id! }))) as Input;
      assert.equal(described.State, "DETACHED", `${created.Name} after restart`);
      assert.deepEqual({ ...described, State: undefined }, { ...created, State: undefined }, `${created.Name} (answered just before kill -9) after restart`);
    }
    const lastIsg = strip(await client2.send(new DescribeInputSecurityGroupCommand({ InputSecurityGroupId: isgLast.Id! }))) as InputSecurityGroup;
    assert.equal(lastIsg.State, "IN_USE");
    assert.deepEqual(
      [...(lastIsg.Inputs ?? [])].sort(),
      lastCreated.filter((i) => i.Type !== "URL_PULL").map((i) => i.Id!).sort(),
      "the ISG of the last creates lists exactly those push inputs",
    );

    const afterList = await listAll(client2);
    const n = beforeList.inputs.length;
    assert.deepEqual(afterList.inputs.slice(0, n), beforeList.inputs, "ListInputs shows the same inputs, in the same order");
    assert.deepEqual(
      afterList.inputs.slice(n).map((i) => i.Id).sort(),
      lastCreated.map((i) => i.Id).sort(),
      "every create answered before kill -9 is listed after them, nothing more",
    );
    assert.deepEqual(afterList.isgs.map((g) => g.Id), beforeList.isgs.map((g) => g.Id), "ListInputSecurityGroups keeps its order");
    assert.deepEqual(
      afterList.isgs.filter((g) => g.Id !== isgLast.Id),
      beforeList.isgs.filter((g) => g.Id !== isgLast.Id),
      "and shows the same ISGs",
    );

    // A NextToken handed out before the crash still pages on after it.
    const restAfterRestart: string[] = [];
    let token: string | undefined = firstPage.NextToken;
    while (token) {
      const page: ListInputsCommandOutput = await client2.send(new ListInputsCommand({ MaxResults: 4, NextToken: token }));
      restAfterRestart.push(...(page.Inputs ?? []).map((i) => i.Id!));
      token = page.NextToken;
    }
    assert.deepEqual(
      [...firstPage.Inputs!.map((i) => i.Id!), ...restAfterRestart],
      afterList.inputs.map((i) => i.Id!),
      "a NextToken from before the restart continues where it left off",
    );

    // The idempotency token survives too.
    const retried = (await client2.send(new CreateInputCommand({ Name: "rtp-b", Type: "RTP_PUSH", InputSecurityGroups: [isgMixed.Id!, isgWide.Id!], RequestId: "durable-request-1" }))).Input!;
    assert.equal(retried.Id, inputs[1]!.Id, "a retried create after restart returns the same input");

    // New inputs never reuse a port a live input holds.
    const held = heldPorts(afterList.inputs);
    const fresh = [
      (await client2.send(new CreateInputCommand({ Type: "RTP_PUSH", InputSecurityGroups: [isgIdle.Id!] }))).Input!,
      (await client2.send(new CreateInputCommand({ Type: "RTMP_PUSH", InputSecurityGroups: [isgIdle.Id!], Destinations: [{ StreamName: "n/1" }, { StreamName: "n/2" }] }))).Input!,
      (await client2.send(new CreateInputCommand({ Type: "SRT_LISTENER", InputSecurityGroups: [isgIdle.Id!], SrtSettings: { SrtListenerSettings: srtListener } }))).Input!,
      (await client2.send(new CreateInputCommand({ Type: "RTP_PUSH", InputSecurityGroups: [isgIdle.Id!] }))).Input!,
    ];
    for (const input of fresh) {
      for (const destination of input.Destinations ?? []) {
        const port = Number(destination.Port);
        for (let p = port; p < port + (input.Type === "RTP_PUSH" ? 5 : 1); p++) {
          assert.ok(!held.has(p), `new ${input.Type} input ${input.Id} got port ${p}, held by ${held.get(p)}`);
        }
      }
    }
    heldPorts((await listAll(client2)).inputs); // asserts no overlap among all live inputs
  });

  test("SIGTERM stops openlive with exit code 0 within 5 s, even with open client connections; the data stays", { timeout: 30_000 }, async () => {
    const openlive = await start();
    const client = clientFor(openlive);
    const isg = (await client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: "10.0.0.0/8" }] }))).SecurityGroup!;
    const input = (await client.send(new CreateInputCommand({ Type: "RTP_PUSH", InputSecurityGroups: [isg.Id!] }))).Input!;
    await client.send(new ListInputsCommand({})); // the SDK keeps its connection open
    const t0 = Date.now();
    const code = await openlive.stop("SIGTERM");
    const elapsed = Date.now() - t0;
    assert.equal(code, 0, `exit code after SIGTERM:\n${openlive.logs().slice(-2000)}`);
    assert.ok(elapsed < 5000, `stopped in ${elapsed} ms`);

    const again = await start({ dataDir: openlive.dataDir });
    const client2 = clientFor(again);
    const described = (await client2.send(new DescribeInputCommand({ InputId: input.Id! })));
    assert.deepEqual(described.Destinations, input.Destinations);
    const t1 = Date.now();
    const code2 = await again.stop("SIGINT");
    assert.equal(code2, 0, "SIGINT stops cleanly too");
    assert.ok(Date.now() - t1 < 5000);
  });

  test("a restart with OPENLIVE_ACCESS_KEY_ID/OPENLIVE_SECRET_ACCESS_KEY uses those; the generated pair then gets 403", { timeout: 30_000 }, async () => {
    const dataDir = makeTempDir();
    const generated = await start({ dataDir });
    const generatedCredentials = generated.credentials;
    const fileCredentials = JSON.parse(readFileSync(path.join(dataDir, "credentials.json"), "utf8")) as OpenliveCredentials;
    assert.equal(fileCredentials.accessKeyId, generatedCredentials.accessKeyId);
    const client = clientFor(generated);
    const isg = (await client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: "10.0.0.0/8" }] }))).SecurityGroup!;
    assert.equal(await generated.stop("SIGTERM"), 0);

    const env = { OPENLIVE_ACCESS_KEY_ID: "AKIAOPENLIVEENVTEST1", OPENLIVE_SECRET_ACCESS_KEY: "env/Secret+Key/0123456789abcdefghijklmn" };
    const withEnv = await start({ dataDir, env });
    assert.deepEqual(withEnv.credentials, { accessKeyId: env.OPENLIVE_ACCESS_KEY_ID, secretAccessKey: env.OPENLIVE_SECRET_ACCESS_KEY });
    const envClient = clientFor(withEnv);
    const described = await envClient.send(new DescribeInputSecurityGroupCommand({ InputSecurityGroupId: isg.Id! }));
    assert.equal(described.Id, isg.Id, "the environment's credentials work and see the same data");

    const oldClient = clientFor({ url: withEnv.url, credentials: generatedCredentials });
    await assert.rejects(oldClient.send(new ListInputsCommand({})), (error: unknown) => {
      assert.ok(error instanceof ForbiddenException, `expected ForbiddenException, got ${(error as Error)?.name}`);
      assert.equal(error.$metadata.httpStatusCode, 403);
      return true;
    });
    assert.equal(await withEnv.stop("SIGTERM"), 0);

    // Without the environment, the generated pair (kept in the data dir) is back.
    const plain = await start({ dataDir });
    assert.deepEqual(plain.credentials, generatedCredentials);
    const plainClient = clientFor(plain);
    assert.equal((await plainClient.send(new DescribeInputSecurityGroupCommand({ InputSecurityGroupId: isg.Id! }))).Id, isg.Id);
    const envOnPlain = clientFor({ url: plain.url, credentials: { accessKeyId: env.OPENLIVE_ACCESS_KEY_ID, secretAccessKey: env.OPENLIVE_SECRET_ACCESS_KEY } });
    await assert.rejects(envOnPlain.send(new ListInputsCommand({})), ForbiddenException);
    assert.equal(await plain.stop("SIGTERM"), 0);
  });
});
