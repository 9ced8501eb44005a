// Runs the preinstalled aws CLI v1 against an openlive, asynchronously (a synchronous
// call would block this process's event loop and make the CLI retry for minutes).

import { execFile, execFileSync } from "node:child_process";
import path from "node:path";
import { AWS_DATA_PATH } from "../../tools/generate-model.ts";
import type { OpenliveCredentials } from "./openlive-process.ts";

export interface AwsCliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as JSON when it is JSON. */
  readonly json: any;
}

preferUnshimmedAws();

/**
 * `aws` on PATH is a pyenv shim that costs ~0.4 s of bash per call; put the directory of
 * the real aws CLI v1 it resolves to first on PATH (awsCli spawns "aws" with this
 * process's environment). Runs once, at module load — before any server starts, so the
 * sync call blocks nothing.
 */
function preferUnshimmedAws(): void {
  try {
    const real = execFileSync("pyenv", ["which", "aws"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    if (real) process.env.PATH = `${path.dirname(real)}${path.delimiter}${process.env.PATH ?? ""}`;
  } catch {
    // no pyenv: the plain `aws` on PATH is used
  }
}

export interface AwsCliTarget {
  readonly url: string;
  readonly credentials: OpenliveCredentials;
}

export function awsCli(target: AwsCliTarget, args: readonly string[], options: { region?: string; timeoutMs?: number } = {}): Promise<AwsCliResult> {
  return new Promise((resolve) => {
    execFile(
      "aws",
      [...args, "--endpoint-url", target.url, "--cli-read-timeout", "10", "--cli-connect-timeout", "5", "--output", "json"],
      {
        timeout: options.timeoutMs ?? 60000,
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: target.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: target.credentials.secretAccessKey,
          AWS_DEFAULT_REGION: options.region ?? "us-east-1",
          AWS_EC2_METADATA_DISABLED: "true",
          AWS_MAX_ATTEMPTS: "1",
          AWS_RETRY_MODE: "standard",
          AWS_PAGER: "",
          // The vendored model: Debian's aws 2.9.19 (what scripts/install.sh installs) lacks
          // list-alerts, --srt-settings and more (tools/model/README.md).
          AWS_DATA_PATH,
        },
      },
      (error, stdout, stderr) => {
        let json: unknown;
        try {
          json = stdout.trim() ? JSON.parse(stdout) : undefined;
        } catch {
          json = undefined;
        }
        const exitCode = error ? (typeof (error as { code?: unknown }).code === "number" ? ((error as { code: number }).code) : 255) : 0;
        resolve({ exitCode, stdout, stderr, json });
      },
    );
  });
}

/** `aws medialive …` against one target. */
export type Ml = (...args: string[]) => Promise<AwsCliResult>;

export function medialive(target: AwsCliTarget): Ml {
  return (...args) => awsCli(target, ["medialive", ...args]);
}
