// The `openlive` command line: `openlive serve [--demo]`, `openlive demo`, `openlive credentials`, `openlive check`, `openlive cluster zones|nodes`, `openlive help`.

import path from "node:path";
import { parseArgs } from "node:util";
import { runCheckCommand } from "./check/check-command.ts";
import { ClusterConfigError } from "./cluster/cluster-config.ts";
import { runClusterCommand } from "./cluster/cluster-command.ts";
import { ConfigError, loadConfig, OPTIONS, type ServiceConfig } from "./config/config.ts";
import { awsCliHint, loadCredentials } from "./config/credentials.ts";
import { prepareDataDir } from "./config/data-dir.ts";
import { loadRouteTokens, tokenHint, TOKENS_FILE } from "./config/tokens.ts";
import { isDemoStopped, startDemo, demoBanner, DEMO_NAME, type DemoSession } from "./demo/demo.ts";
import { registerDemoPage, type DemoPageState } from "./demo/demo-page.ts";
import { registerDemoControlRoute } from "./demo/demo-control-route.ts";
import { startService, type ServiceExtras } from "./main.ts";
import { createLogger } from "./shared/logger.ts";

const USAGE = `usage: openlive <command> [options]

commands:
  serve          run the service (MediaLive API; embedded SQLite store in --data-dir, or PostgreSQL with --store)
  demo           serve, plus a demo: a STANDARD channel "demo" on two RTP inputs (a failover pair,
                 "main" and "backup") fed by four built-in ffmpeg test patterns; prints its playback
                 URL and a player page (/demo); cut "main" in the console to watch a failover.
                 Ctrl-C stops the upstreams and the channel. Same as: serve --demo
  credentials    print the API credentials and the /metrics and /events tokens, and how to use them
                 (aws CLI, curl, Prometheus)
  check URL [URL2] [--seconds N] [--input-type T] [--input-spec C,R,B] [--caption-selector K] [--json]
                 check an upstream encoder against the upstream checklist (docs/upstream.md) before
                 creating anything; needs no running service. openlive check --help: every option
  cluster zones  write the zones of --cluster-config into the cluster's --store and print them as JSON
  cluster nodes  print the cluster's nodes (role, zone, capacity, held pipelines, heartbeat age) as JSON
                 (docs/cluster.md)
  help           show this text

options (each also settable by environment variable or a JSON file given with --config / OPENLIVE_CONFIG):
${OPTIONS.map((o) => `  --${o.flag.padEnd(22)} ${o.env.padEnd(30)} ${o.help} (default ${o.defaultValue})`).join("\n")}

  --demo                   (serve only) also run the demo, as \`openlive demo\`
`;

interface CommandLine {
  command: string;
  /** The word after `cluster`. */
  subcommand?: string;
  flags: Record<string, string>;
  configFile?: string;
  /** --demo was given. */
  demo: boolean;
}

function parseCommandLine(argv: readonly string[]): CommandLine {
  const options = {
    ...Object.fromEntries([...OPTIONS.map((o) => o.flag), "config"].map((flag) => [flag, { type: "string" as const }])),
    demo: { type: "boolean" as const },
  };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}; run ./openlive help`);
  }
  const flags: Record<string, string> = {};
  let configFile: string | undefined;
  let demo = false;
  for (const [key, value] of Object.entries(parsed.values)) {
    if (key === "demo") {
      demo = value === true;
      continue;
    }
    if (typeof value !== "string") throw new ConfigError(`option --${key} needs a value`);
    if (key === "config") configFile = value;
    else flags[key] = value;
  }
  const command = parsed.positionals[0] ?? "help";
  const words = command === "cluster" ? 2 : 1;
  if (parsed.positionals.length > words) throw new ConfigError(`unexpected argument "${parsed.positionals[words]}"`);
  if (demo && command !== "serve" && command !== "demo") throw new ConfigError(`--demo goes with serve (openlive serve --demo), not with ${command}`);
  const subcommand = command === "cluster" ? { subcommand: parsed.positionals[1] ?? "" } : {};
  return configFile === undefined ? { command, flags, demo, ...subcommand } : { command, flags, configFile, demo, ...subcommand };
}

function resolveConfig(flags: Record<string, string>, configFile: string | undefined): ServiceConfig {
  const file = configFile ?? process.env.OPENLIVE_CONFIG;
  return loadConfig({ flags, env: process.env, ...(file ? { configFile: file } : {}) });
}

async function serve(config: ServiceConfig, options: { demo: boolean }): Promise<void> {
  const logger = createLogger(config.logLevel);
  prepareDataDir(config.dataDir);
  const credentials = loadCredentials(process.env, config.dataDir);
  const page: DemoPageState | undefined = options.demo ? { playbackUrl: undefined, channelName: DEMO_NAME } : undefined;
  let service: Awaited<ReturnType<typeof startService>>;
  try {
    const demoRoutes: ServiceExtras = page
      ? {
          registerRoutes: (app, signing) => {
            registerDemoPage(app, page);
            registerDemoControlRoute(app, page, signing);
          },
          openRoutes: ["GET /demo, /demo/hls.min.js (the demo's player page: channel name and id, playback path)"],
        }
      : {};
    service = await startService(config, credentials, logger, demoRoutes);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "EADDRINUSE") throw new ConfigError(`the API address ${config.host}:${config.apiPort} is already in use (another openlive?); choose another with --api-port`);
    if (code === "EACCES" || code === "EADDRNOTAVAIL") throw new ConfigError(`cannot listen on ${config.host}:${config.apiPort} (${code}); check --host and --api-port`);
    throw error;
  }
  logger.info({ url: service.url, originUrl: service.originUrl, outputRoots: config.outputRoots, dataDir: config.dataDir, credentials: credentials.origin }, "listening");
  // The secrets themselves stay out of stderr, which often ends in a journal other users read.
  const generated = credentials.generated ? `generated API credentials in ${credentials.origin}; ` : `credentials: ${credentials.origin}; `;
  process.stderr.write(`\nopenlive MediaLive API at ${service.url} (${generated}tokens of /metrics and /events: ${path.join(config.dataDir, TOKENS_FILE)}).\n\`./openlive credentials\` prints them and how to use them with the aws CLI, curl and Prometheus.\n\n`);
  let demo: DemoSession | undefined;
  let stopping = false;
  const shutdown = (exitCode: number): void => {
    if (stopping) return;
    stopping = true;
    // The demo first (upstreams, StopChannel, wait IDLE) while the API still answers, then the service.
    (async () => {
      if (demo) {
        if (process.stderr.isTTY) process.stderr.write("\nopenlive demo: stopping the upstreams and the channel (Ctrl-C again to quit at once)\n");
        await demo.stop().catch((error: unknown) => logger.error({ err: error }, "demo: stop failed"));
      }
      await service.close();
    })().then(
      () => process.exit(exitCode),
      (error: unknown) => {
        logger.error({ err: error }, "stop failed");
        process.exit(1);
      },
    );
  };
  const onSignal = (signal: string): void => {
    logger.info({ signal }, "stopping");
    shutdown(0);
  };
  process.once("SIGTERM", () => onSignal("SIGTERM"));
  process.once("SIGINT", () => onSignal("SIGINT"));
  if (page) {
    demo = startDemo({ config, serviceUrl: service.url, originUrl: service.originUrl, outputRoots: service.outputRoots, credentials, logger, page });
    demo.ready.then(
      (info) => {
        logger.info({ ...info }, "demo ready");
        process.stderr.write(demoBanner(info, service.url));
      },
      (error: unknown) => {
        if (isDemoStopped(error) || stopping) return;
        logger.error({ err: error }, "demo failed");
        process.stderr.write(`\nopenlive demo failed: ${(error as Error).message}\n\n`);
        shutdown(1);
      },
    );
  }
}

export async function runCli(argv: readonly string[]): Promise<number> {
  if (argv[0] === "check") return runCheckCommand(argv.slice(1));
  try {
    const { command, subcommand, flags, configFile, demo } = parseCommandLine(argv);
    switch (command) {
      case "serve":
      case "demo":
        await serve(resolveConfig(flags, configFile), { demo: demo || command === "demo" });
        return -1; // keeps running until a signal
      case "credentials": {
        const config = resolveConfig(flags, configFile);
        prepareDataDir(config.dataDir);
        const credentials = loadCredentials(process.env, config.dataDir);
        const tokens = loadRouteTokens(config, config.dataDir);
        const host = config.host.includes(":") ? `[${config.host}]` : config.host;
        const url = `http://${host}:${config.apiPort}`;
        process.stdout.write(`${awsCliHint(credentials, config.region, url)}\n\n${tokenHint(tokens, url)}\n`);
        return 0;
      }
      case "cluster":
        await runClusterCommand(subcommand ?? "", resolveConfig(flags, configFile), (text) => process.stdout.write(text));
        return 0;
      case "help":
      case "--help":
        process.stdout.write(USAGE);
        return 0;
      default:
        process.stderr.write(`unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ClusterConfigError) {
      process.stderr.write(`openlive: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

const status = await runCli(process.argv.slice(2));
if (status >= 0) process.exit(status);
