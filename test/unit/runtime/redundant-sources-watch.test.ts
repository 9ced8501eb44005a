import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StreamInfo } from "../../../src/media/types.ts";
import { REDUNDANCY_PERSISTENCE, RedundantSourcesWatch, type RedundancyVerdict } from "../../../src/runtime/redundant-sources-watch.ts";

const info = (width: number, codec = "h264"): StreamInfo => ({ video: [{ trackId: 1, codec, width, height: width / 2 } as StreamInfo["video"][number]], audio: [], captions: {} as StreamInfo["captions"], scte35Pids: [] });
const report = (pipelineIndex: number, streamInfo: StreamInfo, atMs = 0) => ({ pipelineIndex, streamInfo, atMs });

/** Compares `times` times; the verdicts that were not undefined, with the comparison they came at (1-based). */
function compareTimes(watch: RedundantSourcesWatch, times: number, a: StreamInfo, b: StreamInfo): [number, RedundancyVerdict][] {
  const verdicts: [number, RedundancyVerdict][] = [];
  for (let n = 1; n <= times; n++) {
    const verdict = watch.compare("5555555", report(0, a), report(1, b));
    if (verdict) verdicts.push([n, verdict]);
  }
  return verdicts;
}

describe("RedundantSourcesWatch", () => {
  it("sets once a difference persists, revises once another set of differences persists, clears once the sources match", () => {
    const watch = new RedundantSourcesWatch();
    const set = compareTimes(watch, REDUNDANCY_PERSISTENCE + 3, info(1280), info(1920));
    assert.deepEqual(set.map(([n, v]) => [n, v.action]), [[REDUNDANCY_PERSISTENCE, "set"]]);
    assert.match(set[0]![1].message, /^input 5555555: the two sources of this input must be identical; .*resolution 1280x640 vs 1920x960/);
    const revised = compareTimes(watch, REDUNDANCY_PERSISTENCE, info(1280), info(1920, "h265"));
    assert.deepEqual(revised.map(([n, v]) => [n, v.action]), [[REDUNDANCY_PERSISTENCE, "revise"]]);
    assert.match(revised[0]![1].message, /video codec/);
    const cleared = compareTimes(watch, REDUNDANCY_PERSISTENCE + 3, info(1920), info(1920));
    assert.deepEqual(cleared, [[REDUNDANCY_PERSISTENCE, { action: "clear", message: "input 5555555: the two sources match" }]]);
  });

  it("ignores a difference that does not persist, reports far apart in time, and a missing pipeline", () => {
    const watch = new RedundantSourcesWatch();
    assert.deepEqual(compareTimes(watch, REDUNDANCY_PERSISTENCE - 1, info(1280), info(1920)), []);
    assert.deepEqual(compareTimes(watch, 1, info(1920), info(1920)), []);
    assert.deepEqual(compareTimes(watch, REDUNDANCY_PERSISTENCE - 1, info(1280), info(1920)), [], "the count started again");
    for (let n = 0; n < 2 * REDUNDANCY_PERSISTENCE; n++) {
      assert.equal(watch.compare("5555555", report(0, info(1280), 0), report(1, info(1920), 5_001)), undefined);
      assert.equal(watch.compare("5555555", report(0, info(1280)), undefined), undefined);
    }
  });

  it("forgets an input: the next run compares afresh", () => {
    const watch = new RedundantSourcesWatch();
    compareTimes(watch, REDUNDANCY_PERSISTENCE, info(1280), info(1920));
    watch.forget("5555555");
    assert.deepEqual(compareTimes(watch, REDUNDANCY_PERSISTENCE, info(1920), info(1920)), [], "nothing SET to clear");
    assert.deepEqual(compareTimes(watch, REDUNDANCY_PERSISTENCE, info(1280), info(1920)).map(([n, v]) => [n, v.action]), [[REDUNDANCY_PERSISTENCE, "set"]]);
  });
});
