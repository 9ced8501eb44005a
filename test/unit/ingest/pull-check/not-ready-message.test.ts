import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Reasons } from "../../../../src/ingest/pull-check/check-result.ts";
import { formatNotReady, srtSourceLabel } from "../../../../src/ingest/pull-check/not-ready-message.ts";
import { redactUrl } from "../../../../src/ingest/source-access/redact-url.ts";

describe("formatNotReady", () => {
  it("names the attachment, the input, the URL and the reason", () => {
    assert.equal(
      formatNotReady({ attachmentName: "hls-a", inputId: "1234567", sourceLabel: "https://origin.example/live/a.m3u8" }, Reasons.http(404)),
      'Attachment "hls-a": input 1234567 source https://origin.example/live/a.m3u8 is not ready: HTTP 404',
    );
    assert.equal(
      formatNotReady({ attachmentName: "file", inputId: "7654321", sourceLabel: "file:///srv/a.ts" }, Reasons.timeout(5000)),
      'Attachment "file": input 7654321 source file:///srv/a.ts is not ready: timeout after 5000 ms',
    );
  });
  it("starts with the input when the attachment has no name", () => {
    assert.equal(formatNotReady({ attachmentName: "", inputId: "1234567", sourceLabel: "rtmp://h/live/a" }, Reasons.connectionRefused), "Input 1234567 source rtmp://h/live/a is not ready: connection refused");
  });
  it("never shows a password written into the URL", () => {
    const message = formatNotReady({ attachmentName: "a", inputId: "1", sourceLabel: "https://bob:s3cret@origin.example/a.m3u8" }, "HTTP 401");
    assert.doesNotMatch(message, /s3cret/);
    assert.match(message, /https:\/\/bob@origin\.example\/a\.m3u8/);
  });
});

describe("redactUrl", () => {
  it("keeps URLs without a password byte for byte, including ones that do not parse", () => {
    for (const url of ["https://origin.example/live/a.m3u8?token=x", "rtmp://203.0.113.13:1935/live/curling", "https://bob@h/a", "not a url", "$urlPath$"]) assert.equal(redactUrl(url), url);
  });
  it("drops the password", () => assert.equal(redactUrl("rtmp://u:p%40ss@h/live/a"), "rtmp://u@h/live/a"));
});

describe("srtSourceLabel", () => {
  it("shows the listener called, with the stream ID when set", () => {
    assert.equal(srtSourceLabel("203.0.113.5", "5000"), "srt://203.0.113.5:5000");
    assert.equal(srtSourceLabel("203.0.113.5", "5000", "#!::r=live/a,m=request"), "srt://203.0.113.5:5000?streamid=%23!%3A%3Ar%3Dlive%2Fa%2Cm%3Drequest");
    assert.equal(srtSourceLabel("2001:db8::1", "5000", ""), "srt://[2001:db8::1]:5000");
  });
});

describe("Reasons", () => {
  it("words the fixed reasons as the issue asks", () => {
    assert.equal(Reasons.connectionRefused, "connection refused");
    assert.equal(Reasons.notHlsPlaylist, "not an HLS playlist");
    assert.equal(Reasons.notMpegTs, "not an MPEG-TS file");
    assert.equal(Reasons.notMp4, "not an MP4 file");
    assert.equal(Reasons.hostNotFound, "host not found");
    assert.equal(Reasons.srtHandshakeFailed, "SRT handshake failed");
    assert.equal(Reasons.noMedia(5000), "no media within 5000 ms");
    assert.equal(Reasons.secretNotFound("/openlive/origin-password"), "secret /openlive/origin-password not found");
  });
});
