// Entry point of a pipeline worker process (forked by the service's PipelineProcess):
// `openlive-pipeline <channelId> <pipelineIndex>` in ps. It waits for its spec on the IPC
// channel, runs one PipelineWorker, and exits when told to stop or when the service is
// gone (the IPC channel disconnects — also after a kill -9 of the service), so no
// pipeline outlives openlive.

import pino from "pino";
import type { PipelineSpec, ToWorker, FromWorker } from "./messages.ts";
import { PipelineWorker } from "./pipeline-worker.ts";

const [channelId = "?", pipelineIndex = "?"] = process.argv.slice(2);
process.title = `openlive-pipeline ${channelId} ${pipelineIndex}`;

let worker: PipelineWorker | undefined;
let exiting = false;

function send(message: FromWorker): void {
  if (process.connected) process.send?.(message, undefined, undefined, () => {});
}

async function exit(code: number): Promise<void> {
  if (exiting) return;
  exiting = true;
  const timer = setTimeout(() => process.exit(code), 8_000);
  timer.unref();
  await worker?.close().catch(() => {});
  send({ type: "stopped" });
  process.exit(code);
}

function start(spec: PipelineSpec): void {
  // A warm process (started ahead of need, runtime/warm-pipeline-process.ts) learns its pipeline here.
  process.title = `openlive-pipeline ${spec.channelId} ${spec.pipelineIndex}`;
  const logger = pino({ level: spec.logLevel, base: { channelId: spec.channelId, pipeline: spec.pipelineIndex } });
  worker = new PipelineWorker(spec, send, logger);
  worker.start().catch((error: unknown) => {
    logger.error({ err: error }, "pipeline failed to start");
    void exit(1);
  });
}

process.on("message", (message: ToWorker) => {
  if (message.type === "start" && !worker) start(message.spec);
  else if (message.type === "allow-list") worker?.updateAllowList(message.inputId, message.cidrs);
  else if (message.type === "schedule") worker?.setSchedule(message.actions);
  else if (message.type === "stop") void exit(0);
});
process.on("disconnect", () => void exit(0));
process.on("SIGTERM", () => void exit(0));
process.on("SIGINT", () => void exit(0));
// A bug in one pipeline kills only this process; the supervisor restarts it.
process.on("uncaughtException", (error) => {
  console.error(JSON.stringify({ level: 50, msg: "pipeline worker crashed", err: String(error?.stack ?? error) }));
  void exit(1);
});
