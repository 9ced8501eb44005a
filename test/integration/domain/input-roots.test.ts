// Input roots through the services, on a real disk: CreateInput/UpdateInput refuse file://
// sources outside every root (plainly, through a symbolic link, with ".." or %2e%2e), a
// dynamic input's folder outside them, a schedule urlPath that leaves the input's folder,
// and a file:// slate outside them; a file inside a root still works end to end.

import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { after, describe, it } from "node:test";
import { ApiError } from "../../../src/shared/errors.ts";
import { domainServices, hlsChannelRequest } from "../../helpers/domain-services.ts";

const scratch = mkdtempSync(path.join(tmpdir(), "openlive-input-roots-"));
const root = path.join(scratch, "media");
const outside = path.join(scratch, "private");
mkdirSync(path.join(root, "vod"), { recursive: true });
mkdirSync(outside);
const TS = Buffer.concat(Array.from({ length: 10 }, () => Buffer.concat([Buffer.from([0x47, 0x1f, 0xff, 0x10]), Buffer.alloc(184, 0xff)])));
writeFileSync(path.join(root, "vod", "a.ts"), TS);
writeFileSync(path.join(outside, "x.ts"), TS);
writeFileSync(path.join(outside, "slate.png"), Buffer.from("not really a png"));
// A link inside the root that leads out of it.
symlinkSync(path.join(outside, "x.ts"), path.join(root, "escape.ts"));
symlinkSync(outside, path.join(root, "escape-dir"));
after(() => rmSync(scratch, { recursive: true, force: true }));

const ROOTS_HINT = `outside the input roots: file sources must lie in ${root}; change the folders with --input-roots (OPENLIVE_INPUT_ROOTS)`;
const DOTS_HINT = 'the path must not contain "." or ".." segments (plain or percent-encoded)';

function services() {
  return domainServices({ dataDir: mkdtempSync(path.join(scratch, "data-")), inputRoots: [root], pushPortRange: { first: 43000, last: 43099 } });
}

async function refusedCreate(url: string): Promise<ApiError> {
  const { inputs } = await services();
  let caught: unknown;
  await inputs.create({ type: "TS_FILE", name: "f", sources: [{ url }] }).catch((error: unknown) => (caught = error));
  assert.ok(caught instanceof ApiError, `CreateInput ${url} was accepted`);
  assert.equal(caught.status, 400);
  assert.equal(caught.shape, "BadRequestException");
  assert.equal(caught.code, "OL_INPUT_SOURCE_NOT_IN_ROOTS");
  return caught;
}

describe("CreateInput/UpdateInput: file:// sources inside the input roots only", () => {
  it("accepts a file inside a root", async () => {
    const { inputs } = await services();
    const url = pathToFileURL(path.join(root, "vod", "a.ts")).href;
    const view = await inputs.create({ type: "TS_FILE", name: "ok", sources: [{ url }] });
    assert.equal(view.record.sources[0]?.url, url);
  });

  it("refuses a file outside every root, naming the roots and --input-roots", async () => {
    const url = pathToFileURL(path.join(outside, "x.ts")).href;
    const error = await refusedCreate(url);
    assert.equal(error.message, `Invalid URL (${url}) specified for sources[0].url: ${ROOTS_HINT}`);
  });

  it("refuses a symbolic link inside the root that leads out (file and folder)", async () => {
    for (const url of [pathToFileURL(path.join(root, "escape.ts")).href, pathToFileURL(path.join(root, "escape-dir", "x.ts")).href]) {
      const error = await refusedCreate(url);
      assert.equal(error.message, `Invalid URL (${url}) specified for sources[0].url: ${ROOTS_HINT}`);
    }
  });

  it("refuses .. and %2e%2e traversal even when it would land inside a root", async () => {
    for (const url of [`file://${root}/vod/../vod/a.ts`, `file://${root}/../private/x.ts`, `file://${root}/%2e%2e/private/x.ts`, `file://${root}/%2E./private/x.ts`]) {
      const error = await refusedCreate(url);
      assert.equal(error.message, `Invalid URL (${url}) specified for sources[0].url: ${DOTS_HINT}`);
    }
  });

  it("refuses a dynamic input whose folder is outside the roots", async () => {
    const error = await refusedCreate(`file://${outside}/$urlPath$`);
    assert.match(error.message, /outside the input roots/);
  });

  it("refuses the same on UpdateInput and keeps the stored source", async () => {
    const { inputs } = await services();
    const good = pathToFileURL(path.join(root, "vod", "a.ts")).href;
    const created = await inputs.create({ type: "TS_FILE", name: "u", sources: [{ url: good }] });
    const bad = pathToFileURL(path.join(outside, "x.ts")).href;
    await assert.rejects(inputs.update(created.record.id, { sources: [{ url: bad }] }), (error: unknown) => error instanceof ApiError && error.code === "OL_INPUT_SOURCE_NOT_IN_ROOTS");
    assert.equal((await inputs.describe(created.record.id)).record.sources[0]?.url, good);
  });
});

function channelRequest(inputId: string, slate?: string): Record<string, unknown> {
  const globalConfiguration = slate !== undefined ? { inputLossBehavior: { inputLossImageType: "SLATE", inputLossImageSlate: { uri: slate } } } : undefined;
  return hlsChannelRequest({ inputId, attachmentName: "vod", url: `file://${scratch}/out-${inputId}/index`, ...(globalConfiguration ? { globalConfiguration } : {}) });
}

function switchTo(actionName: string, urlPath: string[]) {
  return {
    creates: {
      scheduleActions: [
        { actionName, scheduleActionStartSettings: { immediateModeScheduleActionStartSettings: {} }, scheduleActionSettings: { inputSwitchSettings: { inputAttachmentNameReference: "vod", urlPath } } },
      ],
    },
  };
}

function schedulePathProblems(error: unknown): string[] {
  assert.ok(error instanceof ApiError, String(error));
  assert.equal(error.status, 422, error.message);
  assert.equal(error.code, "OL_SCHEDULE_INVALID");
  return (error.validationErrors ?? []).map((p) => `${p.elementPath}: ${p.errorMessage}`);
}

describe("BatchUpdateSchedule: a dynamic input's urlPath stays in the input's folder", () => {
  const at = "creates.scheduleActions[0].scheduleActionSettings.inputSwitchSettings.urlPath";

  it("refuses ../../private/x.ts and its percent-encoded form, accepts a file in the folder", async () => {
    const { inputs, channels } = await services();
    const input = await inputs.create({ type: "TS_FILE", name: "vod", sources: [{ url: `file://${root}/vod/$urlPath$` }] });
    const channel = await channels.create(channelRequest(input.record.id));
    for (const value of ["../../private/x.ts", "%2e%2e/%2e%2e/private/x.ts", "../vod/a.ts"]) {
      let caught: unknown;
      await channels.updateSchedule(channel.id, switchTo(`s-${value.length}`, [value])).catch((error: unknown) => (caught = error));
      assert.deepEqual(schedulePathProblems(caught), [
        `${at}: urlPath value ${JSON.stringify(value)} must not contain "." or ".." segments (plain or percent-encoded): it must stay inside the input's folder`,
      ]);
    }
    let absolute: unknown;
    await channels.updateSchedule(channel.id, switchTo("abs", [`${outside}/x.ts`])).catch((error: unknown) => (absolute = error));
    assert.match(schedulePathProblems(absolute)[0]!, /must be a relative path inside the input's folder/);
    const done = await channels.updateSchedule(channel.id, switchTo("ok", ["a.ts"]));
    assert.equal(done.created.length, 1);
  });

  it("refuses a urlPath through a symbolic link out of the root", async () => {
    const { inputs, channels } = await services();
    const input = await inputs.create({ type: "TS_FILE", name: "top", sources: [{ url: `file://${root}/$urlPath$` }] });
    const channel = await channels.create(channelRequest(input.record.id));
    let caught: unknown;
    await channels.updateSchedule(channel.id, switchTo("link", ["escape-dir/x.ts"])).catch((error: unknown) => (caught = error));
    const problems = schedulePathProblems(caught);
    assert.equal(problems.length, 1);
    assert.ok(problems[0]!.startsWith(`${at}: Attachment "vod"`), problems[0]);
    assert.ok(problems[0]!.endsWith(`/escape-dir/x.ts is not ready: ${ROOTS_HINT}`), problems[0]);
  });
});

describe("CreateChannel: a file:// slate inside the input roots only", () => {
  it("refuses a slate outside the roots, accepts one inside", async () => {
    const { inputs, channels } = await services();
    const input = await inputs.create({ type: "TS_FILE", name: "s", sources: [{ url: pathToFileURL(path.join(root, "vod", "a.ts")).href }] });
    const slate = pathToFileURL(path.join(outside, "slate.png")).href;
    let caught: unknown;
    await channels.create(channelRequest(input.record.id, slate)).catch((error: unknown) => (caught = error));
    assert.ok(caught instanceof ApiError && caught.status === 422, String(caught));
    assert.deepEqual(
      (caught.validationErrors ?? []).map((p) => `${p.elementPath}: ${p.errorMessage}`),
      [`encoderSettings.globalConfiguration.inputLossBehavior.inputLossImageSlate.uri: "${slate}": ${ROOTS_HINT}`],
    );
    writeFileSync(path.join(root, "slate.png"), "x");
    await channels.create(channelRequest(input.record.id, pathToFileURL(path.join(root, "slate.png")).href));
  });
});
