// The master playlist writer never writes through a file planted in the output folder: the
// security review's F3 planted `index.m3u8.tmp -> <a root-only file>` and the writer
// overwrote the target. Writes go through a fresh, exclusively created temp file.

import assert from "node:assert/strict";
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { planEncoder } from "../../../../src/output/encoder/encoder-plan.ts";
import { writeMasterPlaylists } from "../../../../src/output/hls/publish-master-playlists.ts";
import type { ChannelConfig } from "../../../../src/domain/channels/channel-config.ts";
import { fileDestination, minimalHls, planRequest } from "../encoder/encoder-fixtures.ts";

describe("writeMasterPlaylists", () => {
  it("does not write through links planted under the temp or final names", async () => {
    const work = mkdtempSync(path.join(tmpdir(), "openlive-master-"));
    const folder = path.join(work, "live");
    const victim = path.join(work, "victim.txt");
    const victimFinal = path.join(work, "victim-final.txt");
    writeFileSync(victim, "ROOT-ONLY\n");
    writeFileSync(victimFinal, "ROOT-ONLY TOO\n");
    chmodSync(victim, 0o600);
    (await import("node:fs")).mkdirSync(folder);
    symlinkSync(victim, path.join(folder, "index.m3u8.tmp"));
    symlinkSync(victimFinal, path.join(folder, "index.m3u8"));
    const config = minimalHls() as ChannelConfig;
    const plan = planEncoder(planRequest(config, { hls: fileDestination(folder) }));
    await writeMasterPlaylists(plan, config, 0);
    assert.equal(readFileSync(victim, "utf8"), "ROOT-ONLY\n", "the planted temp link's target is untouched");
    assert.equal(readFileSync(victimFinal, "utf8"), "ROOT-ONLY TOO\n", "the planted final link's target is untouched");
    // The playlist replaced the link itself.
    assert.ok(lstatSync(path.join(folder, "index.m3u8")).isFile());
    assert.match(readFileSync(path.join(folder, "index.m3u8"), "utf8"), /^#EXTM3U/);
    assert.deepEqual(readdirSync(folder).filter((name) => name !== "index.m3u8.tmp" && name.endsWith(".tmp")), [], "no temp file is left behind");
  });
});
