// Assertions on aws CLI results (see aws-cli.ts) and on an openlive under test, shared by
// the aws CLI e2e files.

import assert from "node:assert/strict";
import { CreateInputSecurityGroupCommand } from "@aws-sdk/client-medialive";
import type { AwsCliResult, AwsCliTarget } from "./aws-cli.ts";
import type { OpenliveProcess } from "./openlive-process.ts";
import { sdkClient } from "./sdk.ts";

export const INPUT_ARN = /^arn:aws:medialive:us-east-1:000000000000:input:(\d{7})$/;
export const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:x";

/** The last 4000 characters of a (possibly --debug) log. */
export function tail(text: string): string {
  return text.length > 4000 ? `…${text.slice(-4000)}` : text;
}

/** Asserts a successful CLI call and returns its parsed JSON (undefined for empty output). */
export function ok(result: AwsCliResult, what: string): any {
  assert.equal(result.exitCode, 0, `${what}: expected success, got exit ${result.exitCode}\nstderr: ${tail(result.stderr)}\nstdout: ${result.stdout}`);
  return result.json;
}

/**
 * Asserts a failed CLI call carrying the MediaLive error shape `shape` and a message matching
 * `message`, anywhere in stderr, and no server error anywhere in stderr.
 */
export function fails(result: AwsCliResult, shape: string, message: string | RegExp, what: string): void {
  assert.notEqual(result.exitCode, 0, `${what}: expected ${shape}, but it succeeded:\n${result.stdout}`);
  assert.ok(result.stderr.includes(`(${shape})`), `${what}: expected (${shape}) in stderr, got:\n${result.stderr}`);
  assert.doesNotMatch(result.stderr, /InternalServerError|\(500\)/, `${what}: server error:\n${result.stderr}`);
  if (typeof message === "string") {
    assert.ok(result.stderr.includes(message), `${what}: expected the message to contain ${JSON.stringify(message)}, got:\n${result.stderr}`);
  } else {
    assert.match(result.stderr, message, `${what}: message does not match ${message}:\n${result.stderr}`);
  }
}

/** The server did not crash and logged no error-level (≥50) line, e.g. a strict-response drift. */
export function assertServerHealthy(server: OpenliveProcess): void {
  assert.equal(server.child.exitCode, null, `openlive exited:\n${server.logs()}`);
  const bad = server
    .logs()
    .split("\n")
    .filter((line) => /"level":(50|60)/.test(line));
  assert.deepEqual(bad, [], `openlive logged errors:\n${bad.join("\n")}`);
}

/** An `after` hook's end of a server: assertServerHealthy, then stop (nothing if it never started). */
export async function stopHealthy(server: OpenliveProcess | undefined): Promise<void> {
  if (!server) return;
  assertServerHealthy(server);
  await server.stop();
}

/**
 * An input security group with these CIDRs, for the CLI calls a test is about; returns its Id.
 * Made in-process with the SDK (a CLI call costs ~0.7 s of Python): the CLI's own
 * create-input-security-group is tested in aws-cli-isg.test.ts.
 */
export async function createIsg(target: AwsCliTarget, ...cidrs: string[]): Promise<string> {
  const client = sdkClient(target);
  try {
    return (await client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: cidrs.map((Cidr) => ({ Cidr })) }))).SecurityGroup!.Id!;
  } finally {
    client.destroy();
  }
}

/** Checks what every created input carries, and returns it. */
export function checkInput(result: AwsCliResult, what: string, expected: { type: string; name: string; inputClass: string }): any {
  const json = ok(result, what);
  const input = json.Input;
  assert.ok(input, `${what}: CreateInput/UpdateInput wrap the input in Input: ${result.stdout}`);
  const match = INPUT_ARN.exec(input.Arn);
  assert.ok(match, `${what}: Arn ${input.Arn} must be arn:aws:medialive:us-east-1:000000000000:input:<7 digits>`);
  assert.equal(input.Id, match[1], `${what}: Id is the ARN's last segment`);
  assert.equal(input.Type, expected.type, `${what}: Type`);
  assert.equal(input.Name, expected.name, `${what}: Name`);
  assert.equal(input.InputClass, expected.inputClass, `${what}: InputClass`);
  assert.deepEqual(input.AttachedChannels ?? [], [], `${what}: AttachedChannels`);
  return input;
}

/** --srt-settings for an SRT_LISTENER: this latency, AES128 with SECRET_ARN. */
export function srtListener(minimumLatency: number): string {
  return JSON.stringify({ SrtListenerSettings: { MinimumLatency: minimumLatency, Decryption: { Algorithm: "AES128", PassphraseSecretArn: SECRET_ARN } } });
}
