// End-to-end: what SDKs never send. Raw HTTP requests, signed with SigV4 by the test
// itself, carry malformed JSON, wrong member types, unknown enum values and members,
// out-of-range pagination, forged tokens, oversized bodies, unknown paths, missing or
// stale signatures to a real `./openlive serve`. Each must get MediaLive's error shape
// (status + X-Amzn-ErrorType + {"message"}), never a 500, never a crash, and must leave
// nothing half-written. The success answers are checked on the wire too: status codes,
// wrapping, content type and camelCase keys.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { startOpenlive, type OpenliveProcess } from "../helpers/openlive-process.ts";
import { pathLabel, rawRequest, type RawRequest, type RawResponse } from "../helpers/signed-fetch.ts";

const T = { timeout: 30_000 } as const;
const MIB = 1024 * 1024;
const INPUT_TYPES = [
  "UDP_PUSH", "RTP_PUSH", "RTMP_PUSH", "RTMP_PULL", "URL_PULL", "MP4_FILE", "MEDIACONNECT", "INPUT_DEVICE",
  "AWS_CDI", "TS_FILE", "SRT_CALLER", "MULTICAST", "SMPTE_2110_RECEIVER_GROUP", "SDI", "MEDIACONNECT_ROUTER", "SRT_LISTENER",
];

function mediaType(response: RawResponse): string | undefined {
  return response.headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
}

/** MediaLive's error shape: status, X-Amzn-ErrorType, JSON content type, body {"message": "..."}. */
function assertError(response: RawResponse, status: number, errorType: string, message?: RegExp): void {
  const where = `${response.status} ${response.text.slice(0, 500)}`;
  assert.notEqual(response.status, 500, `never a 500: ${where}`);
  assert.equal(response.status, status, where);
  assert.equal(response.headers["x-amzn-errortype"], errorType, where);
  assert.equal(mediaType(response), "application/json", `content-type of ${where}`);
  assert.ok(response.json && typeof response.json === "object" && !Array.isArray(response.json), `JSON object body: ${where}`);
  assert.equal(typeof response.json.message, "string", `{"message"} in ${where}`);
  assert.ok(response.json.message.length > 0);
  for (const key of Object.keys(response.json)) assert.ok(["message", "validationErrors"].includes(key), `unexpected key ${key} in ${where}`);
  if (message) assert.match(response.json.message, message);
}

/** Every key of a response body is camelCase (tag maps hold user keys and are skipped). */
function assertCamelCase(value: unknown, at = "$"): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertCamelCase(item, `${at}[${index}]`));
    return;
  }
  if (value === null || typeof value !== "object") return;
  for (const [key, item] of Object.entries(value)) {
    assert.match(key, /^[a-z][A-Za-z0-9]*$/, `key ${at}.${key} is camelCase`);
    if (key !== "tags") assertCamelCase(item, `${at}.${key}`);
  }
}

function assertJsonSuccess(response: RawResponse, status: number): any {
  assert.equal(response.status, status, response.text.slice(0, 500));
  assert.equal(mediaType(response), "application/json");
  assert.equal(response.headers["x-amzn-errortype"], undefined);
  assertCamelCase(response.json);
  return response.json;
}

describe("raw HTTP against openlive: bad requests, wire shapes", () => {
  let openlive: OpenliveProcess;
  let isgId: string;

  const send = (request: RawRequest): Promise<RawResponse> => rawRequest(openlive, request);

  /** The process is alive and answers a valid call. */
  async function assertAlive(): Promise<void> {
    assert.equal(openlive.child.exitCode, null, `openlive exited:\n${openlive.logs().slice(-3000)}`);
    assert.equal(openlive.child.signalCode, null);
    const response = await send({ method: "GET", path: "/prod/inputSecurityGroups" });
    assert.equal(response.status, 200, response.text);
  }

  async function listInputIds(): Promise<string[]> {
    const response = await send({ method: "GET", path: "/prod/inputs" });
    assert.equal(response.status, 200);
    return (response.json.inputs as { id: string }[]).map((i) => i.id);
  }

  async function listIsgIds(): Promise<string[]> {
    const response = await send({ method: "GET", path: "/prod/inputSecurityGroups" });
    assert.equal(response.status, 200);
    return (response.json.inputSecurityGroups as { id: string }[]).map((g) => g.id);
  }

  before(async () => {
    openlive = await startOpenlive();
    const created = await send({ method: "POST", path: "/prod/inputSecurityGroups", body: { whitelistRules: [{ cidr: "10.0.0.0/8" }] } });
    assert.equal(created.status, 200, created.text);
    isgId = created.json.securityGroup.id;
  });

  after(async () => {
    const code = await openlive?.stop();
    assert.equal(code, 0, `openlive exited with ${code}`);
    assert.doesNotMatch(openlive.logs(), /"level":50[^\n]*unexpected error/, "no unexpected error was logged");
  });

  describe("success answers on the wire", () => {
    test("CreateInputSecurityGroup 200 {securityGroup}, Describe flat, List wrapped, Update 200 {securityGroup}", T, async () => {
      const created = await send({ method: "POST", path: "/prod/inputSecurityGroups", body: { whitelistRules: [{ cidr: "203.0.113.0/24" }], tags: { Env: "dev" } } });
      const body = assertJsonSuccess(created, 200);
      assert.deepEqual(Object.keys(body), ["securityGroup"]);
      const isg = body.securityGroup;
      assert.match(isg.id, /^\d{7}$/);
      assert.equal(isg.arn, `arn:aws:medialive:us-east-1:000000000000:inputSecurityGroup:${isg.id}`);
      assert.equal(isg.state, "IDLE");
      assert.deepEqual(isg.whitelistRules, [{ cidr: "203.0.113.0/24" }]);
      assert.deepEqual(isg.tags, { Env: "dev" });

      const described = assertJsonSuccess(await send({ method: "GET", path: `/prod/inputSecurityGroups/${isg.id}` }), 200);
      assert.deepEqual(described, isg, "DescribeInputSecurityGroup is flat, not wrapped");

      const listed = assertJsonSuccess(await send({ method: "GET", path: "/prod/inputSecurityGroups" }), 200);
      assert.ok(Array.isArray(listed.inputSecurityGroups));
      assert.ok(listed.inputSecurityGroups.some((g: { id: string }) => g.id === isg.id));

      const updated = assertJsonSuccess(
        await send({ method: "PUT", path: `/prod/inputSecurityGroups/${isg.id}`, body: { whitelistRules: [{ cidr: "198.51.100.0/24" }] } }),
        200,
      );
      assert.deepEqual(Object.keys(updated), ["securityGroup"]);
      assert.deepEqual(updated.securityGroup.whitelistRules, [{ cidr: "198.51.100.0/24" }]);

      const deleted = await send({ method: "DELETE", path: `/prod/inputSecurityGroups/${isg.id}` });
      assert.deepEqual(assertJsonSuccess(deleted, 200), {});
    });

    test("CreateInput 201 {input}, DescribeInput 200 flat, UpdateInput 200 {input}, DeleteInput 200 {}", T, async () => {
      const created = await send({
        method: "POST",
        path: "/prod/inputs",
        body: { name: "wire", type: "RTMP_PUSH", inputSecurityGroups: [isgId], destinations: [{ streamName: "live/a" }], requestId: "wire-1" },
      });
      const body = assertJsonSuccess(created, 201);
      assert.deepEqual(Object.keys(body), ["input"]);
      const input = body.input;
      assert.equal(input.type, "RTMP_PUSH");
      assert.deepEqual(input.securityGroups, [isgId], "the response says securityGroups, the request inputSecurityGroups");
      assert.equal(input.inputSecurityGroups, undefined);
      assert.equal(typeof input.destinations[0].port, "string", "port is a string on the wire");
      assert.equal(input.destinations[0].url, `rtmp://127.0.0.1:${input.destinations[0].port}/live/a`);

      const described = assertJsonSuccess(await send({ method: "GET", path: `/prod/inputs/${input.id}` }), 200);
      assert.equal(described.input, undefined, "DescribeInput is flat");
      assert.equal(described.id, input.id);
      assert.equal(described.state, "DETACHED");
      assert.deepEqual(described.destinations, input.destinations);

      const listed = assertJsonSuccess(await send({ method: "GET", path: "/prod/inputs" }), 200);
      assert.ok(Array.isArray(listed.inputs));

      const updated = assertJsonSuccess(await send({ method: "PUT", path: `/prod/inputs/${input.id}`, body: { name: "wire-2" } }), 200);
      assert.deepEqual(Object.keys(updated), ["input"]);
      assert.equal(updated.input.name, "wire-2");

      const deleted = await send({ method: "DELETE", path: `/prod/inputs/${input.id}` });
      assert.deepEqual(assertJsonSuccess(deleted, 200), {});
      assert.equal(deleted.text, "{}");
    });

    test("CreateTags 204 empty, DeleteTags 204 empty, ListTagsForResource 200 {tags}", T, async () => {
      const arn = `arn:aws:medialive:us-east-1:000000000000:inputSecurityGroup:${isgId}`;
      const tagPath = `/prod/tags/${pathLabel(arn)}`;
      const empty = assertJsonSuccess(await send({ method: "GET", path: tagPath }), 200);
      assert.deepEqual(empty, { tags: {} });

      const created = await send({ method: "POST", path: tagPath, body: { tags: { a: "1", b: "2" } } });
      assert.equal(created.status, 204, created.text);
      assert.equal(created.text, "", "204 has an empty body");
      assert.equal(created.headers["x-amzn-errortype"], undefined);

      assert.deepEqual(assertJsonSuccess(await send({ method: "GET", path: tagPath }), 200), { tags: { a: "1", b: "2" } });

      const deleted = await send({ method: "DELETE", path: tagPath, query: { tagKeys: ["a", "zzz"] } });
      assert.equal(deleted.status, 204, deleted.text);
      assert.equal(deleted.text, "");
      assert.deepEqual(assertJsonSuccess(await send({ method: "GET", path: tagPath }), 200), { tags: { b: "2" } });
      await send({ method: "DELETE", path: tagPath, query: { tagKeys: "b" } });
    });

    test("tag keys that are JavaScript property names (__proto__, constructor) are kept like any other", T, async () => {
      const arn = `arn:aws:medialive:us-east-1:000000000000:inputSecurityGroup:${isgId}`;
      const tagPath = `/prod/tags/${pathLabel(arn)}`;
      const created = await send({ method: "POST", path: tagPath, body: '{"tags":{"__proto__":"p","constructor":"c","toString":"t"}}' });
      assert.equal(created.status, 204, created.text);
      const listed = assertJsonSuccess(await send({ method: "GET", path: tagPath }), 200);
      assert.deepEqual(
        Object.entries(listed.tags).sort(),
        [["__proto__", "p"], ["constructor", "c"], ["toString", "t"]],
        `a tag accepted with 204 must be stored: ${JSON.stringify(listed)}`,
      );
      const removed = await send({ method: "DELETE", path: tagPath, query: { tagKeys: ["__proto__", "constructor", "toString"] } });
      assert.equal(removed.status, 204);
      assert.deepEqual(assertJsonSuccess(await send({ method: "GET", path: tagPath }), 200), { tags: {} });
    });
  });

  describe("bad bodies → 400 BadRequestException", () => {
    test("malformed JSON", T, async () => {
      const before = await listIsgIds();
      for (const body of ['{"whitelistRules": [', "{whitelistRules: []}", "nul", '{"a":1}}', "\u0000\u0001"]) {
        assertError(await send({ method: "POST", path: "/prod/inputSecurityGroups", body }), 400, "BadRequestException", /JSON/i);
        await assertAlive();
      }
      assertError(await send({ method: "POST", path: "/prod/inputs", body: '{"type":"RTP_PUSH",' }), 400, "BadRequestException", /JSON/i);
      assert.deepEqual(await listIsgIds(), before);
    });

    test("a body that is JSON but not an object", T, async () => {
      for (const body of ["[]", '[{"cidr":"10.0.0.0/8"}]', '"text"', "42", "null", "true"]) {
        assertError(await send({ method: "POST", path: "/prod/inputSecurityGroups", body }), 400, "BadRequestException");
        await assertAlive();
      }
    });

    test("wrong member types name the element path", T, async () => {
      const cases: [string, string, object, RegExp][] = [
        ["POST", "/prod/inputSecurityGroups", { whitelistRules: "10.0.0.0/8" }, /whitelistRules/],
        ["POST", "/prod/inputSecurityGroups", { whitelistRules: [{ cidr: 5 }] }, /whitelistRules\[0\]\.cidr/],
        ["POST", "/prod/inputSecurityGroups", { whitelistRules: [{ cidr: "10.0.0.0/8" }, "10.1.0.0/16"] }, /whitelistRules\[1\]/],
        ["POST", "/prod/inputSecurityGroups", { whitelistRules: [{ cidr: "10.0.0.0/8" }], tags: { a: 1 } }, /tags\.a/],
        ["POST", "/prod/inputSecurityGroups", { whitelistRules: [{ cidr: "10.0.0.0/8" }], tags: ["a"] }, /tags/],
        ["POST", "/prod/inputs", { type: "RTP_PUSH", inputSecurityGroups: "123" }, /inputSecurityGroups/],
        ["POST", "/prod/inputs", { type: "RTMP_PUSH", destinations: [{ streamName: ["a/b"] }] }, /destinations\[0\]\.streamName/],
        ["POST", "/prod/inputs", { type: "URL_PULL", sources: [{ url: "https://a/b.m3u8" }, { url: null, username: 3 }] }, /sources\[1\]\.username/],
        ["POST", "/prod/inputs", { type: "SRT_LISTENER", srtSettings: { srtListenerSettings: { minimumLatency: "200" } } }, /srtSettings\.srtListenerSettings\.minimumLatency/],
        ["POST", "/prod/inputs", { type: "SRT_LISTENER", srtSettings: { srtListenerSettings: { minimumLatency: 200.5 } } }, /minimumLatency/],
        ["POST", "/prod/inputs", { name: { first: "x" }, type: "URL_PULL" }, /name/],
        ["PUT", "/prod/inputs/1234567", { name: 7 }, /name/],
      ];
      for (const [method, path, body, message] of cases) {
        assertError(await send({ method, path, body }), 400, "BadRequestException", message);
        await assertAlive();
      }
    });

    test("an unknown enum value lists the allowed values", T, async () => {
      const response = await send({ method: "POST", path: "/prod/inputs", body: { type: "FOO", name: "x" } });
      assertError(response, 400, "BadRequestException", /FOO/);
      for (const type of INPUT_TYPES) assert.ok(response.json.message.includes(type), `${type} listed in: ${response.json.message}`);
      assertError(
        await send({
          method: "POST",
          path: "/prod/inputs",
          body: { type: "SRT_LISTENER", srtSettings: { srtListenerSettings: { minimumLatency: 200, decryption: { algorithm: "ROT13", passphraseSecretArn: "arn:x" } } } },
        }),
        400,
        "BadRequestException",
        /ROT13[\s\S]*AES128[\s\S]*AES192[\s\S]*AES256/,
      );
      await assertAlive();
    });

    test("unknown members are refused by name", T, async () => {
      assertError(await send({ method: "POST", path: "/prod/inputSecurityGroups", body: { whitelistRulez: [] } }), 400, "BadRequestException", /whitelistRulez/);
      assertError(
        await send({ method: "POST", path: "/prod/inputSecurityGroups", body: { whitelistRules: [{ cidr: "10.0.0.0/8", port: 5 }] } }),
        400,
        "BadRequestException",
        /port/,
      );
      assertError(
        await send({ method: "POST", path: "/prod/inputSecurityGroups", body: { WhitelistRules: [{ Cidr: "10.0.0.0/8" }] } }),
        400,
        "BadRequestException",
        /WhitelistRules/,
      );
      await assertAlive();
    });

    test("out-of-range numbers", T, async () => {
      for (const minimumLatency of [0, 119, 15001, -1, 1e20]) {
        assertError(
          await send({
            method: "POST",
            path: "/prod/inputs",
            body: { type: "SRT_LISTENER", inputSecurityGroups: [isgId], srtSettings: { srtListenerSettings: { minimumLatency, decryption: { algorithm: "AES128", passphraseSecretArn: "arn:aws:secretsmanager:us-east-1:000000000000:secret:p" } } } },
          }),
          400,
          "BadRequestException",
          /minimumLatency/,
        );
      }
      assertError(await send({ method: "POST", path: "/prod/inputs", body: '{"type":"SRT_LISTENER","srtSettings":{"srtListenerSettings":{"minimumLatency":1e400}}}' }), 400, "BadRequestException");
      await assertAlive();
    });

    test("a body that is not JSON at all (other content type)", T, async () => {
      const response = await send({ method: "POST", path: "/prod/inputSecurityGroups", body: "<xml/>", contentType: "application/xml" });
      assertError(response, 400, "BadRequestException");
      await assertAlive();
    });

    test("an oversized body (> 4 MiB) is refused and openlive keeps working", T, async () => {
      const before = await listIsgIds();
      const padding = "x".repeat(4 * MIB + 16);
      const oversized = JSON.stringify({ whitelistRules: [{ cidr: "10.0.0.0/8" }], tags: { pad: padding } });
      assertError(await send({ method: "POST", path: "/prod/inputSecurityGroups", body: oversized }), 400, "BadRequestException", /4194304|larger/);
      await assertAlive();
      assertError(await send({ method: "POST", path: "/prod/inputSecurityGroups", body: oversized, chunked: true }), 400, "BadRequestException", /4194304|larger/);
      await assertAlive();
      // Just under the limit is read (and then refused for its content, not its size).
      const nearLimit = JSON.stringify({ whitelistRules: [{ cidr: "10.0.0.0/8" }], tags: { pad: "y".repeat(4 * MIB - 200) } });
      const response = await send({ method: "POST", path: "/prod/inputSecurityGroups", body: nearLimit });
      assertError(response, 400, "BadRequestException", /256/);
      assert.deepEqual(await listIsgIds(), before, "nothing was created");
    });
  });

  describe("query parameters", () => {
    test("maxResults outside 1–1000 or not an integer → 400; 1 and 1000 → 200", T, async () => {
      for (const path of ["/prod/inputs", "/prod/inputSecurityGroups"]) {
        for (const maxResults of ["0", "1001", "abc", "-1", "1.5", "", "99999999999999999999"]) {
          assertError(await send({ method: "GET", path, query: { maxResults } }), 400, "BadRequestException", /maxResults/);
          await assertAlive();
        }
        assertError(await send({ method: "GET", path, query: { maxResults: ["1", "2"] } }), 400, "BadRequestException", /maxResults/);
        for (const maxResults of ["1", "1000"]) {
          const response = await send({ method: "GET", path, query: { maxResults } });
          assertJsonSuccess(response, 200);
        }
      }
    });

    test("a forged or garbage nextToken → 400", T, async () => {
      for (const path of ["/prod/inputs", "/prod/inputSecurityGroups"]) {
        const forged = [
          "garbage",
          "!!!",
          "eyJvIjoiTGlzdElucHV0cyJ9", // {"o":"ListInputs"}
          Buffer.from(JSON.stringify({ o: path.endsWith("inputs") ? "ListInputs" : "ListInputSecurityGroups", a: -5 })).toString("base64url"),
          Buffer.from(JSON.stringify({ o: path.endsWith("inputs") ? "ListInputs" : "ListInputSecurityGroups", a: "1" })).toString("base64url"),
          Buffer.from(JSON.stringify({ o: "ListChannels", a: 1 })).toString("base64url"),
          "x".repeat(5000),
        ];
        for (const nextToken of forged) {
          assertError(await send({ method: "GET", path, query: { nextToken } }), 400, "BadRequestException", /nextToken/);
        }
        await assertAlive();
      }
    });
  });

  describe("paths and operations", () => {
    test("an unknown path → 404 NotFoundException", T, async () => {
      assertError(await send({ method: "GET", path: "/prod/nothing" }), 404, "NotFoundException");
      assertError(await send({ method: "POST", path: "/prod/nothing", body: {} }), 404, "NotFoundException");
      assertError(await send({ method: "GET", path: "/nothing" }), 404, "NotFoundException");
      assertError(await send({ method: "PATCH", path: "/prod/inputs" }), 404, "NotFoundException");
      assertError(await send({ method: "GET", path: "/prod/inputs/1234567/extra" }), 404, "NotFoundException");
      await assertAlive();
    });

    test("a model operation on a kind openlive does not have: lists are empty, one is not found, a write is refused", T, async () => {
      const list = await send({ method: "GET", path: "/prod/multiplexes" });
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(list.json, { multiplexes: [] });
      assertError(await send({ method: "GET", path: "/prod/reservations/1234567" }), 404, "NotFoundException", /DescribeReservation: 1234567 does not exist; openlive has no resources of this kind/);
      assertError(
        await send({ method: "POST", path: "/prod/multiplexes", body: { name: "x", availabilityZones: ["a", "b"], requestId: "r", multiplexSettings: { transportStreamBitrate: 1000000, transportStreamId: 1 } } }),
        400,
        "BadRequestException",
        /openlive does not offer CreateMultiplex/,
      );
      const account = await send({ method: "GET", path: "/prod/accountConfiguration" });
      assert.equal(account.status, 200, account.text);
      assert.deepEqual(account.json, { accountConfiguration: {} });
      await assertAlive();
    });

    test("a path with broken percent-encoding gets MediaLive's error shape, not the web framework's", T, async () => {
      for (const path of ["/prod/inputs/%E2%82", "/prod/inputs/%ZZ", "/prod/inputSecurityGroups/%", "/prod/tags/arn%3Aaws%3"]) {
        const response = await send({ method: "GET", path });
        assert.ok(response.status === 400 || response.status === 404, `${path}: ${response.status} ${response.text}`);
        assertError(response, response.status, response.status === 400 ? "BadRequestException" : "NotFoundException");
        await assertAlive();
      }
    });

    test("unknown resource IDs → 404 NotFoundException", T, async () => {
      assertError(await send({ method: "GET", path: "/prod/inputs/0000001" }), 404, "NotFoundException", /0000001/);
      assertError(await send({ method: "GET", path: "/prod/inputs/abc" }), 404, "NotFoundException", /abc/);
      assertError(await send({ method: "DELETE", path: "/prod/inputSecurityGroups/0000001" }), 404, "NotFoundException", /0000001/);
      assertError(await send({ method: "GET", path: `/prod/tags/${pathLabel("arn:aws:medialive:us-east-1:000000000000:input:0000001")}` }), 404, "NotFoundException");
      await assertAlive();
    });
  });

  describe("authentication", () => {
    test("an unsigned request → 403 ForbiddenException", T, async () => {
      assertError(await send({ method: "GET", path: "/prod/inputs", sign: false }), 403, "ForbiddenException");
      assertError(await send({ method: "POST", path: "/prod/inputSecurityGroups", body: { whitelistRules: [{ cidr: "10.0.0.0/8" }] }, sign: false }), 403, "ForbiddenException");
      await assertAlive();
    });

    test("X-Amz-Date 16 minutes old (or ahead) → 403; 14 minutes → 200", T, async () => {
      assertError(await send({ method: "GET", path: "/prod/inputs", signingDate: new Date(Date.now() - 16 * 60_000) }), 403, "ForbiddenException", /expired|time/i);
      assertError(await send({ method: "GET", path: "/prod/inputs", signingDate: new Date(Date.now() + 16 * 60_000) }), 403, "ForbiddenException", /expired|time/i);
      assertJsonSuccess(await send({ method: "GET", path: "/prod/inputs", signingDate: new Date(Date.now() - 14 * 60_000) }), 200);
    });

    test("a body changed after signing → 403", T, async () => {
      const before = await listIsgIds();
      const signedBody = JSON.stringify({ whitelistRules: [{ cidr: "10.0.0.0/8" }] });
      const response = await send({ method: "POST", path: "/prod/inputSecurityGroups", body: signedBody, sendBodyInstead: signedBody.replace("10.0", "11.0") });
      assertError(response, 403, "ForbiddenException", /signature/i);
      assert.deepEqual(await listIsgIds(), before);
    });

    test("auth is checked before the body: an unsigned bad body is 403, not 400", T, async () => {
      assertError(await send({ method: "POST", path: "/prod/inputSecurityGroups", body: "{not json", sign: false }), 403, "ForbiddenException");
      assertError(await send({ method: "GET", path: "/prod/channels", sign: false }), 403, "ForbiddenException");
    });
  });

  describe("nothing half-written", () => {
    /** RTP endpoints hold port..port+4 and start on an even port; the others hold one port. */
    function heldPorts(inputs: { type: string; destinations: { port: string }[] }[]): Set<number> {
      const held = new Set<number>();
      for (const input of inputs) {
        for (const destination of input.destinations) {
          const first = Number(destination.port);
          for (let port = first; port < first + (input.type === "RTP_PUSH" ? 5 : 1); port++) held.add(port);
        }
      }
      return held;
    }

    function lowestFree(held: Set<number>, span: number, alignment: number): number {
      for (let port = 5000; port + span - 1 <= 5999; port += alignment) {
        let free = true;
        for (let offset = 0; offset < span; offset++) if (held.has(port + offset)) free = false;
        if (free) return port;
      }
      throw new Error("range full");
    }

    async function liveInputs(): Promise<{ id: string; type: string; destinations: { port: string }[] }[]> {
      const response = await send({ method: "GET", path: "/prod/inputs" });
      return response.json.inputs;
    }

    test("a CreateInput refused for its second source/destination leaves no input and allocates no port", T, async () => {
      const beforeIds = await listInputIds();
      const refused: object[] = [
        { name: "bad-2nd-source", type: "URL_PULL", sources: [{ url: "https://203.0.113.1/a.m3u8" }, { url: "ftp://203.0.113.2/a.m3u8" }] },
        { name: "bad-2nd-dest", type: "RTMP_PUSH", inputSecurityGroups: [isgId], destinations: [{ streamName: "live/a" }, { streamName: "bad name" }] },
        { name: "bad-2nd-isg", type: "RTP_PUSH", inputSecurityGroups: [isgId, "0000001"] },
        { name: "dup-isg", type: "RTP_PUSH", inputSecurityGroups: [isgId, isgId] },
        { name: "bad-tags", type: "RTP_PUSH", inputSecurityGroups: [isgId], tags: { "aws:x": "y" } },
        { name: "bad-2nd-caller", type: "SRT_CALLER", srtSettings: { srtCallerSources: [{ srtListenerAddress: "203.0.113.5", srtListenerPort: "7000" }, { srtListenerAddress: "203.0.113.6", srtListenerPort: "0" }] } },
        { name: "udp", type: "UDP_PUSH", inputSecurityGroups: [isgId] },
      ];
      for (const body of refused) {
        const response = await send({ method: "POST", path: "/prod/inputs", body });
        assertError(response, 400, "BadRequestException");
        await assertAlive();
      }
      assert.deepEqual(await listInputIds(), beforeIds, "ListInputs unchanged");

      const held = heldPorts(await liveInputs());
      const first = lowestFree(held, 5, 2);
      for (let p = first; p < first + 5; p++) held.add(p);
      const second = lowestFree(held, 5, 2);
      const created = await send({ method: "POST", path: "/prod/inputs", body: { name: "after-refusals", type: "RTP_PUSH", inputSecurityGroups: [isgId] } });
      const input = assertJsonSuccess(created, 201).input;
      assert.deepEqual(
        input.destinations.map((d: { port: string }) => Number(d.port)),
        [first, second],
        "the next RTP input gets the lowest free ports",
      );
      const isg = (await send({ method: "GET", path: `/prod/inputSecurityGroups/${isgId}` })).json;
      assert.deepEqual(isg.inputs, [input.id], "the ISG is held only by the input that was created");
    });

    test("a refused UpdateInput changes nothing", T, async () => {
      const created = assertJsonSuccess(
        await send({ method: "POST", path: "/prod/inputs", body: { name: "keep", type: "RTMP_PUSH", inputSecurityGroups: [isgId], destinations: [{ streamName: "a/b" }, { streamName: "c/d" }] } }),
        201,
      ).input;
      const refused: object[] = [
        { name: "renamed", destinations: [{ streamName: "e/f" }, { streamName: "bad" }] },
        { name: "renamed", inputSecurityGroups: [isgId, "0000001"] },
        { name: "renamed", type: "RTP_PUSH" },
        { name: "renamed", sources: [{ url: "https://a/b.m3u8" }] },
      ];
      for (const body of refused) {
        const response = await send({ method: "PUT", path: `/prod/inputs/${created.id}`, body });
        assertError(response, 400, "BadRequestException");
      }
      const described = assertJsonSuccess(await send({ method: "GET", path: `/prod/inputs/${created.id}` }), 200);
      assert.equal(described.name, "keep");
      assert.deepEqual(described.destinations, created.destinations);
      assert.deepEqual(described.securityGroups, [isgId]);
    });

    test("a refused CreateInputSecurityGroup (bad 2nd rule) leaves no ISG", T, async () => {
      const before = await listIsgIds();
      for (const body of [
        { whitelistRules: [{ cidr: "10.0.0.0/8" }, { cidr: "10.0.0.0" }] },
        { whitelistRules: [{ cidr: "10.0.0.0/8" }], tags: { "aws:x": "1" } },
      ]) {
        assertError(await send({ method: "POST", path: "/prod/inputSecurityGroups", body }), 400, "BadRequestException");
      }
      assert.deepEqual(await listIsgIds(), before);
    });
  });
});

describe("raw HTTP against openlive: a CreateInput that runs out of ports is rolled back", () => {
  let openlive: OpenliveProcess;

  before(async () => {
    // 12 ports, the least openlive accepts: one RTP input fits (6000–6004 + 6006–6010) on
    // its own, but not once a single-port input holds 6000.
    openlive = await startOpenlive({ extraArgs: ["--push-port-range", "6000-6011"] });
  });

  after(async () => {
    await openlive?.stop();
  });

  test("the first endpoint's ports are released when the second cannot be allocated", T, async () => {
    const isg = await rawRequest(openlive, { method: "POST", path: "/prod/inputSecurityGroups", body: { whitelistRules: [{ cidr: "10.0.0.0/8" }] } });
    const isgId = isg.json.securityGroup.id;
    const single = await rawRequest(openlive, { method: "POST", path: "/prod/inputs", body: { type: "RTMP_PUSH", inputSecurityGroups: [isgId], destinations: [{ streamName: "one/only" }] } });
    assert.equal(single.status, 201, single.text);
    assert.deepEqual(single.json.input.destinations.map((d: { port: string }) => d.port), ["6000"]);

    // Pipeline 0 would get 6002–6006; pipeline 1 needs 6008–6012, past the range.
    const rtp = await rawRequest(openlive, { method: "POST", path: "/prod/inputs", body: { type: "RTP_PUSH", inputSecurityGroups: [isgId] } });
    assertError(rtp, 400, "BadRequestException", /6000-6011|port/i);
    const list = await rawRequest(openlive, { method: "GET", path: "/prod/inputs" });
    assert.deepEqual(list.json.inputs.map((i: { id: string }) => i.id), [single.json.input.id], "no input was added");
    const isgAfter = await rawRequest(openlive, { method: "GET", path: `/prod/inputSecurityGroups/${isgId}` });
    assert.deepEqual(isgAfter.json.inputs, [single.json.input.id], "the refused input holds no ISG");

    const rtmp = await rawRequest(openlive, {
      method: "POST",
      path: "/prod/inputs",
      body: { type: "RTMP_PUSH", inputSecurityGroups: [isgId], destinations: [{ streamName: "a/b" }, { streamName: "c/d" }] },
    });
    assert.equal(rtmp.status, 201, rtmp.text);
    assert.deepEqual(
      rtmp.json.input.destinations.map((d: { port: string }) => d.port),
      ["6001", "6002"],
      "the ports the refused RTP input tried (6002–6006) were not kept",
    );
    assert.equal(openlive.child.exitCode, null);
  });
});

describe("raw HTTP against openlive: a client that hangs up mid-body", () => {
  let openlive: OpenliveProcess;

  before(async () => {
    openlive = await startOpenlive();
  });

  after(async () => {
    await openlive?.stop();
  });

  test("is neither answered nor logged as an internal error (500), and openlive keeps working", T, async () => {
    const url = new URL(openlive.url);
    const head = `POST /prod/inputSecurityGroups HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"whitelistRules"`;
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(Number(url.port), url.hostname, () => {
        socket.write(head);
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 200);
      });
      socket.on("error", reject);
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const listed = await rawRequest(openlive, { method: "GET", path: "/prod/inputs" });
    assert.equal(listed.status, 200);
    const serverErrors = openlive
      .logs()
      .split("\n")
      .filter((line) => /"status":5\d\d|"level":50/.test(line));
    assert.deepEqual(serverErrors, [], "a client hang-up is the client's doing, not an internal server error");
  });
});
