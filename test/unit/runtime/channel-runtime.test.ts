import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import pino from "pino";
import { ChangeFeed } from "../../../src/domain/change-feed.ts";
import type { ChannelRecord } from "../../../src/domain/channels/channel-record.ts";
import type { Repository } from "../../../src/domain/repository.ts";
import type { InputAllowLists } from "../../../src/ingest/input-allow-lists.ts";
import { ChannelRuntime } from "../../../src/runtime/channel-runtime.ts";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "openlive-runtime-"));
after(() => rmSync(dataDir, { recursive: true, force: true }));

function runtime(): ChannelRuntime {
  return new ChannelRuntime({
    repository: {} as Repository,
    changes: new ChangeFeed(),
    allowLists: { onUpdate: () => {} } as unknown as InputAllowLists,
    dataDir,
    logger: pino({ level: "silent" }),
    logLevel: "silent",
    nowMs: () => 0,
    inputRoots: [],
    outputRoots: [],
    checkOutputPlaces: () => [],
  });
}

const channel = (state: ChannelRecord["state"]): ChannelRecord => ({ id: "7654321", state, tags: {}, config: { channelClass: "STANDARD" } as unknown as ChannelRecord["config"] });

describe("ChannelRuntime (the single-node channel-runtime port)", () => {
  it("hands out a pipeline's picture as bytes and time, and nothing before the first one", async () => {
    const folder = path.join(dataDir, "pipelines", "7654321", "1");
    mkdirSync(folder, { recursive: true });
    const subject = runtime();
    assert.equal(await subject.thumbnail("7654321", 1), undefined, "no file yet");
    writeFileSync(path.join(folder, "thumbnail.jpg"), "");
    assert.equal(await subject.thumbnail("7654321", 1), undefined, "an empty file is no picture");
    writeFileSync(path.join(folder, "thumbnail.jpg"), Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
    utimesSync(path.join(folder, "thumbnail.jpg"), 1_700_000_000, 1_700_000_000);
    const thumbnail = await subject.thumbnail("7654321", 1);
    assert.deepEqual([...thumbnail!.jpeg], [0xff, 0xd8, 0xff, 0xd9]);
    assert.equal(thumbnail!.atMs, 1_700_000_000_000);
    await subject.close();
  });

  it("reports nothing of a channel that does not run, and refuses what needs running pipelines", async () => {
    const subject = runtime();
    assert.equal(await subject.view("7654321"), undefined);
    assert.deepEqual(await subject.alerts("7654321"), []);
    assert.deepEqual(await subject.detectedProperties("1111111"), []);
    await assert.rejects(subject.restartPipelines(channel("IDLE"), [0]), /Cannot restart the pipelines of channel 7654321 while it is IDLE/);
    await assert.rejects(subject.stop(channel("IDLE")), /Cannot stop channel 7654321 while it is IDLE/);
    assert.equal((await subject.stop(channel("STOPPING"))).state, "STOPPING");
    await assert.rejects(subject.start(channel("RUNNING")), /Cannot start channel 7654321 while it is RUNNING/);
    await subject.close();
  });
});
