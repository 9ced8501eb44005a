import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ffprobeVerdict, parseProbeJson, type FfprobeOutcome, type VerdictContext } from "../../../../src/ingest/pull-check/ffprobe-verdict.ts";

// stdout/stderr below are what Debian's ffprobe 5.1.9 printed on this machine for each case.
const READY_JSON = `{
    "packets": [
        { "codec_type": "video" }
    ],
    "streams": [
        { "codec_type": "video" },
        { "codec_type": "audio" }
    ]
}`;
const EMPTY_JSON = "{\n\n}\n";

const rtmp: VerdictContext = { protocol: "rtmp", timeoutMs: 5000, secrets: [] };
const srt: VerdictContext = { protocol: "srt", timeoutMs: 5000, secrets: [] };

function outcome(partial: Partial<FfprobeOutcome>): FfprobeOutcome {
  return { exitCode: 1, killedAtDeadline: false, stdout: EMPTY_JSON, stderr: "", ...partial };
}

describe("ffprobeVerdict", () => {
  it("is ready with an audio/video stream and a packet", () => {
    assert.deepEqual(ffprobeVerdict(outcome({ exitCode: 0, stdout: READY_JSON }), rtmp), { ready: true });
    assert.deepEqual(ffprobeVerdict(outcome({ exitCode: 0, stdout: READY_JSON }), srt), { ready: true });
  });
  it("maps a refused TCP connection and an unknown host", () => {
    const refused = "[tcp @ 0x556e04894580] Connection to tcp://127.0.0.1:19431?tcp_nodelay=0 failed: Connection refused\n[rtmp @ 0x556e04893a80] Cannot open connection tcp://127.0.0.1:19431?tcp_nodelay=0\nrtmp://127.0.0.1:19431/live/a: Connection refused\n";
    assert.deepEqual(ffprobeVerdict(outcome({ stderr: refused }), rtmp), { ready: false, reason: "connection refused" });
    const unknownHost = "[tcp @ 0x55d324c64580] Failed to resolve hostname nonexistent.invalid: Name or service not known\n[rtmp @ 0x55d324c63a80] Cannot open connection tcp://nonexistent.invalid:1935?tcp_nodelay=0\nrtmp://nonexistent.invalid/live/a: Input/output error\n";
    assert.deepEqual(ffprobeVerdict(outcome({ stderr: unknownHost }), rtmp), { ready: false, reason: "host not found" });
  });
  it("tells a server that accepts but never completes the RTMP handshake", () => {
    const stderr = "[tcp @ 0x5582af7fdb40] Starting connection attempt to 127.0.0.1 port 19631\n[tcp @ 0x5582af7fdb40] Successfully connected to 127.0.0.1 port 19631\n[rtmp @ 0x5582af7fd240] Cannot read RTMP handshake response\nrtmp://127.0.0.1:19631/live/a: Connection timed out\n";
    assert.deepEqual(ffprobeVerdict(outcome({ stderr }), rtmp), { ready: false, reason: "RTMP handshake failed" });
  });
  it("maps RTMP server errors, stream-not-found in particular", () => {
    assert.deepEqual(ffprobeVerdict(outcome({ stderr: "[rtmp @ 0x1] Server error: No such stream\n" }), rtmp), { ready: false, reason: "RTMP server error: No such stream" });
    assert.deepEqual(ffprobeVerdict(outcome({ stderr: "[rtmp @ 0x1] Server error: Stream not found\n" }), rtmp), { ready: false, reason: "stream not found" });
    assert.deepEqual(ffprobeVerdict(outcome({ stderr: "[rtmp @ 0x1] NetStream.Play.StreamNotFound received\n" }), rtmp), { ready: false, reason: "stream not found" });
  });
  it("tells how far an RTMP session got when the deadline or ffprobe's read timeout hit", () => {
    const connected = "[tcp @ 0x1] Starting connection attempt to 127.0.0.1 port 1935\n[tcp @ 0x1] Successfully connected to 127.0.0.1 port 1935\n[rtmp @ 0x2] Handshaking...\n";
    const handshaken = `${connected}[rtmp @ 0x2] Type answer 3\n[rtmp @ 0x2] Server version 0.0.0.0\n[rtmp @ 0x2] Proto = rtmp, path = /live/a, app = live, fname = a\n[rtmp @ 0x2] Creating stream...\n[rtmp @ 0x2] Sending play command for 'a'\n`;
    assert.deepEqual(ffprobeVerdict(outcome({ exitCode: null, killedAtDeadline: true, stderr: "[tcp @ 0x1] Starting connection attempt to 192.0.2.1 port 1935\n" }), rtmp), { ready: false, reason: "timeout after 5000 ms" });
    assert.deepEqual(ffprobeVerdict(outcome({ exitCode: null, killedAtDeadline: true, stderr: connected }), rtmp), { ready: false, reason: "RTMP handshake failed" });
    assert.deepEqual(ffprobeVerdict(outcome({ exitCode: null, killedAtDeadline: true, stderr: handshaken }), rtmp), { ready: false, reason: "no media within 5000 ms" });
    assert.deepEqual(ffprobeVerdict(outcome({ stderr: `${handshaken}rtmp://127.0.0.1:1935/live/a: Connection timed out\n` }), rtmp), { ready: false, reason: "no media within 5000 ms" });
  });
  it("maps SRT: nothing listening, a rejected handshake with libsrt's reason, connected but silent", () => {
    const nothing = "[srt @ 0x55953b783240] Connection to srt://127.0.0.1:19601?mode=caller failed: Input/output error\nsrt://127.0.0.1:19601?mode=caller: Input/output error\n";
    assert.deepEqual(ffprobeVerdict(outcome({ stderr: nothing }), srt), { ready: false, reason: "SRT handshake failed" });
    const wrongPassphrase = "01:30:27.465861/SRT:RcvQ:w1!W:SRT.cn: processAsyncConnectRequest: REJECT reported from HS processing: Incorrect passphrase - not processing further\n" + nothing;
    assert.deepEqual(ffprobeVerdict(outcome({ stderr: wrongPassphrase }), srt), { ready: false, reason: "SRT handshake failed: incorrect passphrase" });
    const silent = "[AVIOContext @ 0x562240597dc0] Statistics: 0 bytes read, 0 seeks\nsrt://127.0.0.1:19621?mode=caller: Connection timed out\n";
    assert.deepEqual(ffprobeVerdict(outcome({ stderr: silent }), srt), { ready: false, reason: "no media within 5000 ms" });
    assert.deepEqual(ffprobeVerdict(outcome({ exitCode: null, killedAtDeadline: true, stderr: "" }), srt), { ready: false, reason: "timeout after 5000 ms" });
  });
  it("refuses a source with streams but no audio or video", () => {
    const dataOnly = '{ "packets": [ { "codec_type": "data" } ], "streams": [ { "codec_type": "data" } ] }';
    assert.deepEqual(ffprobeVerdict(outcome({ exitCode: 0, stdout: dataOnly }), rtmp), { ready: false, reason: "no audio or video stream" });
  });
  it("falls back to ffprobe's last error line without context prefix, URL or secrets", () => {
    const stderr = "[tcp @ 0x1] Successfully connected to 127.0.0.1 port 1935\n[rtmp @ 0x2] Something strange about hunter2hunter2\nrtmp://bob:hunter2hunter2@127.0.0.1/live/a: Invalid data found when processing input\n[AVIOContext @ 0x3] Statistics: 0 bytes read, 0 seeks\n";
    const reason = ffprobeVerdict(outcome({ stderr }), { ...rtmp, secrets: ["hunter2hunter2"] });
    assert.deepEqual(reason, { ready: false, reason: "Invalid data found when processing input" });
    const secretLast = ffprobeVerdict(outcome({ stderr: "[rtmp @ 0x2] Auth failed for hunter2hunter2\n" }), { ...rtmp, secrets: ["hunter2hunter2"] });
    assert.deepEqual(secretLast, { ready: false, reason: "Auth failed for ***" });
    assert.deepEqual(ffprobeVerdict(outcome({ exitCode: 1, stderr: "" }), rtmp), { ready: false, reason: "ffprobe failed with exit code 1" });
  });
  it("explains a missing ffprobe", () => {
    assert.deepEqual(ffprobeVerdict(outcome({ exitCode: null, spawnErrorCode: "ENOENT" }), rtmp), { ready: false, reason: "ffprobe is not installed on the openlive host" });
  });
});

describe("parseProbeJson", () => {
  it("counts streams, media streams and packets, and survives garbage", () => {
    assert.deepEqual(parseProbeJson(READY_JSON), { streams: 2, mediaStreams: 2, packets: 1 });
    assert.deepEqual(parseProbeJson(EMPTY_JSON), { streams: 0, mediaStreams: 0, packets: 0 });
    assert.deepEqual(parseProbeJson("{ truncated"), { streams: 0, mediaStreams: 0, packets: 0 });
    assert.deepEqual(parseProbeJson('{"streams": "nope", "packets": null}'), { streams: 0, mediaStreams: 0, packets: 0 });
    assert.deepEqual(parseProbeJson("null"), { streams: 0, mediaStreams: 0, packets: 0 });
  });
});
