// The channel's logLevel → its pipelines' pino level, and the one start line listing the
// settings openlive accepted without reproducing them.

import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { describe, it } from "node:test";
import pino from "pino";
import type { ChannelConfig } from "../../../src/domain/channels/channel-config.ts";
import { notHonouredSettings } from "../../../src/domain/channels/not-honoured.ts";
import { logNotReproduced, NOT_REPRODUCED_MESSAGE, pipelineLogLevel } from "../../../src/runtime/channel-log.ts";
import { minimalHls } from "../../helpers/minimal-channel.ts";

function capture(): { logger: pino.Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString("utf8"));
      done();
    },
  });
  const logger = pino({ level: "info" }, sink);
  return { logger, lines: () => chunks.join("").split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe("channel logging", () => {
  it("maps MediaLive's channel logLevel to the pipelines' pino level; absent: openlive's own", () => {
    const config = (logLevel?: string): ChannelConfig => ({ ...minimalHls(), ...(logLevel ? { logLevel } : {}) }) as ChannelConfig;
    assert.equal(pipelineLogLevel(config("DEBUG"), "info"), "debug");
    assert.equal(pipelineLogLevel(config("INFO"), "warn"), "info");
    assert.equal(pipelineLogLevel(config("WARNING"), "info"), "warn");
    assert.equal(pipelineLogLevel(config("ERROR"), "info"), "error");
    assert.equal(pipelineLogLevel(config("DISABLED"), "info"), "info", "DISABLED is told, not followed");
    assert.equal(pipelineLogLevel(config(), "trace"), "trace");
  });

  it("logs the not-reproduced settings once, with paths and reasons, at info", () => {
    const channel = minimalHls();
    channel.encoderSettings.nielsenConfiguration = { distributorId: "x" };
    channel.encoderSettings.globalConfiguration = { outputTimingSource: "SYSTEM_CLOCK" };
    const config = channel as ChannelConfig;
    const { logger, lines } = capture();
    logNotReproduced(logger, "1234567", config);
    const logged = lines();
    assert.equal(logged.length, 1);
    assert.equal(logged[0]!.msg, NOT_REPRODUCED_MESSAGE);
    assert.equal(logged[0]!.level, 30, "info");
    assert.equal(logged[0]!.channelId, "1234567");
    const listed = logged[0]!.notHonoured as { elementPath: string; reason: string }[];
    assert.deepEqual(listed, notHonouredSettings(config).map(({ elementPath, reason }) => ({ elementPath, reason })));
    assert.deepEqual(listed.map((item) => item.elementPath).sort(), ["encoderSettings.globalConfiguration.outputTimingSource", "encoderSettings.nielsenConfiguration"]);
    assert.match(listed.find((item) => item.elementPath === "encoderSettings.nielsenConfiguration")!.reason, /Nielsen/);
  });

  it("logs nothing when every setting is reproduced", () => {
    const config = minimalHls() as ChannelConfig;
    assert.deepEqual(notHonouredSettings(config), []);
    const { logger, lines } = capture();
    logNotReproduced(logger, "1234567", config);
    assert.deepEqual(lines(), []);
  });
});
