// POST /openlive/check on a running service: SigV4 like the API, the JSON report as the
// answer, usage mistakes as 400 BadRequestException. A quick RTP push passes through it.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { CheckReport } from "../../../src/check/check-types.ts";
import { freeTcpPort, freeUdpPort } from "../../helpers/media-fixtures.ts";
import { startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { rawRequest } from "../../helpers/signed-fetch.ts";
import { ffmpegUpstream, H264_AAC, killChildForTest } from "./check-process.ts";

describe("POST /openlive/check", { timeout: 90_000 }, () => {
  let openlive: OpenliveProcess;
  before(async () => {
    openlive = await startOpenlive();
  });
  after(async () => {
    await openlive?.stop();
  });

  it("needs a SigV4 signature", async () => {
    const response = await rawRequest(openlive, { method: "POST", path: "/openlive/check", body: { urls: ["rtp://127.0.0.1:5000"] }, sign: false });
    assert.equal(response.status, 403);
    assert.equal(response.headers["x-amzn-errortype"], "ForbiddenException");
  });

  it("refuses usage mistakes with 400 and the reason", async () => {
    const response = await rawRequest(openlive, { method: "POST", path: "/openlive/check", body: { urls: ["rtsp://camera/stream"] } });
    assert.equal(response.status, 400);
    assert.equal(response.headers["x-amzn-errortype"], "BadRequestException");
    assert.match(response.json.message, /rtsp:\/\/ is not an input protocol/);
    const unknown = await rawRequest(openlive, { method: "POST", path: "/openlive/check", body: { urls: ["rtp://127.0.0.1:5000"], secondz: 3 } });
    assert.equal(unknown.status, 400);
    assert.match(unknown.json.message, /unknown member "secondz"/);
  });

  it("answers the report: a dead pull URL fails with its reason", async () => {
    const port = await freeTcpPort();
    const response = await rawRequest(openlive, { method: "POST", path: "/openlive/check", body: { urls: [`http://127.0.0.1:${port}/a.m3u8`], seconds: 2, timeoutMs: 1000 } });
    assert.equal(response.status, 200, response.text);
    const report = response.json as CheckReport;
    assert.equal(report.summary.ready, false);
    const direction = report.lines.find((entry) => entry.id === "direction");
    assert.equal(direction?.verdict, "fail");
    assert.match(direction?.detail ?? "", /is not ready: connection refused$/);
  });

  it("checks an RTP push while the service runs", async () => {
    const port = await freeUdpPort();
    const pending = rawRequest(openlive, { method: "POST", path: "/openlive/check", body: { urls: [`rtp://127.0.0.1:${port}`], seconds: 4, inputSpec: "AVC,SD,MAX_10_MBPS" }, timeoutMs: 30_000 });
    // The service binds the port when the request arrives; RTP is fire-and-forget, so starting a moment later is enough.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const upstream = ffmpegUpstream([...H264_AAC, "-f", "rtp_mpegts", `rtp://127.0.0.1:${port}`]);
    try {
      const response = await pending;
      assert.equal(response.status, 200, response.text);
      const report = response.json as CheckReport;
      assert.deepEqual(report.lines.filter((entry) => entry.verdict === "fail"), []);
      assert.equal(report.summary.ready, true);
      assert.equal(report.lines.find((entry) => entry.id === "input-spec")?.verdict, "pass");
    } finally {
      await killChildForTest(upstream);
    }
  });
});
