// The `openlive` command line: `openlive serve`, `openlive credentials`, `openlive help`.

import { mkdirSync } from "node:fs";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig, OPTIONS, type ServiceConfig } from "./config/config.ts";
import { awsCliHint, loadCredentials } from "./config/credentials.ts";
import { startService } from "./main.ts";
import { createLogger } from "./shared/logger.ts";

const USAGE = `usage: openlive <command> [options]

commands:
  serve          run the service (MediaLive API; embedded SQLite store in --data-dir)
  credentials    print the API credentials and how to use them with the aws CLI
  help           show this text

options (each also settable by environment variable or a JSON file given with --config / OPENLIVE_CONFIG):
${OPTIONS.map((o) => `  --${o.flag.padEnd(22)} ${o.env.padEnd(30)} ${o.help} (default ${o.defaultValue})`).join("\n")}
`;

function parseCommandLine(argv: readonly string[]): { command: string; flags: Record<string, string>; configFile?: string } {
  const options = Object.fromEntries([...OPTIONS.map((o) => o.flag), "config"].map((flag) => [flag, { type: "string" as const }]));
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}; run ./openlive help`);
  }
  const flags: Record<string, string> = {};
  let configFile: string | undefined;
  for (const [key, value] of Object.entries(parsed.values)) {
    if (typeof value !== "string") throw new ConfigError(`option --${key} needs a value`);
    if (key === "config") configFile = value;
    else flags[key] = value;
  }
  const command = parsed.positionals[0] ?? "help";
  if (parsed.positionals.length > 1) throw new ConfigError(`unexpected argument "${parsed.positionals[1]}"`);
  return configFile === undefined ? { command, flags } : { command, flags, configFile };
}

function resolveConfig(flags: Record<string, string>, configFile: string | undefined): ServiceConfig {
  const file = configFile ?? process.env.OPENLIVE_CONFIG;
  return loadConfig({ flags, env: process.env, ...(file ? { configFile: file } : {}) });
}

async function serve(config: ServiceConfig): Promise<void> {
  const logger = createLogger(config.logLevel);
  mkdirSync(config.dataDir, { recursive: true });
  const credentials = loadCredentials(process.env, config.dataDir);
  let service: Awaited<ReturnType<typeof startService>>;
  try {
    service = await startService(config, credentials, logger);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "EADDRINUSE") throw new ConfigError(`the API address ${config.host}:${config.apiPort} is already in use (another openlive?); choose another with --api-port`);
    if (code === "EACCES" || code === "EADDRNOTAVAIL") throw new ConfigError(`cannot listen on ${config.host}:${config.apiPort} (${code}); check --host and --api-port`);
    throw error;
  }
  logger.info({ url: service.url, dataDir: config.dataDir, credentials: credentials.origin }, "listening");
  if (credentials.generated) {
    process.stderr.write(`\nopenlive generated API credentials in ${credentials.origin}. Use them with the aws CLI:\n\n${awsCliHint(credentials, config.region, service.url)}\n\n`);
  } else {
    process.stderr.write(`\nopenlive MediaLive API at ${service.url} (credentials: ${credentials.origin}; \`./openlive credentials\` prints them)\n\n`);
  }
  const stop = (signal: string): void => {
    logger.info({ signal }, "stopping");
    service.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "stop failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}

export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    const { command, flags, configFile } = parseCommandLine(argv);
    switch (command) {
      case "serve":
        await serve(resolveConfig(flags, configFile));
        return -1; // keeps running until a signal
      case "credentials": {
        const config = resolveConfig(flags, configFile);
        mkdirSync(config.dataDir, { recursive: true });
        const credentials = loadCredentials(process.env, config.dataDir);
        const host = config.host.includes(":") ? `[${config.host}]` : config.host;
        process.stdout.write(awsCliHint(credentials, config.region, `http://${host}:${config.apiPort}`) + "\n");
        return 0;
      }
      case "help":
      case "--help":
        process.stdout.write(USAGE);
        return 0;
      default:
        process.stderr.write(`unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`openlive: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

const status = await runCli(process.argv.slice(2));
if (status >= 0) process.exit(status);
