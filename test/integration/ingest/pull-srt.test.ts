// SRT_CALLER: a supervised srt-live-transmit calls a real SRT listener (Debian ffmpeg with a
// live, AES-encrypted test stream) and passes its MPEG-TS on; the passphrase comes from the
// secret store. Killing the listener raises the alert; a new listener on the same port is
// called again.

import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { after, describe, it } from "node:test";
import type { InputRecord, SrtCallerSourceRecord } from "../../../src/domain/records.ts";
import { openPullSource } from "../../../src/ingest/pull/open-pull-source.ts";
import { PullStates, type PullSource } from "../../../src/ingest/pull/pull-source.ts";
import { freeUdpPort, killAndWait, spawnLiveEncoder, TsArrivals, waitForBound, waitUntil } from "../../helpers/media-fixtures.ts";
import type { AlertEvent } from "../../../src/shared/alerts.ts";

const PASSPHRASE = "openlive-srt-pull-passphrase";
const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:srt-pull";
const sources: PullSource[] = [];
const listeners: ChildProcess[] = [];
after(async () => {
  await Promise.all(sources.map((source) => source.close()));
  await Promise.all(listeners.map((child) => killAndWait(child)));
});

async function srtListener(port: number): Promise<ChildProcess> {
  const child = spawnLiveEncoder(["-f", "mpegts", `srt://127.0.0.1:${port}?mode=listener&passphrase=${PASSPHRASE}&pbkeylen=16&pkt_size=1316`]);
  listeners.push(child);
  await waitForBound(port, "udp", child);
  return child;
}

function srtCallerInput(port: number, streamId?: string): InputRecord {
  const source: SrtCallerSourceRecord = {
    srtListenerAddress: "127.0.0.1",
    srtListenerPort: String(port),
    minimumLatency: 200,
    ...(streamId !== undefined ? { streamId } : {}),
    decryption: { algorithm: "AES128", passphraseSecretArn: SECRET_ARN },
  };
  return {
    id: "5550001",
    name: "srt",
    type: "SRT_CALLER",
    inputClass: "SINGLE_PIPELINE",
    streamNames: [],
    endpoints: [],
    sources: [],
    securityGroupIds: [],
    srtCallerSources: [source],
    tags: {},
    attachedChannelIds: [],
  };
}

function pull(input: InputRecord, secrets: ReadonlyMap<string, string>): { source: PullSource; ts: TsArrivals; alerts: AlertEvent[] } {
  const ts = new TsArrivals("SRT_CALLER");
  const alerts: AlertEvent[] = [];
  const source = openPullSource({ input, sourceIndex: 0, resolveSecret: async (name) => secrets.get(name), onTs: ts.push, onAlert: (alert) => alerts.push(alert) });
  sources.push(source);
  source.start();
  return { source, ts, alerts };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const UNAVAILABLE = "Unable to Access Input Resource";

describe("SRT_CALLER through a supervised srt-live-transmit", { timeout: 60_000 }, () => {
  it("decrypts a live listener's MPEG-TS at real time; alert when it dies, called again when it is back", async () => {
    const port = await freeUdpPort();
    let listener = await srtListener(port);
    const { source, ts, alerts } = pull(srtCallerInput(port, "openlive/pull"), new Map([[SECRET_ARN, PASSPHRASE]]));
    await waitUntil(() => ts.videoFrames.length > 0, "video frames", 15_000);
    const startMs = Date.now();
    await sleep(3_000);
    const frames = ts.framesBetween(startMs, startMs + 3_000);
    assert.ok(frames >= 55 && frames <= 95, `${frames} frames in 3 s at 25 fps`);
    const snapshot = ts.snapshot();
    assert.equal(snapshot.usable, true);
    assert.deepEqual([snapshot.streamInfo.video[0]?.codec, snapshot.streamInfo.audio[0]?.codec], ["H264", "AAC"]);
    // Nothing but whole TS packets on the child's stdout (no log text), and none lost.
    assert.equal(snapshot.continuityErrors, 0);
    assert.deepEqual([ts.demuxer.stats().syncLosses, ts.demuxer.stats().skippedBytes], [0, 0]);
    assert.equal(source.state, PullStates.RECEIVING);

    await killAndWait(listener);
    await waitUntil(() => alerts.some((alert) => alert.alertType === UNAVAILABLE && alert.state === "SET"), "the alert", 15_000);
    assert.equal(source.state, PullStates.RETRYING);
    assert.ok(!alerts[0]!.message.includes(PASSPHRASE));

    listener = await srtListener(port);
    const framesBefore = ts.videoFrames.length;
    await waitUntil(() => alerts.some((alert) => alert.alertType === UNAVAILABLE && alert.state === "CLEARED"), "the alert to clear", 20_000);
    await waitUntil(() => ts.videoFrames.length > framesBefore + 25, "frames from the new listener", 10_000);
    assert.equal(source.state, PullStates.RECEIVING);
    assert.ok(source.stats.reconnects >= 1);
  });

  it("a wrong passphrase gets no media and an alert; an unknown secret is named in the alert", async () => {
    const port = await freeUdpPort();
    await srtListener(port);
    const wrong = pull(srtCallerInput(port), new Map([[SECRET_ARN, "a-wrong-passphrase-here"]]));
    const unknown = pull(srtCallerInput(port), new Map());
    await waitUntil(() => wrong.alerts.length > 0 && unknown.alerts.length > 0, "both alerts", 15_000);
    assert.equal(wrong.source.state, PullStates.RETRYING);
    assert.equal(wrong.ts.bytes, 0);
    assert.match(unknown.alerts[0]!.message, new RegExp(`secret ${SECRET_ARN} not found`));
    assert.equal(unknown.ts.bytes, 0);
  });
});
