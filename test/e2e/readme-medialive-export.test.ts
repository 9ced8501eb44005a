// The README's "Bring a channel from MediaLive" commands, run as written against a real
// openlive on a real DescribeChannel export (the corpus's console-built HLS channel): the
// block is read from README.md, its one line that talks to AWS is replaced by the export,
// and the rest runs in bash with the aws CLI, jq and curl. Creation only, no media.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { AWS_DATA_PATH } from "../../tools/generate-model.ts";
import { medialive } from "../helpers/aws-cli.ts";
import { toCliMembers } from "../helpers/cli-members.ts";
import { CORPUS_DIR } from "../helpers/corpus-channels.ts";
import { rawRequest } from "../helpers/signed-fetch.ts";
import { makeTempDir, REPO_ROOT, startOpenlive, type OpenliveProcess } from "../helpers/openlive-process.ts";

const CORPUS_EXPORT = path.join(CORPUS_DIR, "33-export-console-hls-template-webdav.json");
const SECTION = "## Bring a channel from MediaLive";
/** The README's line that runs on AWS: the test writes its output (channel.json) instead. */
const AWS_LINE = /^aws medialive describe-channel .*> channel\.json$/m;
const README_API_URL = "http://127.0.0.1:8080";

/** The first ```sh block of the README's section. */
function readmeBlock(): string {
  const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf(SECTION));
  const match = /```sh\n([\s\S]*?)```/.exec(section);
  assert.ok(readme.includes(SECTION) && match, "the README has the section and its sh block");
  return match[1]!;
}

/** DescribeChannel as the aws CLI prints it on AWS: the request's members plus the answer's own. */
function describeChannelExport(): Record<string, unknown> {
  const corpus = JSON.parse(readFileSync(CORPUS_EXPORT, "utf8")) as { request: Record<string, unknown> };
  const members = toCliMembers("DescribeChannelResponse", corpus.request) as Record<string, any>;
  return {
    Arn: "arn:aws:medialive:us-west-2:111122223333:channel:1234567",
    Id: "1234567",
    State: "IDLE",
    PipelinesRunningCount: 0,
    PipelineDetails: [],
    EgressEndpoints: [{ SourceIp: "203.0.113.10" }, { SourceIp: "203.0.113.11" }],
    ChannelEngineVersion: { Version: "1.0", ExpirationDate: "2027-01-01T00:00:00Z" },
    Tags: {},
    ...members,
    Maintenance: { ...members.Maintenance, MaintenanceDeadline: "2027-01-01T03:00:00Z", MaintenanceScheduledDate: "2026-12-12" },
  };
}

function bash(script: string, options: { cwd: string; env: Record<string, string> }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("bash", ["-c", script], { cwd: options.cwd, env: { ...process.env, ...options.env }, timeout: 90_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 255) : 0, stdout, stderr });
    });
  });
}

describe("README: bring a channel from MediaLive (corpus DescribeChannel export, aws CLI)", { timeout: 120_000 }, () => {
  it("has the corpus beside the clone (this test needs ../shared/corpus/channels; CI provides it)", () => {
    assert.ok(existsSync(CORPUS_EXPORT), `this test needs ../shared/corpus/channels beside the clone (or OPENLIVE_CORPUS_DIR): ${CORPUS_EXPORT} is missing`);
  });
  let openlive: OpenliveProcess;
  let work: string;
  let result: { code: number; stdout: string; stderr: string };

  before(async () => {
    work = makeTempDir("openlive-readme-export-");
    const outputRoot = path.join(work, "data", "output");
    mkdirSync(outputRoot, { recursive: true });
    openlive = await startOpenlive({ extraArgs: ["--output-roots", outputRoot] });
    writeFileSync(path.join(work, "channel.json"), JSON.stringify(describeChannelExport(), null, 2));
    const block = readmeBlock();
    assert.match(block, AWS_LINE);
    const script = ["set -euo pipefail", block.replace(AWS_LINE, ": the export is in channel.json").replaceAll(README_API_URL, openlive.url), 'echo "CH=$CH"'].join("\n");
    result = await bash(script, {
      cwd: work,
      env: {
        AWS_ACCESS_KEY_ID: openlive.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: openlive.credentials.secretAccessKey,
        AWS_DEFAULT_REGION: "us-east-1",
        AWS_DATA_PATH,
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_PAGER: "",
        ML: `aws medialive --endpoint-url ${openlive.url}`,
      },
    });
  });

  after(async () => {
    await openlive?.stop();
  });

  it("creates the exported channel with openlive's input and file:// destinations", async () => {
    assert.equal(result.code, 0, `${result.stderr}\n${result.stdout}`);
    const channelId = /^CH=(\d+)$/m.exec(result.stdout)?.[1];
    assert.ok(channelId, result.stdout);
    const described = await medialive(openlive)("describe-channel", "--channel-id", channelId);
    assert.equal(described.exitCode, 0, described.stderr);
    const channel = described.json as { State: string; Name: string; ChannelClass: string; InputAttachments: { InputId: string; InputAttachmentName: string }[]; Destinations: { Settings: { Url: string }[] }[] };
    assert.equal(channel.State, "IDLE");
    assert.equal(channel.Name, "cut_test_medial_live");
    assert.equal(channel.ChannelClass, "STANDARD");
    assert.equal(channel.InputAttachments[0]!.InputAttachmentName, "cut_test_medial_live_inp_INPUT_ID_1", "attachment names stay");
    const input = await medialive(openlive)("describe-input", "--input-id", channel.InputAttachments[0]!.InputId);
    assert.equal(input.json?.Name, "from-medialive");
    assert.deepEqual(channel.Destinations[0]!.Settings.map((setting) => setting.Url), [0, 1].map((i) => `file://${work}/data/output/from-medialive/pipeline${i}/index`));
  });

  it("prints what openlive accepted without reproducing it, one path and reason a line, as the README shows", async () => {
    const channelId = /^CH=(\d+)$/m.exec(result.stdout)?.[1];
    const answer = await rawRequest(openlive, { method: "GET", path: `/prod/channels/${channelId}` });
    const listed = answer.json?.openliveNotHonoured as { elementPath: string; reason: string }[];
    assert.ok(listed.length > 0, "a console export carries settings openlive does not reproduce");
    const printed = result.stdout.split("\n").filter((line) => line !== "" && !line.startsWith("CH="));
    assert.deepEqual(printed, listed.map((setting) => `${setting.elementPath}: ${setting.reason}`));
    assert.ok(printed.some((line) => line.startsWith('logLevel: logLevel "DISABLED"')), printed.join("\n"));
  });
});
