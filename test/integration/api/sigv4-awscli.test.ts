// The SigV4 verifier against the real clients: aws-cli v1 (botocore) and
// @aws-sdk/client-medialive send MediaLive requests to a local node:http server that only
// records them; every recorded request must verify with the right secret and fail with a
// wrong one. The replies are dummies ({} or 204), so a client may fail to parse one; that does
// not matter here, only what it sent.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { execFile } from "node:child_process";
import {
  CreateInputSecurityGroupCommand,
  DeleteTagsCommand,
  ListInputsCommand,
  ListTagsForResourceCommand,
  MediaLiveClient,
} from "@aws-sdk/client-medialive";
import { verifySigV4, type SigV4VerifyOptions, type SignedRequestParts } from "../../../src/api/sigv4.ts";
import { AWS_DATA_PATH } from "../../../tools/generate-model.ts";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const ACCESS_KEY_ID = "AKIAOPENLIVEINTEG01";
const SECRET = "integration/secret+KEY/0123456789abcdefghijkl";
const REGION = "us-east-1";
const ARN = "arn:aws:medialive:us-east-1:000000000000:input:1234567";
const ARN_PATH = "/prod/tags/arn%3Aaws%3Amedialive%3Aus-east-1%3A000000000000%3Ainput%3A1234567";
const TEST_TIMEOUT_MS = 60_000;
const CLI_TIMEOUT_MS = 45_000;

/** Records each request as the verifier gets it: raw path and query, headers, body bytes. */
class CaptureServer {
  readonly requests: SignedRequestParts[] = [];
  readonly #server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = req.url ?? "/";
      const mark = url.indexOf("?");
      this.requests.push({
        method: req.method ?? "",
        rawPath: mark < 0 ? url : url.slice(0, mark),
        rawQuery: mark < 0 ? "" : url.slice(mark + 1),
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      // DeleteTags is modelled with a 204 and no body; the JSON operations get an empty object.
      if (req.method === "DELETE" && url.startsWith("/prod/tags/")) {
        res.writeHead(204).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });

  async start(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(0, "127.0.0.1", () => resolve());
    });
    return (this.#server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    // The SDK keeps sockets alive; close them so close() does not wait for their timeout.
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

interface CliRun {
  readonly exitCode: number | string | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the aws CLI without blocking the event loop (the capture server must keep answering). */
function runAws(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile("aws", [...args], { env, timeout: CLI_TIMEOUT_MS }, (error, stdout, stderr) => {
      resolve({ exitCode: error ? (error.code ?? "killed") : 0, stdout, stderr });
    });
  });
}

/** The CLI's environment: our credentials only, nothing from the developer's ~/.aws. */
function cliEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith("AWS_")) env[name] = value;
  return {
    ...env,
    AWS_ACCESS_KEY_ID: ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: SECRET,
    AWS_DEFAULT_REGION: REGION,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: "/nonexistent/openlive-test/config",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/openlive-test/credentials",
    AWS_DATA_PATH, // the vendored model, whatever the CLI's age (tools/model/README.md)
    // Fail fast instead of retrying should something go wrong.
    AWS_RETRY_MODE: "standard",
    AWS_MAX_ATTEMPTS: "1",
  };
}

function verifyOptions(secret: string): SigV4VerifyOptions {
  return {
    lookupSecret: (accessKeyId) => (accessKeyId === ACCESS_KEY_ID ? secret : undefined),
    region: REGION,
    service: "medialive",
    nowMs: Date.now(),
    clockSkewMs: 15 * 60_000,
  };
}

interface Expected {
  readonly method: string;
  readonly rawPath: string;
  readonly rawQuery: string;
}

/** The one request an operation sent verifies with our secret and only with it. */
async function assertVerifies(request: SignedRequestParts, expected: Expected): Promise<void> {
  assert.equal(request.method, expected.method);
  assert.equal(request.rawPath, expected.rawPath);
  assert.equal(request.rawQuery, expected.rawQuery);
  assert.deepEqual(await verifySigV4(request, verifyOptions(SECRET)), { ok: true, accessKeyId: ACCESS_KEY_ID });
  const wrong = await verifySigV4(request, verifyOptions(`${SECRET}x`));
  assert.equal(wrong.ok, false);
  assert.equal(!wrong.ok && wrong.code, "OL_AUTH_BAD_SIGNATURE");
  if (request.rawPath.includes("%")) {
    // The clients sign the encoded path encoded once more; decoding it first must not verify.
    const decoded = await verifySigV4({ ...request, rawPath: decodeURIComponent(request.rawPath) }, verifyOptions(SECRET));
    assert.equal(!decoded.ok && decoded.code, "OL_AUTH_BAD_SIGNATURE");
  }
}

function takeOnly(server: CaptureServer, context: string): SignedRequestParts {
  const requests = server.requests.splice(0);
  assert.equal(requests.length, 1, `expected one request, got ${requests.length}. ${context}`);
  return requests[0] as SignedRequestParts;
}

const LIST_INPUTS: Expected = { method: "GET", rawPath: "/prod/inputs", rawQuery: "maxResults=5" };
const LIST_INPUTS_PAGED: Expected = { method: "GET", rawPath: "/prod/inputs", rawQuery: "maxResults=5&nextToken=ab%2Bc%2Fd%3D%3D" };
const CREATE_ISG: Expected = { method: "POST", rawPath: "/prod/inputSecurityGroups", rawQuery: "" };
const LIST_TAGS: Expected = { method: "GET", rawPath: ARN_PATH, rawQuery: "" };
const DELETE_TAGS: Expected = { method: "DELETE", rawPath: ARN_PATH, rawQuery: "tagKeys=a&tagKeys=b" };

const awsVersion = await runAws(["--version"], cliEnv());
const awsMissing = awsVersion.exitCode === "ENOENT" ? "the aws CLI is not on PATH" : false;

describe("requests signed by aws-cli v1 verify", { skip: awsMissing }, () => {
  const server = new CaptureServer();
  let port = 0;
  before(async () => {
    port = await server.start();
  });
  after(() => server.close());

  const cli = async (args: readonly string[]): Promise<SignedRequestParts> => {
    const run = await runAws(
      [...args, "--endpoint-url", `http://127.0.0.1:${port}`, "--cli-read-timeout", "10", "--cli-connect-timeout", "5"],
      cliEnv(),
    );
    return takeOnly(server, `aws ${args.join(" ")} exited ${String(run.exitCode)}: ${run.stderr}`);
  };

  const cases: readonly [string, readonly string[], Expected][] = [
    ["list-inputs --max-results 5", ["medialive", "list-inputs", "--max-results", "5"], LIST_INPUTS],
    ["list-inputs with a base64 next token", ["medialive", "list-inputs", "--max-results", "5", "--next-token", "ab+c/d=="], LIST_INPUTS_PAGED],
    ["create-input-security-group", ["medialive", "create-input-security-group", "--whitelist-rules", "Cidr=10.0.0.0/8"], CREATE_ISG],
    ["list-tags-for-resource with an ARN", ["medialive", "list-tags-for-resource", "--resource-arn", ARN], LIST_TAGS],
    ["delete-tags with an ARN and two keys", ["medialive", "delete-tags", "--resource-arn", ARN, "--tag-keys", "a", "b"], DELETE_TAGS],
  ];
  for (const [name, args, expected] of cases) {
    test(name, { timeout: TEST_TIMEOUT_MS }, async () => {
      const request = await cli(args);
      await assertVerifies(request, expected);
      if (expected.method === "POST") {
        assert.match(String(request.headers["authorization"]), /SignedHeaders=content-type;host;x-amz-date,/);
        assert.deepEqual(JSON.parse(request.body.toString("utf8")), { whitelistRules: [{ cidr: "10.0.0.0/8" }] });
      } else {
        assert.match(String(request.headers["authorization"]), /SignedHeaders=host;x-amz-date,/);
      }
    });
  }
});

describe("requests signed by @aws-sdk/client-medialive verify", () => {
  const server = new CaptureServer();
  let client: MediaLiveClient | undefined;
  before(async () => {
    const port = await server.start();
    client = new MediaLiveClient({
      region: REGION,
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET },
      maxAttempts: 1,
    });
  });
  after(async () => {
    client?.destroy();
    await server.close();
  });

  /** Runs one operation (a callback, as each command has its own send() overload). */
  const send = async (operation: (client: MediaLiveClient) => Promise<unknown>): Promise<SignedRequestParts> => {
    assert.ok(client);
    let failure = "";
    try {
      await operation(client);
    } catch (error) {
      failure = `the SDK failed: ${String(error)}`;
    }
    return takeOnly(server, failure);
  };

  test("ListInputs", { timeout: TEST_TIMEOUT_MS }, async () => {
    await assertVerifies(await send((c) => c.send(new ListInputsCommand({ MaxResults: 5 }))), LIST_INPUTS);
  });

  test("ListInputs with a base64 next token", { timeout: TEST_TIMEOUT_MS }, async () => {
    await assertVerifies(await send((c) => c.send(new ListInputsCommand({ MaxResults: 5, NextToken: "ab+c/d==" }))), LIST_INPUTS_PAGED);
  });

  test("CreateInputSecurityGroup", { timeout: TEST_TIMEOUT_MS }, async () => {
    const request = await send((c) => c.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: "10.0.0.0/8" }] })));
    await assertVerifies(request, CREATE_ISG);
    assert.match(String(request.headers["authorization"]), /SignedHeaders=[^,]*content-length;content-type;host;x-amz-content-sha256;x-amz-date/);
    // The SDK signs the body hash as a header; the verifier must still hash the body itself.
    const tampered = await verifySigV4({ ...request, body: Buffer.from('{"whitelistRules":[{"cidr":"0.0.0.0/0"}]}') }, verifyOptions(SECRET));
    assert.equal(!tampered.ok && tampered.code, "OL_AUTH_BAD_SIGNATURE");
  });

  test("ListTagsForResource with an ARN", { timeout: TEST_TIMEOUT_MS }, async () => {
    await assertVerifies(await send((c) => c.send(new ListTagsForResourceCommand({ ResourceArn: ARN }))), LIST_TAGS);
  });

  test("DeleteTags with an ARN and two keys", { timeout: TEST_TIMEOUT_MS }, async () => {
    await assertVerifies(await send((c) => c.send(new DeleteTagsCommand({ ResourceArn: ARN, TagKeys: ["a", "b"] }))), DELETE_TAGS);
  });
});
