// The console's "Check upstream" view (docs/console.md) in Debian Chromium: an idle
// RTP_PUSH input created with the SDK is picked in the view (its endpoints fill the URLs),
// "Run check" calls POST /openlive/check, the countdown runs while an ffmpeg H.264/AAC RTP
// upstream pushes to the input's first endpoint, and the checklist comes back with PASS rows,
// the summary, a rule of docs/upstream.md opened in place, and the JSON report.
// Screenshot: test-results/console-check.png.

import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { CreateInputCommand, CreateInputSecurityGroupCommand, type MediaLiveClient } from "@aws-sdk/client-medialive";
import { chromium, type Browser, type Page } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../helpers/hls-player.ts";
import { REPO_ROOT, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { until } from "../../helpers/until.ts";
import { ffmpegUpstream, H264_AAC, killChildForTest } from "../check/check-process.ts";

const RESULTS = path.join(REPO_ROOT, "test-results");
const CHECK_SECONDS = 4;

describe("console: Check upstream", { timeout: 60_000 }, () => {
  let openlive: OpenliveProcess;
  let client: MediaLiveClient;
  let browser: Browser | undefined;
  let page: Page;
  let upstream: ChildProcess | undefined;
  const pageErrors: string[] = [];

  before(async () => {
    mkdirSync(RESULTS, { recursive: true });
    openlive = await startOpenlive({ ownPushPorts: true });
    client = sdkClient(openlive);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
    page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
  });

  after(async () => {
    if (upstream) await killChildForTest(upstream);
    await browser?.close();
    client?.destroy();
    await openlive?.stop();
  });

  it("picks an idle RTP_PUSH input, runs a 4 s check while ffmpeg pushes, and shows the checklist", async () => {
    const group = await client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: "127.0.0.1/32" }] }));
    const input = await client.send(new CreateInputCommand({ Name: "check-me", Type: "RTP_PUSH", InputSecurityGroups: [group.SecurityGroup!.Id!] }));
    const inputId = input.Input!.Id!;
    const endpoints = (input.Input!.Destinations ?? []).map((destination) => destination.Url!);
    assert.equal(endpoints.length, 2);

    // Log in, then the nav entry opens the view.
    await page.goto(`${openlive.url}/console/#/channels`);
    await page.fill("#login-access-key", openlive.credentials.accessKeyId);
    await page.fill("#login-secret", openlive.credentials.secretAccessKey);
    await page.click("#login-form button[type=submit]");
    await page.locator("#nav:not([hidden])").waitFor({ timeout: 10_000 });
    await page.click('#nav a[data-tab="check"]');
    await page.locator(`#check-input option[value="${inputId}"]:not([disabled])`).waitFor({ state: "attached", timeout: 10_000 });
    assert.equal(await page.getAttribute('#nav a[data-tab="check"]', "class"), "active");

    // Picking the input fills its two endpoints and its type; this test pushes to the first one only.
    await page.selectOption("#check-input", inputId);
    assert.equal(await page.inputValue("#check-url-1"), endpoints[0]);
    assert.equal(await page.inputValue("#check-url-2"), endpoints[1]);
    assert.equal(await page.inputValue("#check-input-type"), "RTP_PUSH");
    assert.match(await page.locator("[data-field=input-note]").innerText(), /openlive listens on/);
    await page.fill("#check-url-2", "");
    await page.fill("#check-seconds", String(CHECK_SECONDS));
    await page.selectOption("#check-spec-codec", "AVC");
    await page.selectOption("#check-spec-resolution", "SD");
    await page.selectOption("#check-spec-bitrate", "MAX_10_MBPS");
    // A poll (every 2.5 s) must not undo the choice.
    await page.waitForTimeout(2_700);
    assert.equal(await page.inputValue("#check-input"), inputId);

    await page.click("#check-run");
    const countdown = page.locator("[data-field=countdown]");
    await until("the countdown", async () => (/s left/.test(await countdown.innerText()) ? true : undefined), 5_000);
    assert.match(await page.locator(".check-doing").innerText(), new RegExp(`Listening on ${endpoints[0]!.replace(/[.]/g, "\\.")}`));
    assert.equal(await page.isDisabled("#check-run"), true);
    // The service binds the endpoint when the request arrives; RTP is fire-and-forget.
    await page.waitForTimeout(300);
    upstream = ffmpegUpstream([...H264_AAC, "-f", "rtp_mpegts", endpoints[0]!], { seconds: CHECK_SECONDS + 4 });
    const first = await countdown.innerText();
    await until("the countdown to move", async () => ((await countdown.innerText()) !== first ? true : undefined), 3_000);

    const report = "[data-field=report]";
    await page.locator(report).waitFor({ timeout: (CHECK_SECONDS + 15) * 1000 });
    const verdict = (id: string): Promise<string | null> => page.getAttribute(`${report} tr[data-line-id="${id}"]`, "data-verdict");
    assert.equal(await verdict("protocol"), "pass");
    assert.equal(await verdict("direction"), "pass");
    assert.equal(await verdict("video.codec"), "pass");
    assert.equal(await verdict("input-spec"), "pass");
    assert.equal(await page.locator(`${report} tr[data-line-id="video.codec"] [data-field=verdict]`).innerText(), "PASS");
    assert.match(await page.locator(`${report} tr[data-line-id="video.codec"] [data-field=detail]`).innerText(), /H\.264/);
    assert.deepEqual(await page.locator(`${report} tr[data-verdict=fail]`).allInnerTexts(), []);
    assert.equal(await page.getAttribute(`${report} [data-field=summary]`, "data-ready"), "true");
    assert.match(await page.locator(`${report} [data-field=summary]`).innerText(), /^Ready — \d+ checks: \d+ pass, 0 fail/);
    assert.equal(await page.isDisabled("#check-run"), false);

    // The rule a line applied opens in place from docs/upstream.md; the whole report is JSON.
    await page.click(`${report} tr[data-line-id="protocol"] details.rule summary`);
    await page.locator(`${report} tr[data-line-id="protocol"] .rule-text h4`).waitFor({ timeout: 5_000 });
    assert.match(await page.locator(`${report} tr[data-line-id="protocol"] .rule-text h4`).innerText(), /RTP, not UDP/);
    await page.click(`${report} details[data-key="check-report"] summary`);
    const json = JSON.parse(await page.locator(`${report} details[data-key="check-report"] pre`).innerText()) as { inputType: string; summary: { ready: boolean } };
    assert.equal(json.inputType, "RTP_PUSH");
    assert.equal(json.summary.ready, true);

    await page.screenshot({ path: path.join(RESULTS, "console-check.png"), fullPage: true });
    assert.deepEqual(pageErrors, []);
  });
});
