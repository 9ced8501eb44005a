import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { presetText, removePresetFile, writePresetFile } from "../../../../src/output/push/preset-file.ts";

describe("ffmpeg preset files for secrets", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "preset-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("writes key=value lines readable by the owner only, replacing a planted link instead of following it", () => {
    const target = path.join(dir, "target");
    writeFileSync(target, "keep");
    const file = path.join(dir, "push-srt-0.ffpreset");
    symlinkSync(target, file);
    writePresetFile(file, [["passphrase", "a=b c"], ["pbkeylen", "16"]]);
    assert.equal(readFileSync(file, "utf8"), "passphrase=a=b c\npbkeylen=16\n");
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(readFileSync(target, "utf8"), "keep");
    removePresetFile(file);
    assert.throws(() => statSync(file));
  });

  it("refuses values that would end the line early, and empty ones", () => {
    assert.throws(() => presetText([["streamid", "a\nlatency=1"]]), /line break/);
    assert.throws(() => presetText([["passphrase", ""]]), /no value/);
  });
});
