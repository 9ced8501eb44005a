import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { ChangeFeed } from "../../../src/domain/change-feed.ts";
import { ChannelService } from "../../../src/domain/channels/channel-service.ts";
import { validateChannelConfig } from "../../../src/domain/channels/validate-channel.ts";
import { InputService } from "../../../src/domain/input-service.ts";
import { IsgService } from "../../../src/domain/isg-service.ts";
import { verifyPullInputs } from "../../../src/ingest/pull-check/verify-pull-inputs.ts";
import { ApiError } from "../../../src/shared/errors.ts";
import { SqliteRepository } from "../../../src/store/sqlite/sqlite-repository.ts";

function services() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "openlive-channels-"));
  const repository = new SqliteRepository(path.join(dataDir, "openlive.db"));
  const inputRoots = [path.join(dataDir, "media")];
  const changes = new ChangeFeed();
  const common = { repository, changes, nowMs: () => Date.now(), deletedRetentionMs: 3_600_000 };
  const isgs = new IsgService(common);
  const inputs = new InputService({ ...common, pushAddresses: ["127.0.0.1", "127.0.0.1"], pushPortRange: { first: 40000, last: 40099 }, inputRoots });
  const channels = new ChannelService({
    ...common,
    validateConfig: validateChannelConfig,
    verifyPullInputs: (targets) => verifyPullInputs(targets, { timeoutMs: 2000, resolveSecret: () => undefined, inputRoots }),
    inputRoots,
  });
  return { repository, changes, isgs, inputs, channels };
}

function channelRequest(inputId: string, url: string): Record<string, unknown> {
  return {
    name: "c",
    channelClass: "SINGLE_PIPELINE",
    inputAttachments: [{ inputId, inputAttachmentName: "main", inputSettings: { audioSelectors: [{ name: "default" }] } }],
    destinations: [{ id: "d", settings: [{ url }] }],
    encoderSettings: {
      timecodeConfig: { source: "SYSTEMCLOCK" },
      videoDescriptions: [{ name: "v", codecSettings: { h264Settings: { rateControlMode: "CBR", bitrate: 1_000_000 } } }],
      audioDescriptions: [{ name: "a", audioSelectorName: "default", codecSettings: { aacSettings: { bitrate: 96000 } } }],
      outputGroups: [
        {
          name: "hls",
          outputGroupSettings: { hlsGroupSettings: { destination: { destinationRefId: "d" } } },
          outputs: [{ outputName: "o", videoDescriptionName: "v", audioDescriptionNames: ["a"], outputSettings: { hlsOutputSettings: { nameModifier: "_1", hlsSettings: { standardHlsSettings: { m3u8Settings: {} } } } } }],
        },
      ],
    },
  };
}

function problemsOf(error: unknown): string[] {
  assert.ok(error instanceof ApiError, String(error));
  assert.equal(error.status, 422, error.message);
  return (error.validationErrors ?? []).map((p) => `${p.elementPath}: ${p.errorMessage}`);
}

describe("ChannelService", () => {
  it("attaches inputs, notifies, and refuses a second channel on the same destination", async () => {
    const { isgs, inputs, channels, changes } = services();
    const isg = await isgs.create([{ cidr: "127.0.0.1/32" }], undefined);
    const a = await inputs.create({ type: "RTP_PUSH", name: "a", inputSecurityGroups: [isg.record.id] });
    const b = await inputs.create({ type: "RTP_PUSH", name: "b", inputSecurityGroups: [isg.record.id] });
    const notified: string[] = [];
    changes.on("inputChanged", (event) => notified.push(event.inputId));
    const first = await channels.create(channelRequest(a.record.id, "file:///tmp/openlive-svc/live/index"));
    assert.equal(first.state, "IDLE");
    assert.deepEqual((await inputs.describe(a.record.id)).state, "ATTACHED");
    assert.deepEqual(notified, [a.record.id]);
    await assert.rejects(channels.create(channelRequest(b.record.id, "file:///tmp/openlive-svc/live/index")), (error) => {
      assert.deepEqual(problemsOf(error), [`destinations[0].settings[0].url: file:///tmp/openlive-svc/live/index is already the destination of channel ${first.id}; each channel publishes to its own place`]);
      return true;
    });
    // The refused channel left its input detached; another destination works.
    assert.equal((await inputs.describe(b.record.id)).state, "DETACHED");
    await channels.create(channelRequest(b.record.id, "file:///tmp/openlive-svc/live-b/index"));
    // A channel may keep its own destination on update.
    await channels.update(first.id, { name: "renamed" });
    assert.equal((await channels.describe(first.id)).config.name, "renamed");
  });

  it("keeps requestId retries idempotent and refuses a reused token", async () => {
    const { isgs, inputs, channels } = services();
    const isg = await isgs.create([{ cidr: "127.0.0.1/32" }], undefined);
    const a = await inputs.create({ type: "RTP_PUSH", name: "a", inputSecurityGroups: [isg.record.id] });
    const request = { ...channelRequest(a.record.id, "file:///tmp/openlive-svc2/live/index"), requestId: "token-1" };
    const first = await channels.create(request);
    assert.equal((await channels.create(request)).id, first.id);
    await assert.rejects(channels.create({ ...request, name: "other" }), (error) => error instanceof ApiError && error.status === 409);
  });

  it("drops the role when an update omits roleArn, as MediaLive does", async () => {
    const { isgs, inputs, channels } = services();
    const isg = await isgs.create([{ cidr: "127.0.0.1/32" }], undefined);
    const a = await inputs.create({ type: "RTP_PUSH", name: "a", inputSecurityGroups: [isg.record.id] });
    const created = await channels.create({ ...channelRequest(a.record.id, "file:///tmp/openlive-svc3/live/index"), roleArn: "arn:aws:iam::111122223333:role/x" });
    assert.equal(created.config.roleArn, "arn:aws:iam::111122223333:role/x");
    const updated = await channels.update(created.id, { name: "n" });
    assert.equal(updated.config.roleArn, undefined);
    assert.equal(updated.config.name, "n");
  });
});
