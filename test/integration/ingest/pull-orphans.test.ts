// Children of pull sources die with the process that spawned them, even when it is
// SIGKILLed and cannot clean up: a helper node process starts an RTMP_PULL source towards
// a server that accepts and never answers (its ffmpeg child then never writes, so EPIPE would
// never kill it) and an SRT_CALLER source towards a live listener. The SRT child carries a
// unique marker in its command line; the RTMP child (ffmpeg reading the player's FLV on stdin,
// nothing of the URL in its argv) is found as the helper's child. After SIGKILL of the helper,
// neither may remain.

import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { after, describe, it } from "node:test";
import { freeUdpPort, killAndWait, MediaFixtures, pidsWithMarker, spawnLiveEncoder, waitForBound, waitUntil } from "../../helpers/media-fixtures.ts";

const fixtures = new MediaFixtures("openlive-pull-orphans-");
const children: ChildProcess[] = [];
after(async () => {
  await Promise.all(children.map((child) => killAndWait(child)));
  await fixtures.close();
});

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const pullSourceModule = fileURLToPath(new URL("../../../src/ingest/pull/open-pull-source.ts", import.meta.url));

const HELPER = `
import { openPullSource } from ${JSON.stringify(pullSourceModule)};
const [rtmpUrl, srtPort, marker] = process.argv.slice(2);
const common = { name: "orphans", inputClass: "SINGLE_PIPELINE", streamNames: [], endpoints: [], securityGroupIds: [], tags: {}, attachedChannelIds: [] };
const options = { sourceIndex: 0, resolveSecret: () => undefined, onTs: () => undefined };
openPullSource({ ...options, input: { ...common, id: "1", type: "RTMP_PULL", sources: [{ url: rtmpUrl }], srtCallerSources: [] } }).start();
openPullSource({ ...options, input: { ...common, id: "2", type: "SRT_CALLER", sources: [], srtCallerSources: [{ srtListenerAddress: "127.0.0.1", srtListenerPort: srtPort, streamId: marker }] } }).start();
setInterval(() => undefined, 1000);
`;

/** Living processes whose parent is `parentPid` (/proc/<pid>/stat: pid (comm) state ppid …). */
function childrenOf(parentPid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ");
      if (Number(fields[1]) === parentPid && fields[0] !== "Z") pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Not gone and not a zombie (state Z: exited, not yet reaped). */
function isLiving(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

function commandName(pid: number): string {
  try {
    // argv[0]: /proc/<pid>/comm is cut at 15 characters.
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0]!.split("/").pop()!;
  } catch {
    return "";
  }
}

describe("pull source children and the death of their parent", { timeout: 30_000 }, () => {
  it("ffmpeg and srt-live-transmit die within 3 s of a SIGKILL of the process that spawned them", async () => {
    const marker = `olorphan${randomBytes(6).toString("hex")}`;
    const silent = await fixtures.silentTcpServer();
    const srtPort = await freeUdpPort();
    const listener = spawnLiveEncoder(["-f", "mpegts", `srt://127.0.0.1:${srtPort}?mode=listener&pkt_size=1316`]);
    children.push(listener);
    await waitForBound(srtPort, "udp", listener);

    const script = fixtures.path("helper.mts");
    writeFileSync(script, HELPER);
    const helper = spawn(process.execPath, ["--import", "tsx", script, `rtmp://127.0.0.1:${silent.port}/live/${marker}`, String(srtPort), marker], { cwd: repoRoot, stdio: "ignore" });
    children.push(helper);
    const ffmpegChildren = (): number[] => childrenOf(helper.pid!).filter((pid) => commandName(pid) === "ffmpeg");
    let rtmpChild: number[] = [];
    const marked = (): number[] => [...pidsWithMarker(marker).filter((pid) => pid !== helper.pid), ...rtmpChild.filter(isLiving)];
    // setpriv execs the child: until it has, the marked process is still named setpriv (and between
    // fork and exec, it is a copy of the helper: named node, with the helper's marked command line). The names
    // asserted are those of the snapshot the wait ended on: a pull child that exits is started
    // again (a new setpriv), so a second reading could catch a restart in between.
    let names: string[] = [];
    await waitUntil(() => {
      rtmpChild = ffmpegChildren();
      names = marked().map(commandName);
      return names.length >= 2 && !names.includes("setpriv") && !names.includes("node") && !names.includes("");
    }, "both children to have exec'd", 15_000);
    assert.deepEqual(names.sort(), ["ffmpeg", "srt-live-transmit"]);

    await killAndWait(helper);
    const killedAtMs = Date.now();
    await waitUntil(() => marked().length === 0, "the children to die", 3_000);
    assert.ok(Date.now() - killedAtMs < 3_000);
  });
});
