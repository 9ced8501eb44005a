// A release stops the address's announcement still running: a gratuitous ARP sent after the
// address left this machine would pull its traffic back here from the worker that took it over.
// `commandPrefix` runs ip and arping through a script that records each call; its arping
// announces for 5 s, much longer than the release may take.

import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { AddressTakeover } from "../../../src/cluster/address/address-takeover.ts";
import type { AlertEvent } from "../../../src/shared/alerts.ts";

const folder = mkdtempSync(path.join(tmpdir(), "openlive-takeover-"));
after(() => rmSync(folder, { recursive: true, force: true }));

describe("AddressTakeover.release", () => {
  it("stops the address's running announcement before removing it, without an alert", async () => {
    const calls = path.join(folder, "calls.log");
    const fake = path.join(folder, "fake.sh");
    const arpingPid = path.join(folder, "arping.pid");
    // exec: the announcing process is the one openlive started, as a real arping is.
    writeFileSync(fake, `#!/bin/sh\necho "start $*" >> ${calls}\nif [ "$1" = arping ]; then echo $$ > ${arpingPid}; exec sleep 5; fi\n`);
    chmodSync(fake, 0o755);
    const alerts: AlertEvent[] = [];
    const takeover = new AddressTakeover({ zone: "a", nodeId: "w1", interface: "eth9", commandPrefix: [fake], logger: { info: () => undefined, warn: () => undefined }, onAlert: (alert) => alerts.push(alert) });
    await takeover.hold(["10.9.0.10"]);
    // The announcement has started: arping runs beside the queue.
    for (let waited = 0; !readFileSync(calls, "utf8").includes("start arping") && waited < 3000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    const releasedAtMs = Date.now();
    await takeover.release(["10.9.0.10"]);
    const releaseMs = Date.now() - releasedAtMs;
    const log = readFileSync(calls, "utf8").trim().split("\n");
    assert.ok(releaseMs < 2000, `release took ${releaseMs} ms: it waited for the announcement instead of stopping it`);
    const pid = Number(readFileSync(arpingPid, "utf8"));
    assert.throws(() => process.kill(pid, 0), "the announcing process is gone once release() returns");
    const removeAt = log.findIndex((line) => line.startsWith("start ip") && line.includes(" del "));
    assert.ok(removeAt > log.indexOf("start arping -U -c 2 -I eth9 10.9.0.10"), `the address is removed after the announcement stopped: ${log.join(" | ")}`);
    assert.deepEqual(alerts, [], "a stopped announcement is not a failure");
    await takeover.close();
  });
});
