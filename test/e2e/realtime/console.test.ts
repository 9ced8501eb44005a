// The web console (docs/console.md) in a real browser: Debian Chromium driven by
// playwright-core against `./openlive serve --demo` (a STANDARD channel on a failover pair of
// RTP inputs, "main" and "backup", fed by four ffmpeg test patterns). The console is an
// ordinary API client (SigV4 with WebCrypto), so each step checks what it shows against what
// the service does:
//   log in (a wrong secret is refused; without WebCrypto too) → the running demo channel in
//   the list, its JSON
//   → the channel: both pipelines' thumbnails change, the HLS preview plays 5 s, the detected
//     properties of both sources side by side
//   → pipeline 1's "main" upstream stops (SIGSTOP, so the outage lasts until the console has
//     shown it): pipeline 1 goes on "backup", "Input Failed Over" is SET in the timeline and
//     counted in the list; the upstream is killed, the demo starts it again, pipeline 1 returns
//     to "main" and the alert CLEARS
//   → the demo panel: "Cut" main → both pipelines on "backup" (a failover, live); "Restore" →
//     both back on "main"
//   → inputs (endpoints, ISG, attached channel) → the ISG editor adds a rule (the SDK sees it)
//   → "Switch input now" (BatchUpdateSchedule) → Stop with its confirm() dialog.
// A screenshot of each main view goes to test-results/console-<view>.png.

import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { CreateInputCommand, DescribeChannelCommand, DescribeInputSecurityGroupCommand, type MediaLiveClient } from "@aws-sdk/client-medialive";
import { chromium, type Browser, type Page } from "playwright-core";
import { createChannelId } from "../../helpers/channel-lifecycle.ts";
import { fileUrls } from "../../helpers/channel-fixtures.ts";
import { colourChannel } from "../../helpers/colour-channel.ts";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../helpers/hls-player.ts";
import { REPO_ROOT, startOpenlive, type OpenliveProcess } from "../../helpers/openlive-process.ts";
import { pidsWithMarker } from "../../helpers/media-fixtures.ts";
import { sdkClient } from "../../helpers/sdk.ts";
import { rawRequest } from "../../helpers/signed-fetch.ts";
import { until } from "../../helpers/until.ts";
import { untilPipelinesOn } from "../../helpers/sdk-asserts.ts";

const RESULTS = path.join(REPO_ROOT, "test-results");
const DEMO_READY_MS = 90_000;
const ADDED_CIDR = "198.51.100.0/24";
const INPUT_FAILED_OVER = "Input Failed Over";

interface DemoReady {
  readonly channelId: string;
  readonly inputId: string;
  readonly backupInputId: string;
  readonly securityGroupId: string;
  readonly endpoints: readonly string[];
}

/** The "demo ready" JSON log line, once it is there. */
function demoReady(openlive: OpenliveProcess): DemoReady | undefined {
  for (const line of openlive.logs().split("\n")) {
    if (!line.includes('"msg":"demo ready"')) continue;
    try {
      return JSON.parse(line) as DemoReady;
    } catch {
      // a partial line
    }
  }
  return undefined;
}

/** The pid of the demo's upstream ffmpeg that pushes to `endpoint` (a child of openlive). */
function upstreamPid(endpoint: string, parentPid: number): number | undefined {
  // The URL is ffmpeg's last argument, NUL-terminated in /proc.
  return pidsWithMarker(`${endpoint}\0`).find((pid) => {
    try {
      return Number(/^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]) === parentPid;
    } catch {
      return false; // ended meanwhile
    }
  });
}

describe("web console in Chromium", { timeout: 240_000 }, () => {
  let openlive: OpenliveProcess;
  let client: MediaLiveClient;
  let demo: DemoReady;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  const dialogs: string[] = [];
  let stoppedPid: number | undefined;

  const screenshot = (view: string): Promise<Buffer> => page.screenshot({ path: path.join(RESULTS, `console-${view}.png`), fullPage: true });
  const text = (selector: string): Promise<string> => page.locator(selector).first().innerText();
  const go = async (hash: string, ready: string): Promise<void> => {
    await page.evaluate((target) => (location.hash = target), hash);
    await page.locator(ready).first().waitFor({ timeout: 15_000 });
  };
  const alertItems = (state: "SET" | "CLEARED"): string => `li.alert[data-alert-type="${INPUT_FAILED_OVER}"][data-pipeline="1"][data-alert-state="${state}"]`;
  const onAir = (pipeline: number): Promise<string> => text(`.pipeline[data-pipeline="${pipeline}"] [data-field=active-input]`);
  /**
   * Both pipelines on "main" as the API says (DescribeChannel). On a loaded 2-core machine a starved upstream can
   * miss the demo's 1 s input-loss threshold and fail a pipeline over for a moment; PRIMARY_INPUT_PREFERRED brings
   * it back once main has been clean for 5 s. The console checks below compare the page against this state.
   */
  const apiOnMain = (): Promise<true> => untilPipelinesOn(client, demo.channelId, ["main", "main"], 30_000);
  /** The page's text at `selector` becomes exactly `wanted` (the view polls every 2.5 s). */
  const shows = (selector: string, wanted: string): Promise<true> =>
    until(`${selector} to read "${wanted}"`, async () => ((await text(selector)) === wanted ? true : undefined), 10_000);
  /** Both pipeline cards show `wanted` on air. */
  const bothOnAir = (wanted: string, timeoutMs: number): Promise<true> =>
    until(`both pipelines on "${wanted}"`, async () => ((await onAir(0)) === wanted && (await onAir(1)) === wanted ? true : undefined), timeoutMs);

  before(async () => {
    mkdirSync(RESULTS, { recursive: true });
    // Chromium starts (1–2 s) while the demo does.
    const launching = chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
    try {
      openlive = await startOpenlive({ ownPushPorts: true, extraArgs: ["--demo"], startTimeoutMs: 30_000 });
      client = sdkClient(openlive);
      demo = await until("the demo channel to be ready", () => demoReady(openlive), DEMO_READY_MS);
    } catch (error) {
      await (await launching.catch(() => undefined))?.close();
      throw error;
    }
    browser = await launching;
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
  });

  after(async () => {
    if (stoppedPid !== undefined) {
      try {
        process.kill(stoppedPid, "SIGKILL"); // never leave a stopped ffmpeg behind
      } catch {
        // already gone
      }
    }
    await browser?.close();
    client?.destroy();
    await openlive?.stop();
  });

  it("serves the console at /console/ (/ redirects there) and refuses a wrong secret at login", async () => {
    const root = await fetch(`${openlive.url}/`, { redirect: "manual" });
    assert.equal(root.status, 302);
    assert.equal(root.headers.get("location"), "/console/");
    await page.goto(`${openlive.url}/`);
    assert.equal(new URL(page.url()).pathname, "/console/");
    await page.locator("#login-form").waitFor();
    await page.fill("#login-access-key", openlive.credentials.accessKeyId);
    await page.fill("#login-secret", "not-the-secret");
    await page.click("#login-form button[type=submit]");
    await page.locator("#login-form .error:not([hidden])").waitFor({ timeout: 10_000 });
    assert.match(await text("#login-form .error"), /signature/i);
  });

  it("logs in and lists the running demo channel: state, class, pipelines, active inputs, alerts", async () => {
    await page.fill("#login-secret", openlive.credentials.secretAccessKey);
    await page.click("#login-form button[type=submit]");
    const row = `tr[data-channel-id="${demo.channelId}"]`;
    await page.locator(`${row} [data-state="RUNNING"]`).waitFor({ timeout: 15_000 });
    assert.equal(await text(`${row} [data-field=name]`), "demo");
    assert.equal(await text(`${row} [data-field=class]`), "STANDARD");
    assert.equal(await text(`${row} [data-field=pipelines-running]`), "2");
    await apiOnMain();
    await shows(`${row} [data-field=active-input]`, "0: main · 1: main");
    assert.match(await text(`${row} [data-field=alerts]`), /^\d+$/);
    assert.equal(await page.locator(`${row} button[data-action=stop]`).count(), 1);
    // The whole resource as JSON, still open after a poll: the shell writes "Updated …" into
    // #status when a refresh has finished (every 2.5 s), so the next write after the click is
    // a poll's end, whatever it re-rendered.
    await page.click(`details[data-key="channel-${demo.channelId}"] summary`);
    await page.evaluate(() => {
      const flags = window as unknown as { polledSinceOpen?: boolean };
      flags.polledSinceOpen = false;
      const observer = new MutationObserver(() => {
        flags.polledSinceOpen = true;
        observer.disconnect();
      });
      observer.observe(document.getElementById("status")!, { childList: true, characterData: true, subtree: true });
    });
    await page.waitForFunction(() => (window as unknown as { polledSinceOpen?: boolean }).polledSinceOpen === true, undefined, { timeout: 10_000 });
    assert.match(await text(`details[data-key="channel-${demo.channelId}"] pre`), new RegExp(`"id": "${demo.channelId}"`));
    assert.equal(await page.locator(`details[data-key="channel-${demo.channelId}"][open]`).count(), 1);
    await screenshot("channels");
  });

  it("signs with its own SHA-256 where WebCrypto is missing (a page that is not a secure context)", async () => {
    const context = await browser!.newContext();
    try {
      const plain = await context.newPage();
      // A string: tsx names functions (keepNames), and a named getter would not survive serialisation.
      await plain.addInitScript('Object.defineProperty(Crypto.prototype, "subtle", { get: () => undefined, configurable: true });');
      await plain.goto(`${openlive.url}/console/#/channels`);
      assert.equal(await plain.evaluate(() => crypto.subtle === undefined), true);
      await plain.fill("#login-access-key", openlive.credentials.accessKeyId);
      await plain.fill("#login-secret", openlive.credentials.secretAccessKey);
      await plain.click("#login-form button[type=submit]");
      await plain.locator(`tr[data-channel-id="${demo.channelId}"] [data-field=name]`).waitFor({ timeout: 15_000 });
    } finally {
      await context.close();
    }
  });

  it("channel detail: both pipelines' thumbnails update", async () => {
    await page.click(`tr[data-channel-id="${demo.channelId}"] [data-field=name] a`);
    const sources = (): Promise<(string | null)[]> => Promise.all([0, 1].map((n) => page.getAttribute(`img.thumbnail[data-pipeline="${n}"]`, "src")));
    const first = await until(
      "a thumbnail of each pipeline",
      async () => {
        const srcs = await sources();
        return srcs.every((src) => src?.startsWith("data:image/jpeg;base64,")) ? srcs : undefined;
      },
      20_000,
    );
    await until(
      "both thumbnails to change",
      async () => {
        const srcs = await sources();
        return srcs.every((src, n) => src !== first[n] && src?.startsWith("data:image/jpeg;base64,")) ? true : undefined;
      },
      20_000,
    );
    await apiOnMain();
    await shows(`.pipeline[data-pipeline="0"] [data-field=active-input]`, "main");
    await shows(`.pipeline[data-pipeline="1"] [data-field=active-input]`, "main");
  });

  it("channel detail: the HLS preview plays past 5 s; detected properties of both sources side by side", async () => {
    const currentTime = (): Promise<number> => page.evaluate(() => (document.getElementById("preview") as HTMLVideoElement | null)?.currentTime ?? 0);
    const start = await until("the preview to start playing", async () => {
      const playing = await page.evaluate(() => {
        const video = document.getElementById("preview") as HTMLVideoElement | null;
        return video !== null && !video.paused && video.readyState >= 3 && video.currentTime > 0;
      });
      return playing ? currentTime() : undefined;
    }, 40_000);
    await until("the preview to play 5 s", async () => ((await currentTime()) >= start + 5 ? true : undefined), 30_000);
    assert.match(await text("[data-field=player-status]"), /live\.m3u8/);

    const table = `.detected-input[data-input-id="${demo.inputId}"] table.compare`;
    await page.locator(table).waitFor({ timeout: 15_000 });
    assert.deepEqual(await page.locator(`${table} thead th`).allInnerTexts(), ["", "Pipeline 0", "Pipeline 1"]);
    assert.deepEqual(await page.locator(`${table} tr[data-property="Video resolution"] td`).allInnerTexts(), ["1280x720", "1280x720"]);
    assert.deepEqual(await page.locator(`${table} tr[data-property="Video codec"] td`).allInnerTexts(), ["H264", "H264"]);
    // Two identical test patterns: nothing structural differs (sine frequencies do not show).
    assert.equal(await page.locator(`${table} tr.mismatch:not([data-property="Bitrate"])`).count(), 0);
    const backup = `.detected-input[data-input-id="${demo.backupInputId}"] table.compare`;
    await page.locator(backup).waitFor({ timeout: 15_000 });
    assert.deepEqual(await page.locator(`${backup} tr[data-property="Video resolution"] td`).allInnerTexts(), ["640x360", "640x360"]);
    assert.equal(await page.locator(`.schedule li[data-attachment="main"] button[data-action=switch]`).count(), 1);
    await screenshot("channel");
  });

  it("pipeline 1's main upstream stops: pipeline 1 fails over to backup, the alert is SET; restarted by the demo, it returns and CLEARS", async () => {
    await apiOnMain();
    const endpoint = demo.endpoints[1]!;
    const pid = upstreamPid(endpoint, openlive.child.pid!);
    assert.ok(pid, `the demo's upstream for ${endpoint}`);
    process.kill(pid, "SIGSTOP");
    stoppedPid = pid;
    await page.locator(alertItems("SET")).first().waitFor({ timeout: 20_000 });
    assert.match(await text(alertItems("SET")), /switched from main to backup \(input loss\)/);
    await until("pipeline 1 on backup", async () => ((await onAir(1)) === "backup" ? true : undefined), 10_000);
    assert.equal(await onAir(0), "main", "pipeline 0's main upstream still sends");
    await screenshot("channel-alert");

    await go("#/channels", `tr[data-channel-id="${demo.channelId}"]`);
    await until("the alert in the channel list", async () => (Number(await text(`tr[data-channel-id="${demo.channelId}"] [data-field=alerts]`)) >= 1 ? true : undefined), 10_000);

    // The upstream dies; the demo starts it again a second later.
    process.kill(pid, "SIGKILL");
    stoppedPid = undefined;
    await until("the demo to restart the upstream", () => {
      const restarted = upstreamPid(endpoint, openlive.child.pid!);
      return restarted !== undefined && restarted !== pid ? restarted : undefined;
    }, 15_000);
    await go(`#/channels/${encodeURIComponent(demo.channelId)}`, ".timeline");
    // main must be clean for the demo's errorClearTimeMsec (5 s) before pipeline 1 returns to it.
    await until(
      "the alert to clear",
      async () => ((await page.locator(alertItems("SET")).count()) === 0 && (await page.locator(alertItems("CLEARED")).count()) >= 1 ? true : undefined),
      30_000,
    );
    assert.match(await text(alertItems("CLEARED")), /cleared \d/);
    await bothOnAir("main", 10_000);
  });

  it("demo panel: \"Cut\" main fails the channel over to backup on both pipelines; \"Restore\" brings main back", async () => {
    const main = `.demo-upstreams li[data-demo-attachment="main"]`;
    await go(`#/channels/${encodeURIComponent(demo.channelId)}`, `${main} button[data-action=demo-cut]`);
    assert.equal(await page.locator(`.demo-upstreams li[data-demo-attachment="backup"][data-state="sending"]`).count(), 1);
    await page.click(`${main} button[data-action=demo-cut]`);
    await page.locator(`${main}[data-state="cut"] button[data-action=demo-restore]`).waitFor({ timeout: 10_000 });
    await until("the main upstreams to exit", () => (demo.endpoints.every((endpoint) => upstreamPid(endpoint, openlive.child.pid!) === undefined) ? true : undefined), 10_000);
    await bothOnAir("backup", 20_000);
    const described = await client.send(new DescribeChannelCommand({ ChannelId: demo.channelId }));
    assert.deepEqual(described.PipelineDetails?.map((detail) => detail.ActiveInputAttachmentName), ["backup", "backup"]);
    await page.locator(`li.alert[data-alert-type="${INPUT_FAILED_OVER}"][data-pipeline="0"][data-alert-state="SET"]`).first().waitFor({ timeout: 15_000 });
    await screenshot("channel-failover");

    await page.click(`${main} button[data-action=demo-restore]`);
    await page.locator(`${main}[data-state="sending"]`).waitFor({ timeout: 10_000 });
    await bothOnAir("main", 30_000);
    assert.ok(upstreamPid(demo.endpoints[0]!, openlive.child.pid!), "the main upstreams send again");
  });

  it("inputs: type, state, the two endpoints to copy, the ISG and the attached channel", async () => {
    await go(`#/inputs`, `tr[data-input-id="${demo.inputId}"]`);
    const row = `tr[data-input-id="${demo.inputId}"]`;
    assert.equal(await text(`${row} [data-field=type]`), "RTP_PUSH\nSTANDARD");
    assert.equal(await text(`${row} [data-field=state]`), "ATTACHED");
    const endpoints = await page.locator(`${row} [data-field=endpoints] code`).allInnerTexts();
    assert.deepEqual(endpoints, [...demo.endpoints]);
    assert.equal(await page.locator(`${row} [data-field=endpoints] button.copy`).count(), 2);
    assert.equal(await text(`${row} [data-field=security-groups]`), demo.securityGroupId);
    assert.equal(await text(`${row} [data-field=attached-channel]`), "demo");
    await screenshot("inputs");
  });

  it("input security groups: the editor adds a rule, UpdateInputSecurityGroup stores it", async () => {
    await go(`#/security-groups`, `tr[data-isg-id="${demo.securityGroupId}"]`);
    const row = `tr[data-isg-id="${demo.securityGroupId}"]`;
    assert.match(await text(`${row} [data-field=inputs]`), new RegExp(demo.inputId));
    await page.click(`${row} button[data-action=edit-rules]`);
    const rules = await page.inputValue("#isg-rules");
    assert.match(rules, /^127\.0\.0\.1\/32$/m);
    await page.fill("#isg-rules", `${rules}\n${ADDED_CIDR}`);
    await page.click("button[data-action=save-rules]");
    await page.locator("[data-field=saved]").waitFor({ timeout: 10_000 });
    await until("the new rule in the list", async () => ((await text(`${row} [data-field=rules]`)).includes(ADDED_CIDR) ? true : undefined), 10_000);
    const described = await client.send(new DescribeInputSecurityGroupCommand({ InputSecurityGroupId: demo.securityGroupId }));
    const cidrs = (described.WhitelistRules ?? []).map((rule) => rule.Cidr);
    assert.ok(cidrs.includes(ADDED_CIDR), `rules now: ${cidrs.join(", ")}`);
    assert.ok(cidrs.includes("127.0.0.1/32"), "the existing rules are kept");
    await screenshot("security-groups");
  });

  it("schedule: \"Switch input now\" creates an immediate input switch that the pipelines execute", async () => {
    const button = `.schedule li[data-attachment="main"] button[data-action=switch]:not([disabled])`;
    await go(`#/channels/${encodeURIComponent(demo.channelId)}`, button);
    await page.click(button);
    await page.locator(".channel-view .messages .notice").waitFor({ timeout: 10_000 });
    assert.ok(dialogs.some((message) => message === `Switch channel ${demo.channelId} to input "main" now?`), dialogs.join("; "));
    const action = await until("the action in the schedule", async () => {
      const names = await page.locator(`.schedule tr[data-action-name^="console-switch-main-"]`).evaluateAll((rows) => rows.map((row) => row.getAttribute("data-action-name")));
      return names[0] ?? undefined;
    }, 10_000);
    await until("the pipelines to report the action", async () => {
      const shown = await page.locator(`.pipeline [data-field=switch-action]`).allInnerTexts();
      return shown.length === 2 && shown.every((name) => name === action) ? true : undefined;
    }, 15_000);
  });

  it("stops the channel after a confirm() dialog; no uncaught error on the page", async () => {
    await go("#/channels", `tr[data-channel-id="${demo.channelId}"] button[data-action=stop]`);
    await page.click(`tr[data-channel-id="${demo.channelId}"] button[data-action=stop]`);
    await page.locator(`tr[data-channel-id="${demo.channelId}"] :is([data-state="STOPPING"], [data-state="IDLE"])`).waitFor({ timeout: 15_000 });
    assert.ok(dialogs.some((message) => message.startsWith(`Stop channel "demo" (${demo.channelId})?`)), dialogs.join("; "));
    assert.deepEqual(pageErrors, []);
  });

  it("a channel's page lists the settings accepted but not reproduced, with path and reason; none on the demo's", async () => {
    await go(`#/channels/${encodeURIComponent(demo.channelId)}`, ".channel-header h2");
    assert.equal(await page.locator(".not-honoured-settings li").count(), 0, "the demo channel reproduces every setting");
    const input = (await client.send(new CreateInputCommand({ Name: "told", Type: "RTP_PUSH", InputSecurityGroups: [demo.securityGroupId] }))).Input!;
    const channel = colourChannel({ name: "told", inputAttachments: [{ InputId: input.Id, InputAttachmentName: "told", InputSettings: { AudioSelectors: [{ Name: "default" }] } }], outputUrls: [fileUrls("console-told")()] });
    channel.EncoderSettings.NielsenConfiguration = { DistributorId: "console-test" };
    const channelId = await createChannelId(client, channel);
    const item = `.not-honoured-settings li[data-element-path="encoderSettings.nielsenConfiguration"]`;
    await go(`#/channels/${encodeURIComponent(channelId)}`, item);
    assert.equal(await text(".not-honoured-settings h3"), "Accepted, not reproduced");
    assert.match(await text(`${item} [data-field=reason]`), /Nielsen/);
    const listed = (await rawRequest(openlive, { method: "GET", path: `/prod/channels/${channelId}` })).json?.openliveNotHonoured as { elementPath: string }[];
    assert.deepEqual(await page.locator(".not-honoured-settings li").evaluateAll((items) => items.map((li) => li.getAttribute("data-element-path"))), listed.map((setting) => setting.elementPath));
    await screenshot("channel-not-honoured");
    assert.deepEqual(pageErrors, []);
  });
});
