import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { allChannels } from "../../../src/domain/all-channels.ts";
import type { ChannelRecord } from "../../../src/domain/channels/channel-record.ts";
import type { PageRequest } from "../../../src/domain/repository.ts";
import { describable } from "../../../src/domain/tombstone.ts";

describe("allChannels", () => {
  it("reads every page in order, 1000 records at a time", async () => {
    const stored = Array.from({ length: 2500 }, (_, index) => ({ id: String(index) }) as ChannelRecord);
    const requests: PageRequest[] = [];
    const repository = {
      async listChannels(page: PageRequest) {
        requests.push(page);
        const start = page.after ?? 0;
        const items = stored.slice(start, start + page.limit);
        return start + page.limit < stored.length ? { items, nextAfter: start + page.limit } : { items };
      },
    };
    const seen: string[] = [];
    for await (const record of allChannels(repository)) seen.push(record.id);
    assert.deepEqual(seen, stored.map((record) => record.id));
    assert.deepEqual(requests, [{ limit: 1000 }, { after: 1000, limit: 1000 }, { after: 2000, limit: 1000 }]);
  });

  it("reads once when there is nothing", async () => {
    let reads = 0;
    for await (const _ of allChannels({ listChannels: async () => (reads++, { items: [] }) })) assert.fail("no channel");
    assert.equal(reads, 1);
  });
});

describe("describable", () => {
  it("shows live records and deleted ones within the retention window only", () => {
    assert.equal(describable(undefined, 1_000, 100), false);
    assert.equal(describable({}, 1_000, 100), true);
    assert.equal(describable({ deletedAtMs: 900 }, 1_000, 100), true);
    assert.equal(describable({ deletedAtMs: 899 }, 1_000, 100), false);
  });
});
