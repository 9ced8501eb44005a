import assert from "node:assert/strict";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { archiveName, countedFileName, counterOf } from "../../../../src/output/archive/archive-names.ts";
import { stagedArchiveName } from "../../../../src/output/archive/archive-plan.ts";
import { StagedFiles } from "../../../../src/output/archive/staged-files.ts";
import { frameCaptureName, stagedCaptureName } from "../../../../src/output/frame-capture/frame-capture-names.ts";

describe("archive and frame capture names", () => {
  it("names archive files <base><nameModifier>.<6-digit counter from 000000>.<extension>, m2ts by default", () => {
    const name = archiveName("curling", { nameModifier: "-20171012T033162", containerSettings: { m2tsSettings: {} } });
    assert.equal(countedFileName(name, 0), "curling-20171012T033162.000000.m2ts");
    assert.equal(countedFileName(name, 1_000_000), "curling-20171012T033162.1000000.m2ts");
    assert.equal(countedFileName(archiveName("rec", { extension: ".ts", containerSettings: {} }), 12), "rec.000012.ts");
  });

  it("names captures <base><nameModifier>.<5-digit counter from 00000>.jpg", () => {
    assert.equal(countedFileName(frameCaptureName("curling", { nameModifier: "-20180820" }), 0), "curling-20180820.00000.jpg");
    assert.equal(countedFileName(frameCaptureName("cap", undefined), 100_000), "cap.100000.jpg");
  });

  it("reads a counter back only from a file of that output", () => {
    const name = archiveName("rec", { nameModifier: "_a", containerSettings: {} });
    assert.equal(counterOf(name, "rec_a.000041.m2ts"), 41);
    assert.equal(counterOf(name, "rec_a.0041.m2ts"), undefined);
    assert.equal(counterOf(name, "rec_b.000041.m2ts"), undefined);
    assert.equal(counterOf(name, "rec_a.000041.m2ts.tmp"), undefined);
  });
});

describe("staged files", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "staged-files-"));
  after(() => rmSync(root, { recursive: true, force: true }));
  let n = 0;

  function setup(continueCounters = true, newestOpen = true) {
    const base = path.join(root, String(++n));
    const staging = path.join(base, "staging");
    const place = path.join(base, "place");
    const handed: string[] = [];
    const errors: Error[] = [];
    mkdirSync(place, { recursive: true });
    const make = () =>
      new StagedFiles({
        stagingFolder: staging,
        placeFolder: place,
        outputs: [{ staged: stagedArchiveName(0), final: archiveName("rec", { nameModifier: "_a", containerSettings: {} }), newestOpen }],
        sink: { fileFinished: (localPath, name) => void handed.push(`${name}@${path.relative(base, localPath)}`), close: () => Promise.resolve() },
        continueCounters,
        onError: (error) => void errors.push(error),
      });
    const stage = (counter: number, text = `run ${counter}`) => writeFileSync(path.join(staging, `o0.${String(counter).padStart(6, "0")}.ts`), text);
    return { staging, place, handed, errors, make, stage };
  }

  it("moves every file but the one being written, under MediaLive's names, and hands each to the sink", () => {
    const { place, handed, make, stage } = setup();
    const files = make();
    stage(0);
    stage(1);
    stage(2);
    files.collect(false);
    assert.deepEqual(readdirSync(place).sort(), ["rec_a.000000.m2ts", "rec_a.000001.m2ts"]);
    assert.deepEqual(handed, ["rec_a.000000.m2ts@place/rec_a.000000.m2ts", "rec_a.000001.m2ts@place/rec_a.000001.m2ts"]);
    files.collect(true);
    assert.deepEqual(readdirSync(place).sort(), ["rec_a.000000.m2ts", "rec_a.000001.m2ts", "rec_a.000002.m2ts"]);
    assert.equal(readFileSync(path.join(place, "rec_a.000002.m2ts"), "utf8"), "run 2");
    assert.equal(files.moved, 3);
  });

  it("keeps counting across encoder runs, whose staged numbers restart at 0, and across a restarted pipeline", () => {
    const { place, make, stage } = setup();
    const files = make();
    stage(0);
    stage(1);
    files.collect(true); // the encoder stopped: both finished
    stage(0, "second run");
    files.collect(true);
    assert.deepEqual(readdirSync(place).sort(), ["rec_a.000000.m2ts", "rec_a.000001.m2ts", "rec_a.000002.m2ts"]);
    assert.equal(readFileSync(path.join(place, "rec_a.000002.m2ts"), "utf8"), "second run");
    // A new pipeline process continues after the highest file already at the destination.
    const again = make();
    stage(0, "third");
    again.collect(true);
    assert.equal(readFileSync(path.join(place, "rec_a.000003.m2ts"), "utf8"), "third");
  });

  it("starts at 0 where objects are replaced (S3), and moves every capture at once when none is open", () => {
    const { place, make, stage } = setup(false, false);
    writeFileSync(path.join(place, "rec_a.000009.m2ts"), "old");
    const files = make();
    stage(0);
    files.collect(false);
    assert.ok(readdirSync(place).includes("rec_a.000000.m2ts"));
  });

  it("replaces a link planted under a final name rather than writing through it", () => {
    const { place, make, stage, errors } = setup(false);
    const target = path.join(root, `target-${n}`);
    writeFileSync(target, "precious");
    const files = make();
    symlinkSync(target, path.join(place, "rec_a.000000.m2ts"));
    stage(0);
    files.collect(true);
    assert.deepEqual(errors, []);
    assert.equal(readFileSync(target, "utf8"), "precious");
    assert.ok(!lstatSync(path.join(place, "rec_a.000000.m2ts")).isSymbolicLink());
    assert.equal(readFileSync(path.join(place, "rec_a.000000.m2ts"), "utf8"), "run 0");
  });

  it("ignores files of other outputs and temporary files in the staging folder", () => {
    const { staging, place, make } = setup(true, false);
    const files = make();
    writeFileSync(path.join(staging, "o1.000000.ts"), "other");
    writeFileSync(path.join(staging, "o0.000000.ts.tmp"), "partial");
    files.collect(true);
    assert.deepEqual(readdirSync(place), []);
  });

  it("stages captures under their own short names", () => {
    assert.deepEqual(stagedCaptureName(2), { prefix: "o2", digits: 5, extension: "jpg" });
  });
});
