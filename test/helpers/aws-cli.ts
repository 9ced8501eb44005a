// Runs the preinstalled aws CLI v1 against an openlive, asynchronously (a synchronous
// call would block this process's event loop and make the CLI retry for minutes).

import { execFile } from "node:child_process";
import type { OpenliveCredentials } from "./openlive-process.ts";

export interface AwsCliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as JSON when it is JSON. */
  readonly json: any;
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
