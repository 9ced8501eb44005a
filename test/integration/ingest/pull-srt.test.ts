// SRT_CALLER: a supervised srt-live-transmit calls a real SRT listener (Debian ffmpeg with a
// live, AES-encrypted test stream) and passes its MPEG-TS on; the passphrase comes from the
// secret store. Killing the listener raises the alert; a new listener on the same port is
// called again.

import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { after, describe, it } from "node:test";
import type { InputRecord, SrtCallerSourceRecord } from "../../../src/domain/records.ts";
import { PullStates } from "../../../src/ingest/pull/pull-source.ts";
import { freeUdpPort, killAndWait, spawnLiveEncoder, waitForBound, waitUntil } from "../../helpers/media-fixtures.ts";
import { inputRecord } from "../../helpers/input-record.ts";
import { assertBackAfterReconnect, assertLiveAtRealTime, INPUT_UNAVAILABLE, PullSources, type Pulled } from "../../helpers/pull-fixtures.ts";

const PASSPHRASE = "openlive-srt-pull-passphrase";
const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:srt-pull";
const sources = new PullSources();
const listeners: ChildProcess[] = [];
after(async () => {
  await sources.close();
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
  return inputRecord({ id: "5550001", name: "srt", type: "SRT_CALLER", srtCallerSources: [source] });
}

function pull(input: InputRecord, secrets: ReadonlyMap<string, string>): Pulled {
  return sources.pull({ input, resolveSecret: async (name) => secrets.get(name) });
}

describe("SRT_CALLER through a supervised srt-live-transmit", { timeout: 60_000 }, () => {
  it("decrypts a live listener's MPEG-TS at real time; alert when it dies, called again when it is back", async () => {
    const port = await freeUdpPort();
    let listener = await srtListener(port);
    const pulled = pull(srtCallerInput(port, "openlive/pull"), new Map([[SECRET_ARN, PASSPHRASE]]));
    const { source, alerts } = pulled;
    await assertLiveAtRealTime(pulled);

    await killAndWait(listener);
    await waitUntil(() => alerts.some((alert) => alert.alertType === INPUT_UNAVAILABLE && alert.state === "SET"), "the alert", 15_000);
    assert.equal(source.state, PullStates.RETRYING);
    assert.ok(!alerts[0]!.message.includes(PASSPHRASE));

    listener = await srtListener(port);
    await assertBackAfterReconnect(pulled, "frames from the new listener");
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
