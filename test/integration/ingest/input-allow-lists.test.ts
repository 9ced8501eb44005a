// An ISG edit through the service reaches a running RTP endpoint without a restart:
// the change feed updates the input's allow-list, and ffmpeg's datagrams from 127.0.0.2
// go from dropped to accepted.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { ChangeFeed } from "../../../src/domain/change-feed.ts";
import { InputService } from "../../../src/domain/input-service.ts";
import { IsgService } from "../../../src/domain/isg-service.ts";
import { InputAllowLists } from "../../../src/ingest/input-allow-lists.ts";
import { RtpPushEndpoint } from "../../../src/ingest/rtp-push/rtp-push-endpoint.ts";
import { SqliteRepository } from "../../../src/store/sqlite/sqlite-repository.ts";
import { freeUdpPort } from "../../helpers/media-fixtures.ts";

describe("ISG edits reach running endpoints", { timeout: 30_000 }, () => {
  it("admits 127.0.0.2 as soon as UpdateInputSecurityGroup adds it", async () => {
    const repository = new SqliteRepository(path.join(mkdtempSync(path.join(tmpdir(), "openlive-allow-")), "openlive.db"));
    const changes = new ChangeFeed();
    const common = { repository, changes, nowMs: () => Date.now(), deletedRetentionMs: 3_600_000 };
    const isgs = new IsgService(common);
    const inputs = new InputService({ ...common, pushAddresses: ["127.0.0.1", "127.0.0.1"], pushPortRange: { first: 41000, last: 41099 }, inputRoots: [] });
    const allowLists = new InputAllowLists(repository, changes);
    const isg = await isgs.create([{ cidr: "127.0.0.1/32" }], undefined);
    const input = await inputs.create({ type: "RTP_PUSH", name: "rtp", inputSecurityGroups: [isg.record.id] });

    const port = await freeUdpPort();
    let bytes = 0;
    const endpoint = new RtpPushEndpoint({ address: "127.0.0.1", port, allowList: await allowLists.forInput(input.record.id), onTs: (chunk) => (bytes += chunk.length) });
    await endpoint.start();
    const ffmpeg = spawn("ffmpeg", ["-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-t", "4", "-c:v", "libx264", "-preset", "ultrafast", "-f", "rtp_mpegts", `rtp://127.0.0.1:${port}?localaddr=127.0.0.2`], { stdio: "ignore" });
    const exited = new Promise<number | null>((resolve) => ffmpeg.once("exit", (code) => resolve(code)));
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(bytes, 0, "127.0.0.2 is not in the group yet");
      assert.ok(endpoint.stats.disallowedDatagrams > 0);
      await isgs.update(isg.record.id, [{ cidr: "127.0.0.1/32" }, { cidr: "127.0.0.2/32" }], undefined);
      const dropped = endpoint.stats.disallowedDatagrams;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.ok(bytes > 10_000, `accepted within a second of the edit: ${bytes} bytes`);
      assert.equal(endpoint.stats.disallowedDatagrams, dropped);
      assert.equal(await exited, 0);
    } finally {
      ffmpeg.kill("SIGKILL");
      await endpoint.close();
      allowLists.close();
      await repository.close();
    }
  });
});
