// Endpoint address takeover on a network of namespaces (test/helpers/netns.ts): workers A and
// B of one zone and an encoder on one bridge. A holds the endpoint address and receives the
// encoder's UDP; A lets go (or is unplugged, as a dead machine), B holds the address and
// announces it, and the encoder's next datagrams reach B with nothing done on the encoder:
// its neighbour table now has B's MAC for the address. Also: hold and release are idempotent
// and never throw, a failed step raises the alert and a later success clears it, and the
// hook path runs `<hook> add|remove <address> <zone> <node-id>` instead of ip/arping.
//
// The namespace cases need root; without it they skip, saying so. The hook cases run anywhere.

import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { AddressTakeover } from "../../../src/cluster/address/address-takeover.ts";
import type { AlertEvent } from "../../../src/shared/alerts.ts";
import { createNetnsBed, netnsSkipReason, type NetnsBed, type NetnsHost } from "../../helpers/netns.ts";
import { until } from "../../helpers/until.ts";

const ENDPOINT = "10.77.0.10";
const PORT = 5000;

const quietLogger = { lines: [] as string[], info(fields: object, message: string) { this.lines.push(`${message} ${JSON.stringify(fields)}`); }, warn(fields: object, message: string) { this.lines.push(`${message} ${JSON.stringify(fields)}`); } };

function takeover(host: NetnsHost | undefined, nodeId: string, alerts: AlertEvent[], extra: Partial<ConstructorParameters<typeof AddressTakeover>[0]> = {}): AddressTakeover {
  return new AddressTakeover({
    zone: "a",
    nodeId,
    ...(host ? { interface: host.interface, commandPrefix: host.prefix } : {}),
    logger: quietLogger,
    onAlert: (alert) => alerts.push(alert),
    ...extra,
  });
}

/** A UDP listener on ENDPOINT:PORT inside `host`, collecting what it receives. */
function listen(host: NetnsHost): { received: string[]; child: ChildProcess; ready: Promise<void> } {
  const script = `const s=require("node:dgram").createSocket("udp4");s.on("message",(m)=>process.stdout.write(m+"\\n"));s.bind(${PORT},"${ENDPOINT}",()=>process.stdout.write("listening\\n"));`;
  const child = host.spawn([process.execPath, "-e", script]);
  const received: string[] = [];
  let output = "";
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const lines = output.split("\n");
      output = lines.pop() ?? "";
      for (const line of lines) {
        if (line === "listening") resolve();
        else received.push(line);
      }
    });
    child.once("exit", (code) => reject(new Error(`listener in ${host.namespace} exited (${code})`)));
  });
  ready.catch(() => undefined);
  return { received, child, ready };
}

/** The encoder: one datagram every 20 ms to ENDPOINT:PORT, numbered, from an unconnected socket. */
function send(host: NetnsHost): ChildProcess {
  const script = `const s=require("node:dgram").createSocket("udp4");let n=0;setInterval(()=>s.send(String(n++),${PORT},"${ENDPOINT}",()=>{}),20);`;
  return host.spawn([process.execPath, "-e", script]);
}

async function addressesOn(host: NetnsHost): Promise<string> {
  return (await host.exec(["ip", "-4", "-o", "addr", "show", "dev", "eth0"])).stdout;
}

const skip = netnsSkipReason();

describe("endpoint address takeover between two workers' namespaces", { skip }, () => {
  let bed: NetnsBed;
  let workerA: NetnsHost;
  let workerB: NetnsHost;
  let encoder: NetnsHost;
  before(async () => {
    bed = await createNetnsBed();
    workerA = await bed.addHost("a", "10.77.0.1/24");
    workerB = await bed.addHost("b", "10.77.0.2/24");
    encoder = await bed.addHost("enc", "10.77.0.3/24");
  });
  after(async () => {
    await bed?.close();
  });

  for (const how of ["releases it", "is unplugged (a dead machine)"] as const) {
    it(`moves the address to B when A ${how}: the encoder's next datagrams reach B and its neighbour table has B's MAC`, async () => {
      // A's own alerts are not checked: an unplugged A fails its last announcement, as a dying machine may.
      const alerts: AlertEvent[] = [];
      const holderA = takeover(workerA, "wa", []);
      const holderB = takeover(workerB, "wb", alerts);
      // Killed in the finally too: a failed assertion must not leave them bound or sending into the next case.
      const children: ChildProcess[] = [];
      try {
        await holderA.hold([ENDPOINT]);
        assert.match(await addressesOn(workerA), new RegExp(`inet ${ENDPOINT.replaceAll(".", "\\.")}/32`));
        const onA = listen(workerA);
        children.push(onA.child);
        await onA.ready;
        const sender = send(encoder);
        children.push(sender);
        await until("A receiving the encoder's datagrams", () => (onA.received.length >= 5 ? true : undefined), 10_000);
        const macA = await workerA.mac();
        assert.equal(await encoder.neighbourMac(ENDPOINT), macA);

        if (how === "releases it") {
          onA.child.kill("SIGKILL");
          await holderA.release([ENDPOINT]);
          assert.doesNotMatch(await addressesOn(workerA), new RegExp(ENDPOINT.replaceAll(".", "\\.")));
        } else {
          onA.child.kill("SIGKILL");
          await workerA.unplug();
        }
        const movedAtMs = Date.now();
        await holderB.hold([ENDPOINT]);
        const onB = listen(workerB);
        children.push(onB.child);
        await onB.ready;
        const first = await until("B receiving the encoder's datagrams", () => (onB.received.length >= 5 ? onB.received[0] : undefined), 10_000);
        const reachedMs = Date.now() - movedAtMs;
        const macB = await workerB.mac();
        assert.notEqual(macA, macB);
        assert.equal(await encoder.neighbourMac(ENDPOINT), macB, "the gratuitous ARP updated the encoder's neighbour entry");
        assert.equal(sender.exitCode, null, "the encoder kept running, untouched");
        assert.ok(Number(first) > Number(onA.received.at(-1)), `B's first datagram ${first} follows A's last ${onA.received.at(-1)}`);
        assert.deepEqual(alerts, []);
        // Measured: how long the encoder's datagrams went nowhere (hold + listener start + ARP update).
        process.stdout.write(`# address moved to B (A ${how}): datagrams reached B ${reachedMs} ms after B started holding\n`);
        sender.kill("SIGKILL");
        onB.child.kill("SIGKILL");
      } finally {
        for (const child of children) child.kill("SIGKILL");
        await holderA.close();
        await holderB.close();
        await workerA.exec(["ip", "link", "set", "eth0", "up"]);
      }
      assert.doesNotMatch(await addressesOn(workerB), new RegExp(ENDPOINT.replaceAll(".", "\\.")), "close() released B's address");
    });
  }

  it("is idempotent: a second hold, an address already present, a release of an absent address change nothing and raise nothing", async () => {
    const alerts: AlertEvent[] = [];
    const holder = takeover(workerA, "wa", alerts, { prefixLength: 24 });
    try {
      await workerA.exec(["ip", "addr", "add", "10.77.0.21/24", "dev", "eth0"]);
      await holder.hold(["10.77.0.20", "10.77.0.21"]);
      await holder.hold(["10.77.0.20"]);
      const shown = await addressesOn(workerA);
      assert.equal(shown.match(/10\.77\.0\.20\/24/g)?.length, 1, shown);
      assert.match(shown, /10\.77\.0\.21\/24/);
      await holder.release(["10.77.0.21"]);
      await holder.release(["10.77.0.21", "10.77.0.22"]);
      assert.doesNotMatch(await addressesOn(workerA), /10\.77\.0\.21/);
      assert.deepEqual(holder.held, ["10.77.0.20"]);
      assert.deepEqual(alerts, []);
    } finally {
      await holder.close();
    }
    assert.doesNotMatch(await addressesOn(workerA), /10\.77\.0\.20/);
    await holder.close();
  });

  it("raises the alert when the interface does not exist, never throws, and clears it when a later hold puts the address in place", async () => {
    const alerts: AlertEvent[] = [];
    const holder = takeover(workerA, "wa", alerts, { interface: "vx0" });
    try {
      await holder.hold(["10.77.0.30"]);
      assert.equal(alerts.length, 1);
      assert.equal(alerts[0]!.state, "SET");
      assert.equal(alerts[0]!.alertType, "Endpoint Address Takeover Failed");
      assert.match(alerts[0]!.message, /10\.77\.0\.30 of zone a: add 10\.77\.0\.30\/32 to vx0 failed: exit \d+: .*vx0/);
      await workerA.exec(["ip", "link", "add", "vx0", "type", "veth", "peer", "name", "vx1"]);
      await workerA.exec(["ip", "link", "set", "vx1", "up"]);
      await workerA.exec(["ip", "link", "set", "vx0", "up"]);
      await holder.hold(["10.77.0.30"]);
      assert.deepEqual(alerts.map((alert) => alert.state), ["SET", "CLEARED"]);
      assert.match((await workerA.exec(["ip", "-o", "addr", "show", "dev", "vx0"])).stdout, /10\.77\.0\.30\/32/);
    } finally {
      await holder.close();
      await workerA.exec(["ip", "link", "del", "vx0"]);
    }
    assert.deepEqual(alerts.map((alert) => alert.state), ["SET", "CLEARED"], "the announcement and the release succeeded too");
  });
});

describe("endpoint address takeover through the zone's hook", () => {
  let folder: string;
  let hook: string;
  let record: string;
  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), "ol-address-hook-"));
    record = path.join(folder, "calls.txt");
    hook = path.join(folder, "move-ip.sh");
    // Records its arguments; fails for 10.0.9.9 (with a reason on stderr) and hangs for 10.0.9.8.
    writeFileSync(hook, `#!/bin/sh\necho "$@" >> "${record}"\necho "moved $2"\ncase "$2" in 10.0.9.9) echo "no such secondary IP" >&2; exit 3;; 10.0.9.8) sleep 3;; esac\n`);
    chmodSync(hook, 0o755);
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  const calls = (): string[] => readFileSync(record, "utf8").trim().split("\n");

  it("runs `<hook> add|remove <address> <zone> <node-id>` instead of ip and arping, logging its output", async () => {
    writeFileSync(record, "");
    const alerts: AlertEvent[] = [];
    const logged: string[] = [];
    const holder = new AddressTakeover({ zone: "b", nodeId: "worker-7", addressHook: hook, interface: "eth0", logger: { info: (f, m) => logged.push(`${m} ${JSON.stringify(f)}`), warn: (f, m) => logged.push(`${m} ${JSON.stringify(f)}`) }, onAlert: (a) => alerts.push(a) });
    await holder.hold(["10.0.2.10", "2001:db8::10"]);
    await holder.hold(["10.0.2.10"]);
    await holder.release(["10.0.2.10"]);
    await holder.close();
    assert.deepEqual(calls(), ["add 10.0.2.10 b worker-7", "add 2001:db8::10 b worker-7", "remove 10.0.2.10 b worker-7", "remove 2001:db8::10 b worker-7"]);
    assert.ok(logged.some((line) => line.includes("hook add 10.0.2.10") && line.includes("moved 10.0.2.10")), logged.join("\n"));
    assert.deepEqual(alerts, []);
  });

  it("raises the alert with the hook's reason when it fails or outlives its timeout, and never throws", async () => {
    writeFileSync(record, "");
    const alerts: AlertEvent[] = [];
    const holder = new AddressTakeover({ zone: "b", nodeId: "worker-7", addressHook: hook, addressHookTimeoutMs: 300, logger: quietLogger, onAlert: (a) => alerts.push(a) });
    await holder.hold(["10.0.9.9"]);
    assert.deepEqual(alerts.map((a) => [a.state, a.message]), [["SET", "Endpoint address 10.0.9.9 of zone b: hook add 10.0.9.9 failed: exit 3: no such secondary IP"]]);
    const startedMs = Date.now();
    await holder.hold(["10.0.9.8"]);
    assert.ok(Date.now() - startedMs < 5000, "the hook was killed at its timeout");
    // The hook's `sleep` outlives the kill of the shell and keeps its output open: the wait is bounded all the same.
    assert.match(alerts.at(-1)!.message, /10\.0\.9\.8 of zone b: hook add 10\.0\.9\.8 failed: no answer within 300 ms \(killed/);
    await holder.release(["10.0.9.9", "10.0.9.8"]);
    // remove of 10.0.9.9 fails again (the hook refuses that address), 10.0.9.8 times out again: still SET.
    assert.equal(alerts.at(-1)!.state, "SET");
    await holder.close();
  });
});
