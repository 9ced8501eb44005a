// An S3-compatible server on loopback for tests: moto's server (Python moto[server], which
// scripts/install.sh provides), started on 127.0.0.1 and a free port, with an S3 client
// for it. moto keeps everything in memory and accepts any key pair, so each test starts its
// own and stops it; its buckets are empty at start.

import { spawn, type ChildProcess } from "node:child_process";
import { S3Client } from "@aws-sdk/client-s3";
import { existsSync } from "node:fs";
import path from "node:path";
import { freeTcpPort } from "./media-fixtures.ts";
import { REPO_ROOT } from "./openlive-process.ts";
import { until } from "./until.ts";

export interface S3Server {
  /** e.g. http://127.0.0.1:41234 */
  readonly endpoint: string;
  /** A key pair moto accepts (any pair would do). */
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
  /** A client of this server (path-style addressing). */
  readonly client: S3Client;
  stop(): Promise<void>;
}

/** moto_server from PATH, or the venv scripts/install.sh makes. */
function motoServer(): string {
  const installed = path.join(REPO_ROOT, ".tools/moto/bin/moto_server");
  return existsSync(installed) ? installed : "moto_server";
}

export async function startS3Server(): Promise<S3Server> {
  const host = "127.0.0.1";
  const port = await freeTcpPort();
  const child: ChildProcess = spawn(motoServer(), ["-H", host, "-p", String(port)], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const failed = new Promise<never>((_resolve, reject) => {
    child.once("error", (error) => reject(new Error(`moto_server did not start (${error.message}); scripts/install.sh installs it`)));
    child.once("exit", (code) => reject(new Error(`moto_server exited with ${code}:\n${output}`)));
  });
  failed.catch(() => undefined);
  const endpoint = `http://${host}:${port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  try {
    await Promise.race([
      failed,
      until("moto_server answers", async () => ((await fetch(`${endpoint}/`).catch(() => undefined))?.ok ? true : undefined), 20_000),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  const credentials = { accessKeyId: "AKIATESTTESTTESTTEST", secretAccessKey: "test-secret-key" };
  const client = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials });
  return {
    endpoint,
    ...credentials,
    region: "us-east-1",
    client,
    async stop() {
      client.destroy();
      await stop();
    },
  };
}
