// The layering of src/ as rules the test suite checks: each rule names the importing files, the
// imports they must not make and why. A rule the tree breaks today carries an allow-list of the
// exact breaking edges (file -> file); the test fails on any edge not listed and on any listed
// edge that no longer breaks the rule, so the lists can only shrink. Type-only imports count
// everywhere unless a rule says otherwise (only the console rule does).

import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { findImports, readImportGraph, type ImportEdge } from "./import-graph.ts";
import { checkRule, compareWithAllowList, folderCycles, type LayerRule, type Violation } from "./layering-check.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** Builtins pure code may use: they compute on memory and touch no file, socket, process or clock. */
const PURE_BUILTINS = ["node:buffer", "node:string_decoder"];

const RULES: LayerRule[] = [
  {
    name: "media/ is pure",
    reason:
      "Codec and container code takes bytes and time as parameters and is tested without sockets, files or processes, so it imports no Node builtin that does I/O, no package and no other folder of src/.",
    from: ["src/media/"],
    forbidden: ["src/", "node:*", "npm:*"],
    allowed: ["src/media/", ...PURE_BUILTINS],
  },
  {
    name: "protocols/ is sans-IO",
    reason:
      "Protocol state machines are fed bytes by the ingest edges that own the sockets, so they import no Node builtin that does I/O, no package and nothing of src/ but media/ below them.",
    from: ["src/protocols/"],
    forbidden: ["src/", "node:*", "npm:*"],
    allowed: ["src/protocols/", "src/media/", ...PURE_BUILTINS],
  },
  {
    name: "domain/ knows no edge",
    reason:
      "The records, rules and services are what the edges share; they reach storage through the repository port and learn about running channels through the change feed, so they import neither the API, the store, the runtime, nor the ingest, pipeline, output or origin edges.",
    from: ["src/domain/"],
    forbidden: ["src/api/", "src/runtime/", "src/store/", "src/pipeline/", "src/output/", "src/ingest/", "src/origin/"],
  },
  {
    name: "media edges do not call the API",
    reason:
      "Ingest, pipelines and outputs run under the API, also in worker processes that have no HTTP server, so they import nothing from api/; what both need lives in domain/ or shared/.",
    from: ["src/ingest/", "src/pipeline/", "src/output/"],
    forbidden: ["src/api/"],
  },
  {
    name: "the API reaches running channels through the domain port",
    reason:
      "The same API runs on a single node, where pipelines are local processes, and on the API nodes of a cluster, which run no pipeline and read what worker nodes report from the database; so it reaches running channels only through the channel-runtime port of domain/ and storage only through the domain services, and imports neither the runtime nor the store nor the ingest, pipeline or output edges.",
    from: ["src/api/"],
    forbidden: ["src/runtime/", "src/store/", "src/ingest/", "src/pipeline/", "src/output/"],
  },
  {
    name: "pipelines and checks open inputs through openInputEdge",
    reason:
      "Every input type reaches a pipeline or a source check through one shape (ingest/input-edge.ts), built by the one switch on input type (ingest/open-input-edge.ts); importing an endpoint or an edge adapter directly would grow a second switch. Types that name an edge's options stay importable.",
    from: ["src/pipeline/", "src/check/", "src/runtime/", "src/output/"],
    forbidden: ["src/ingest/rtp-push/", "src/ingest/rtmp-push/", "src/ingest/srt-listener/", "src/ingest/edges/"],
    allowedTypeOnly: ["src/ingest/rtp-push/", "src/ingest/rtmp-push/", "src/ingest/srt-listener/"],
  },
  {
    name: "running pulls do not depend on the create-time check",
    reason:
      "ingest/pull/ runs in every pipeline; ingest/pull-check/ verifies sources at CreateChannel. What both need (URL redaction, credentials, playlist text, fetch reasons) lives in ingest/source-access/, so the running path does not carry the checker.",
    from: ["src/ingest/pull/"],
    forbidden: ["src/ingest/pull-check/"],
  },
  {
    name: "only shared/process/ starts processes",
    reason:
      "Every child process is tied to the service (parent-death signal), has a bounded stderr tail, a classified exit and an idempotent close, and restarts with the one backoff; that holds only if every child is started by shared/process/ (ChildRun, SupervisedChild, runChild).",
    from: ["src/"],
    exceptFrom: ["src/shared/process/"],
    forbidden: ["node:child_process"],
  },
  {
    name: "server code takes only wire types from the browser console",
    reason:
      "src/console/app is compiled for the browser by its own project (DOM, no Node), so server code may only share its declared wire types, and only with `import type`, which the compiler erases; `import { type X }` still loads the module under verbatimModuleSyntax and is refused.",
    from: ["src/"],
    exceptFrom: ["src/console/app/"],
    forbidden: ["src/console/app/"],
    allowedTypeOnly: ["src/console/app/wire.ts"],
  },
  {
    name: "nothing outside domain/ imports the channel validator",
    reason:
      "The validator is the domain's rule book for CreateChannel and UpdateChannel; an edge that needs to read a destination URL takes domain/channels/destination-url.ts, so the rules can change without touching outputs, roots or the origin. Only the composition root hands the validator to ChannelService.",
    from: ["src/"],
    exceptFrom: ["src/domain/", "src/main.ts"],
    forbidden: ["src/domain/channels/validate-channel.ts"],
  },
  {
    name: "nothing imports the composition root",
    reason: "src/main.ts and src/cli.ts wire the folders together; a folder importing them would depend on every other folder.",
    from: ["src/"],
    exceptFrom: ["src/main.ts", "src/cli.ts"],
    forbidden: ["src/main.ts", "src/cli.ts"],
  },
  {
    name: "no cycles between folders",
    reason:
      "Folders that import each other can be neither understood, tested nor split into processes one at a time, so the graph of top-level folders has no cycle; type-only imports count, as a type is a dependency on its folder's meaning.",
    from: ["src/"],
    forbidden: "folder-cycles",
  },
];

/** Today's exact breaking edges per rule: remove an entry when the edge goes, never add one. */
const ALLOWED_VIOLATIONS: Record<string, readonly string[]> = {};

const graph = readImportGraph(repoRoot);

function describeViolations(rule: LayerRule, violations: Violation[]): string {
  return `${rule.name}: ${rule.reason}\n${violations.map((violation) => `  ${violation.edge}   (${violation.at})`).join("\n")}`;
}

describe("layering of src/", () => {
  it("reads every import of every file", () => {
    assert.deepEqual(graph.unresolved, [], "imports the graph could not resolve would escape every rule");
    assert.ok(graph.files.length > 200, `only ${graph.files.length} files read`);
    assert.ok(graph.edges.some((edge) => edge.from === "src/main.ts" && edge.to === "src/console/console-routes.ts"));
  });

  for (const rule of RULES) {
    it(rule.name, () => {
      assert.ok(
        graph.files.some((file) => rule.from.some((prefix) => file.startsWith(prefix))),
        `${rule.name} covers no file: a folder was renamed and the rule checks nothing`,
      );
      const allowList = ALLOWED_VIOLATIONS[rule.name] ?? [];
      const { added, stale } = compareWithAllowList(checkRule(rule, graph.edges), allowList);
      if (added.length > 0) assert.fail(`new imports break the rule\n${describeViolations(rule, added)}`);
      if (stale.length > 0) assert.fail(`allow-listed edges no longer break "${rule.name}"; remove them from ALLOWED_VIOLATIONS:\n  ${stale.join("\n  ")}`);
    });
  }

  it("names only rules that exist in the allow-lists", () => {
    for (const name of Object.keys(ALLOWED_VIOLATIONS)) assert.ok(RULES.some((rule) => rule.name === name), name);
  });
});

describe("layering checker (self-test: each rule can fail)", () => {
  const edge = (from: string, to: string, typeOnly = false): ImportEdge => ({ from, to, typeOnly, line: 1 });
  const rule = (name: string) => RULES.find((candidate) => candidate.name === name)!;
  const broken = (name: string, edges: ImportEdge[]) => checkRule(rule(name), edges).map((violation) => violation.edge);

  it("reports I/O, packages and upper folders imported by media/ and protocols/", () => {
    const edges = [
      edge("src/media/a.ts", "node:fs"),
      edge("src/media/a.ts", "node:buffer"),
      edge("src/media/a.ts", "src/media/b.ts"),
      edge("src/media/a.ts", "src/shared/errors.ts"),
      edge("src/protocols/p.ts", "npm:pino"),
      edge("src/protocols/p.ts", "src/media/a.ts"),
      edge("src/protocols/p.ts", "src/ingest/i.ts", true),
    ];
    assert.deepEqual(broken("media/ is pure", edges), ["src/media/a.ts -> node:fs", "src/media/a.ts -> src/shared/errors.ts"]);
    assert.deepEqual(broken("protocols/ is sans-IO", edges), ["src/protocols/p.ts -> npm:pino", "src/protocols/p.ts -> src/ingest/i.ts"]);
  });

  it("reports domain/ importing an edge and an edge importing the API", () => {
    const edges = [edge("src/domain/d.ts", "src/store/s.ts", true), edge("src/domain/d.ts", "src/shared/x.ts"), edge("src/pipeline/w.ts", "src/api/a.ts"), edge("src/api/a.ts", "src/pipeline/w.ts")];
    assert.deepEqual(broken("domain/ knows no edge", edges), ["src/domain/d.ts -> src/store/s.ts"]);
    assert.deepEqual(broken("media edges do not call the API", edges), ["src/pipeline/w.ts -> src/api/a.ts"]);
  });

  it("reports an edge importing the channel validator, not the destination URL parser", () => {
    const edges = [
      edge("src/origin/o.ts", "src/domain/channels/validate-channel.ts"),
      edge("src/output/hls/d.ts", "src/domain/channels/validate-channel.ts", true),
      edge("src/output/hls/d.ts", "src/domain/channels/destination-url.ts"),
      edge("src/domain/channels/channel-service.ts", "src/domain/channels/validate-channel.ts"),
      edge("src/main.ts", "src/domain/channels/validate-channel.ts"),
    ];
    assert.deepEqual(broken("nothing outside domain/ imports the channel validator", edges), ["src/origin/o.ts -> src/domain/channels/validate-channel.ts", "src/output/hls/d.ts -> src/domain/channels/validate-channel.ts"]);
  });

  it("reports the API importing the runtime or an edge, even for a type, and not the domain port", () => {
    const edges = [
      edge("src/api/handler-types.ts", "src/runtime/channel-runtime.ts", true),
      edge("src/api/routes/r.ts", "src/output/hls/h.ts"),
      edge("src/api/handler-types.ts", "src/domain/channels/channel-runtime-port.ts", true),
      edge("src/main.ts", "src/runtime/channel-runtime.ts"),
    ];
    assert.deepEqual(broken("the API reaches running channels through the domain port", edges), ["src/api/handler-types.ts -> src/runtime/channel-runtime.ts", "src/api/routes/r.ts -> src/output/hls/h.ts"]);
  });

  it("reports a pipeline opening an endpoint itself, a running pull importing the checker, and a process started outside shared/process/", () => {
    const edges = [
      edge("src/pipeline/worker/r.ts", "src/ingest/rtp-push/rtp-push-endpoint.ts"),
      edge("src/pipeline/worker/r.ts", "src/ingest/rtmp-push/rtmp-push-endpoint.ts", true),
      edge("src/check/o.ts", "src/ingest/edges/rtp-push-edge.ts", true),
      edge("src/check/o.ts", "src/ingest/open-input-edge.ts"),
      edge("src/ingest/pull/p.ts", "src/ingest/pull-check/c.ts", true),
      edge("src/ingest/pull/p.ts", "src/ingest/source-access/redact-url.ts"),
      edge("src/output/e.ts", "node:child_process"),
      edge("src/shared/process/child-run.ts", "node:child_process"),
    ];
    assert.deepEqual(broken("pipelines and checks open inputs through openInputEdge", edges), ["src/check/o.ts -> src/ingest/edges/rtp-push-edge.ts", "src/pipeline/worker/r.ts -> src/ingest/rtp-push/rtp-push-endpoint.ts"]);
    assert.deepEqual(broken("running pulls do not depend on the create-time check", edges), ["src/ingest/pull/p.ts -> src/ingest/pull-check/c.ts"]);
    assert.deepEqual(broken("only shared/process/ starts processes", edges), ["src/output/e.ts -> node:child_process"]);
  });

  it("reports server code loading the browser console, even wire.ts without `import type`", () => {
    const edges = [
      edge("src/origin/o.ts", "src/console/app/wire.ts", true),
      edge("src/demo/d.ts", "src/console/app/wire.ts"),
      edge("src/check/c.ts", "src/console/app/dom.ts", true),
      edge("src/console/app/main.ts", "src/console/app/dom.ts"),
      edge("src/main.ts", "src/console/console-routes.ts"),
    ];
    assert.deepEqual(broken("server code takes only wire types from the browser console", edges), ["src/check/c.ts -> src/console/app/dom.ts", "src/demo/d.ts -> src/console/app/wire.ts"]);
  });

  it("reports every edge on a folder cycle, and only those", () => {
    const edges = [edge("src/a/x.ts", "src/b/y.ts", true), edge("src/b/y.ts", "src/c/z.ts"), edge("src/c/z.ts", "src/a/w.ts"), edge("src/a/x.ts", "src/d/v.ts"), edge("src/a/x.ts", "src/a/w.ts")];
    assert.deepEqual(folderCycles(edges), [["a", "b", "c"]]);
    assert.deepEqual(broken("no cycles between folders", edges), ["src/a/x.ts -> src/b/y.ts", "src/b/y.ts -> src/c/z.ts", "src/c/z.ts -> src/a/w.ts"]);
    assert.deepEqual(broken("no cycles between folders", edges.slice(1)), []);
  });

  it("fails on an edge missing from the allow-list and on a listed edge that is gone", () => {
    const violations = [{ edge: "src/a/x.ts -> src/b/y.ts", at: "src/a/x.ts:1" }];
    assert.deepEqual(compareWithAllowList(violations, ["src/c/z.ts -> src/a/w.ts"]), { added: violations, stale: ["src/c/z.ts -> src/a/w.ts"] });
    assert.deepEqual(compareWithAllowList(violations, ["src/a/x.ts -> src/b/y.ts"]), { added: [], stale: [] });
  });

  it("finds static, re-exported, dynamic and type imports, and none in comments or strings", () => {
    const text = [
      `import {`,
      `  a,`,
      `} from "./a.ts";`,
      `import type { B } from "./b.ts";`,
      `import { type C } from "./c.ts";`,
      `export { d } from "./d.ts";`,
      `export type { E } from "./e.ts";`,
      `// import "./comment.ts";`,
      `const s = 'import "./string.ts"';`,
      `const f = await import("./f.ts");`,
      `let g: import("./g.ts").G;`,
      `const h = await import(s);`,
    ].join("\n");
    assert.deepEqual(
      findImports("x.ts", text).map(({ specifier, typeOnly, line }) => [specifier, typeOnly, line]),
      [
        ["./a.ts", false, 1],
        ["./b.ts", true, 4],
        ["./c.ts", false, 5],
        ["./d.ts", false, 6],
        ["./e.ts", true, 7],
        ["./f.ts", false, 10],
        ["./g.ts", true, 11],
        [undefined, false, 12],
      ],
    );
  });
});
