// The demo's channel JSON (a failover pair that the channel validator accepts) and its
// upstreams' lifecycle: cut() stops an input's upstreams and keeps them off, restore() starts
// them again, stop() leaves nothing running. The upstreams are real child processes (a
// stand-in script for ffmpeg that sleeps), spawned through setpriv as in the demo.

import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import pino from "pino";
import { demoChannelRequest, DEMO_ERROR_CLEAR_MS, DEMO_INPUT_LOSS_MS } from "../../../src/demo/demo.ts";
import { startUpstreams, upstreamArgs, type UpstreamTarget } from "../../../src/demo/upstreams.ts";
import type { ChannelConfig } from "../../../src/domain/channels/channel-config.ts";
import { validateChannelConfig } from "../../../src/domain/channels/validate-channel.ts";
import type { InputRecord } from "../../../src/domain/records.ts";
import { validateShape } from "../../../src/model/validate.ts";
import { pidsWithMarker } from "../../helpers/media-fixtures.ts";
import { until } from "../../helpers/until.ts";

function rtpInput(id: string): InputRecord {
  return { id, name: id, type: "RTP_PUSH", inputClass: "STANDARD", streamNames: [], endpoints: [], sources: [], securityGroupIds: ["1"], srtCallerSources: [], tags: {}, attachedChannelIds: [] };
}

describe("demoChannelRequest", () => {
  const request = demoChannelRequest("1000001", "1000002", ["file:///tmp/demo/0/live", "file:///tmp/demo/1/live"], "000000000000");

  it("is a valid CreateChannel request with main → backup as an automatic input failover pair", () => {
    assert.deepEqual(validateShape("CreateChannelRequest", request), []);
    const inputs = new Map([["1000001", rtpInput("1000001")], ["1000002", rtpInput("1000002")]]);
    assert.deepEqual(validateChannelConfig(request as unknown as ChannelConfig, { inputs }), []);
    const [main, backup] = request.inputAttachments as Record<string, any>[];
    assert.equal(main!.inputAttachmentName, "main");
    assert.deepEqual(main!.automaticInputFailoverSettings, {
      secondaryInputId: "1000002",
      inputPreference: "PRIMARY_INPUT_PREFERRED",
      errorClearTimeMsec: DEMO_ERROR_CLEAR_MS,
      failoverConditions: [{ failoverConditionSettings: { inputLossSettings: { inputLossThresholdMsec: DEMO_INPUT_LOSS_MS } } }],
    });
    assert.equal(backup!.inputAttachmentName, "backup");
    assert.equal(backup!.inputId, "1000002");
  });
});

describe("upstreamArgs", () => {
  it("sends a 720p test pattern to main and 360p bars to backup, each over RTP to its endpoint", () => {
    const main = upstreamArgs({ attachment: "main", pipeline: 1, url: "rtp://127.0.0.1:5002" }, undefined);
    const backup = upstreamArgs({ attachment: "backup", pipeline: 0, url: "rtp://127.0.0.1:5004" }, "/fonts/x.ttf");
    assert.ok(main.includes("testsrc2=size=1280x720:rate=30"));
    assert.ok(backup.includes("smptehdbars=size=640x360:rate=30"));
    assert.deepEqual(main.slice(-3), ["-f", "rtp_mpegts", "rtp://127.0.0.1:5002"]);
    assert.deepEqual(backup.slice(-3), ["-f", "rtp_mpegts", "rtp://127.0.0.1:5004"]);
    assert.ok(!main.includes("-vf"), "no label without a font");
    assert.match(backup[backup.indexOf("-vf") + 1]!, /text='BACKUP  pipeline 0 /);
  });
});

describe("startUpstreams: cut and restore", { timeout: 30_000 }, () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), "openlive-demo-upstreams-"));
  after(() => rmSync(folder, { recursive: true, force: true }));
  // Stands in for ffmpeg: runs until signalled; its arguments (the endpoint last) stay in /proc.
  const fakeFfmpeg = path.join(folder, "fake-ffmpeg");
  writeFileSync(fakeFfmpeg, "#!/bin/sh\ntrap 'exit 0' TERM\nwhile :; do sleep 0.2; done\n");
  chmodSync(fakeFfmpeg, 0o755);
  const marker = `${folder}-endpoint`;
  const targets: UpstreamTarget[] = [
    { attachment: "main", pipeline: 0, url: `rtp://${marker}/main0` },
    { attachment: "main", pipeline: 1, url: `rtp://${marker}/main1` },
    { attachment: "backup", pipeline: 0, url: `rtp://${marker}/backup0` },
    { attachment: "backup", pipeline: 1, url: `rtp://${marker}/backup1` },
  ];
  /** The targets (as "main0", …) whose stand-in upstream runs now: the endpoint is its last argument, NUL-terminated in /proc. */
  const running = (): string[] => targets.filter((target) => pidsWithMarker(`${target.url}\0`).length > 0).map((target) => `${target.attachment}${target.pipeline}`);

  it("cuts main only, keeps it off, restores it, and stop() ends them all", async () => {
    const upstreams = startUpstreams(targets, pino({ level: "silent" }), fakeFfmpeg);
    try {
      await until("four upstreams", () => (running().length === 4 ? true : undefined), 10_000);
      upstreams.cut("main");
      upstreams.cut("main"); // idempotent
      assert.deepEqual(upstreams.states().map((s) => `${s.attachment}/${s.pipeline}:${s.state}`), ["main/0:cut", "main/1:cut", "backup/0:sending", "backup/1:sending"]);
      await until("main's upstreams to exit", () => (running().join() === "backup0,backup1" ? true : undefined), 10_000);
      // Not restarted behind the user's back (the demo restarts an upstream that exits after 1 s).
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      assert.deepEqual(running(), ["backup0", "backup1"]);
      upstreams.restore("main");
      assert.ok(upstreams.states().every((s) => s.state === "sending"));
      await until("main's upstreams again", () => (running().length === 4 ? true : undefined), 10_000);
    } finally {
      await upstreams.stop();
    }
    assert.deepEqual(running(), []);
  });
});
