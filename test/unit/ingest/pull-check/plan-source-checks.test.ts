import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { InputRecord } from "../../../../src/domain/records.ts";
import { planSourceChecks } from "../../../../src/ingest/pull-check/plan-source-checks.ts";

function input(partial: Partial<InputRecord> & Pick<InputRecord, "id" | "type">): InputRecord {
  return { name: `in-${partial.id}`, inputClass: "STANDARD", streamNames: [], endpoints: [], sources: [], securityGroupIds: [], srtCallerSources: [], tags: {}, attachedChannelIds: [], ...partial };
}

describe("planSourceChecks", () => {
  it("checks every source of every pull input, with the target's element path and names", () => {
    const planned = planSourceChecks([
      { attachmentName: "hls", elementPath: "inputAttachments[0].inputId", input: input({ id: "1000001", type: "URL_PULL", sources: [{ url: "https://a/x.m3u8" }, { url: "https://b/x.m3u8" }] }) },
      { attachmentName: "", elementPath: "inputAttachments[1].inputId", input: input({ id: "1000002", type: "SRT_CALLER", srtCallerSources: [{ srtListenerAddress: "203.0.113.5", srtListenerPort: "5000", streamId: "a" }] }) },
      { attachmentName: "rtmp", elementPath: "inputAttachments[2].inputId", input: input({ id: "1000003", type: "RTMP_PULL", sources: [{ url: "rtmp://h/live/a" }] }) },
      { attachmentName: "mp4", elementPath: "inputAttachments[3].inputId", input: input({ id: "1000004", type: "MP4_FILE", sources: [{ url: "file:///srv/a.mp4" }] }) },
      { attachmentName: "ts", elementPath: "inputAttachments[4].inputId", input: input({ id: "1000005", type: "TS_FILE", sources: [{ url: "https://h/a.ts" }] }) },
    ]);
    assert.deepEqual(
      planned.map((p) => [p.elementPath, p.subject.attachmentName, p.subject.inputId, p.subject.sourceLabel, p.check.kind, p.check.kind === "file" ? p.check.container : ""]),
      [
        ["inputAttachments[0].inputId", "hls", "1000001", "https://a/x.m3u8", "hls", ""],
        ["inputAttachments[0].inputId", "hls", "1000001", "https://b/x.m3u8", "hls", ""],
        ["inputAttachments[1].inputId", "", "1000002", "srt://203.0.113.5:5000?streamid=a", "srt", ""],
        ["inputAttachments[2].inputId", "rtmp", "1000003", "rtmp://h/live/a", "rtmp", ""],
        ["inputAttachments[3].inputId", "mp4", "1000004", "file:///srv/a.mp4", "file", "mp4"],
        ["inputAttachments[4].inputId", "ts", "1000005", "https://h/a.ts", "file", "ts"],
      ],
    );
  });
  it("skips push inputs and dynamic ($urlPath$) sources", () => {
    const planned = planSourceChecks([
      { attachmentName: "rtp", elementPath: "p0", input: input({ id: "1", type: "RTP_PUSH", endpoints: [{ pipeline: 0, address: "127.0.0.1", port: 5000 }] }) },
      { attachmentName: "rtmp-push", elementPath: "p1", input: input({ id: "2", type: "RTMP_PUSH", streamNames: ["live/a"] }) },
      { attachmentName: "srt-l", elementPath: "p2", input: input({ id: "3", type: "SRT_LISTENER" }) },
      { attachmentName: "dyn", elementPath: "p3", input: input({ id: "4", type: "MP4_FILE", dynamic: true, sources: [{ url: "https://h/movies/$urlPath$" }, { url: "$urlPath$" }] }) },
    ]);
    assert.deepEqual(planned, []);
  });
});
