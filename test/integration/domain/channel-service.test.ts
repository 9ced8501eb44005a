import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { ApiError } from "../../../src/shared/errors.ts";
import { domainServices, hlsChannelRequest } from "../../helpers/domain-services.ts";

function services() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "openlive-channels-"));
  return domainServices({ dataDir, inputRoots: [path.join(dataDir, "media")], pushPortRange: { first: 40000, last: 40099 } });
}

function channelRequest(inputId: string, url: string): Record<string, unknown> {
  return hlsChannelRequest({ inputId, attachmentName: "main", url });
}

describe("ChannelService", () => {
  it("attaches inputs, notifies, lets two idle channels share a destination and refuses to start the second while the first runs", async () => {
    const { isgs, inputs, channels, changes, repository } = await services();
    const isg = await isgs.create([{ cidr: "127.0.0.1/32" }], undefined);
    const a = await inputs.create({ type: "RTP_PUSH", name: "a", inputSecurityGroups: [isg.record.id] });
    const b = await inputs.create({ type: "RTP_PUSH", name: "b", inputSecurityGroups: [isg.record.id] });
    const notified: string[] = [];
    changes.on("inputChanged", (event) => notified.push(event.inputId));
    const first = await channels.create(channelRequest(a.record.id, "file:///tmp/openlive-svc/live/index"));
    assert.equal(first.state, "IDLE");
    assert.deepEqual((await inputs.describe(a.record.id)).state, "ATTACHED");
    assert.deepEqual(notified, [a.record.id]);
    // A standby channel on the same destination is created (MediaLive allows it) …
    const standby = await channels.create(channelRequest(b.record.id, "file:///tmp/openlive-svc/live/index"));
    assert.equal((await inputs.describe(b.record.id)).state, "ATTACHED");
    await channels.checkDestinationsFree(standby);
    // … but does not start while the main one runs there.
    await repository.setChannelState(first.id, "RUNNING");
    await assert.rejects(channels.checkDestinationsFree(standby), (error) => {
      assert.ok(error instanceof ApiError && error.status === 409, String(error));
      assert.match(error.message, new RegExp(`file:///tmp/openlive-svc/live/index is the destination of channel ${first.id}, which is running`));
      return true;
    });
    await repository.setChannelState(first.id, "IDLE");
    await channels.checkDestinationsFree(standby);
    // A channel may keep its own destination on update.
    await channels.update(first.id, { name: "renamed" });
    assert.equal((await channels.describe(first.id)).config.name, "renamed");
  });

  it("keeps requestId retries idempotent and refuses a reused token", async () => {
    const { isgs, inputs, channels } = await services();
    const isg = await isgs.create([{ cidr: "127.0.0.1/32" }], undefined);
    const a = await inputs.create({ type: "RTP_PUSH", name: "a", inputSecurityGroups: [isg.record.id] });
    const request = { ...channelRequest(a.record.id, "file:///tmp/openlive-svc2/live/index"), requestId: "token-1" };
    const first = await channels.create(request);
    assert.equal((await channels.create(request)).id, first.id);
    await assert.rejects(channels.create({ ...request, name: "other" }), (error) => error instanceof ApiError && error.status === 409);
  });

  it("drops the role when an update omits roleArn, as MediaLive does", async () => {
    const { isgs, inputs, channels } = await services();
    const isg = await isgs.create([{ cidr: "127.0.0.1/32" }], undefined);
    const a = await inputs.create({ type: "RTP_PUSH", name: "a", inputSecurityGroups: [isg.record.id] });
    const created = await channels.create({ ...channelRequest(a.record.id, "file:///tmp/openlive-svc3/live/index"), roleArn: "arn:aws:iam::111122223333:role/x" });
    assert.equal(created.config.roleArn, "arn:aws:iam::111122223333:role/x");
    const updated = await channels.update(created.id, { name: "n" });
    assert.equal(updated.config.roleArn, undefined);
    assert.equal(updated.config.name, "n");
  });
});
