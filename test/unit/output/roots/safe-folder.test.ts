// Output folders: inside a root, real folders, owned by the service's user and closed to
// others; roots whose ancestors another user could change are refused.

import assert from "node:assert/strict";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { folderOfRootPath, placeInRoots } from "../../../../src/output/roots/place-in-roots.ts";
import { rootProblem, safeFolder } from "../../../../src/output/roots/safe-folder.ts";

const fresh = (): string => mkdtempSync(path.join(tmpdir(), "openlive-safe-"));

describe("placeInRoots", () => {
  it("finds the root and the folder below it by the path's text", () => {
    const roots = ["/srv/hls", "/data/openlive/output"];
    assert.deepEqual(placeInRoots(roots, "/srv/hls/sports/main"), { root: "/srv/hls", rootName: "hls", relative: "sports/main" });
    assert.deepEqual(placeInRoots(roots, "/data/openlive/output"), { root: "/data/openlive/output", rootName: "output", relative: "" });
    for (const outside of ["/srv/hls-other/x", "/srv", "/etc", "/srv/hls/../etc", "relative/path"]) assert.equal(placeInRoots(roots, outside), undefined, outside);
    assert.deepEqual(folderOfRootPath(roots, "hls", "sports/main"), { root: "/srv/hls", folder: "/srv/hls/sports/main" });
    assert.deepEqual(folderOfRootPath(roots, "output", ""), { root: "/data/openlive/output", folder: "/data/openlive/output" });
    assert.equal(folderOfRootPath(roots, "etc", "x"), undefined);
  });
});

describe("safeFolder", () => {
  it("makes missing folders and accepts the service user's own", () => {
    const root = fresh();
    const verdict = safeFolder(root, "a/b/c", { create: true });
    assert.deepEqual(verdict, { ok: true, folder: path.join(root, "a/b/c") });
    assert.ok(statSync(path.join(root, "a/b/c")).isDirectory());
    assert.equal(statSync(path.join(root, "a/b/c")).mode & 0o022, 0, "made closed to others");
    assert.deepEqual(safeFolder(root, "x/y", { create: false }), { ok: true, folder: path.join(root, "x/y") }, "nothing missing is made without create");
  });

  it("refuses links, files, foreign owners and folders others can write, anywhere below the root", () => {
    const root = fresh();
    mkdirSync(path.join(root, "real"));
    symlinkSync("/etc", path.join(root, "real", "link"));
    writeFileSync(path.join(root, "file"), "");
    mkdirSync(path.join(root, "foreign"));
    chownSync(path.join(root, "foreign"), 65534, 65534);
    mkdirSync(path.join(root, "open"));
    chmodSync(path.join(root, "open"), 0o777);
    const cases: [string, RegExp][] = [
      ["real/link", /real\/link is a symbolic link/],
      ["real/link/deeper", /real\/link is a symbolic link/],
      ["file/x", /file is not a folder/],
      ["foreign/x", /foreign belongs to uid 65534/],
      ["open/x", /open is writable by its group or by others \(mode 777\)/],
    ];
    for (const [relative, message] of cases) {
      for (const create of [true, false]) {
        const verdict = safeFolder(root, relative, { create });
        assert.equal(verdict.ok, false, `${relative} create=${create}`);
        if (!verdict.ok) assert.match(verdict.reason, message);
      }
    }
  });
});

describe("rootProblem", () => {
  it("accepts a closed root under a sticky shared folder such as /tmp, refuses an open or foreign root", () => {
    const root = fresh();
    assert.equal(rootProblem(root), undefined);
    chmodSync(root, 0o777);
    assert.match(rootProblem(root) ?? "", /writable by its group or by others/);
    chmodSync(root, 0o700);
    chownSync(root, 65534, 65534);
    assert.match(rootProblem(root) ?? "", /belongs to uid 65534/);
    chownSync(root, 0, 0);
    assert.match(rootProblem(path.join(root, "missing")) ?? "", /cannot be opened \(ENOENT\)/);
  });

  it("refuses a root whose parent another user can write without the sticky bit", () => {
    const parent = fresh();
    const root = path.join(parent, "root");
    mkdirSync(root);
    chmodSync(parent, 0o777);
    assert.match(rootProblem(root) ?? "", /above output root .* is writable by others without the sticky bit/);
    chmodSync(parent, 0o1777);
    assert.equal(rootProblem(root), undefined);
    chownSync(parent, 65534, 65534);
    assert.match(rootProblem(root) ?? "", /above output root .* belongs to uid 65534/);
  });
});

describe("OutputRoots.prepare", () => {
  it("removes links and FIFOs named like the output's files before the encoder starts, leaves everything else", async () => {
    const { OutputRoots } = await import("../../../../src/output/roots/output-roots.ts");
    const { execFileSync } = await import("node:child_process");
    const { existsSync, lstatSync, readFileSync } = await import("node:fs");
    const root = fresh();
    const folder = path.join(root, "live");
    mkdirSync(folder);
    const victim = path.join(root, "..", `${path.basename(root)}-victim.txt`);
    writeFileSync(victim, "ROOT-ONLY-3\n");
    chmodSync(victim, 0o600);
    // The verification's plant: ffmpeg's temp_file would open this name with O_TRUNC through the link.
    symlinkSync(victim, path.join(folder, "index_720p_00002.ts.tmp"));
    symlinkSync("/etc/shadow", path.join(folder, "index.m3u8"));
    execFileSync("mkfifo", [path.join(folder, "index_720p_00003.ts")]);
    writeFileSync(path.join(folder, "index_720p_00001.ts"), "a segment");
    symlinkSync("/etc/passwd", path.join(folder, "other-channel.m3u8"));
    const removed: string[] = [];
    new OutputRoots([root]).prepare(folder, "index", (names) => removed.push(...names));
    assert.deepEqual(removed.sort(), ["index.m3u8", "index_720p_00002.ts.tmp", "index_720p_00003.ts"]);
    assert.equal(existsSync(path.join(folder, "index_720p_00002.ts.tmp")), false);
    assert.equal(readFileSync(victim, "utf8"), "ROOT-ONLY-3\n");
    assert.ok(lstatSync(path.join(folder, "index_720p_00001.ts")).isFile(), "regular files stay");
    assert.ok(lstatSync(path.join(folder, "other-channel.m3u8")).isSymbolicLink(), "another output's names are not this output's business");
  });
});
