// Composition root: builds the store, the services and the API from a config and
// starts listening. Used by `openlive serve`; nothing else imports it.

import { mkdirSync } from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { buildApiServer } from "./api/server.ts";
import type { SignedRouteOptions } from "./api/signed-extension.ts";
import { registerCheckRoute } from "./check/check-route.ts";
import { wireCluster } from "./cluster/cluster-placement-wiring.ts";
import { wireInputEndpoints } from "./cluster/input-endpoints-wiring.ts";
import type { ServiceConfig } from "./config/config.ts";
import type { ApiCredentials } from "./config/credentials.ts";
import { prepareDataDirForService } from "./config/data-dir-startup.ts";
import { fileSecretResolver } from "./config/secrets.ts";
import { createHostCheck } from "./api/host-check.ts";
import { announceExposure } from "./api/exposure.ts";
import { ChangeFeed } from "./domain/change-feed.ts";
import type { ChannelConfig } from "./domain/channels/channel-config.ts";
import { ChannelService } from "./domain/channels/channel-service.ts";
import { validateChannelConfig } from "./domain/channels/validate-channel.ts";
import { InputService } from "./domain/input-service.ts";
import { IsgService } from "./domain/isg-service.ts";
import { MAX_PULL_CHECK_TIMEOUT_MS, verifyPullInputs } from "./ingest/pull-check/verify-pull-inputs.ts";
import { InputAllowLists } from "./ingest/input-allow-lists.ts";
import { registerConsoleRoutes } from "./console/console-routes.ts";
import { startEventService } from "./events/event-service.ts";
import { startOrigin, type RunningOrigin } from "./origin/hls-origin.ts";
import { registerOriginInfoRoute } from "./origin/origin-info-route.ts";
import { wireOriginIngest } from "./origin/origin-ingest-route.ts";
import { checkOutputs } from "./output/output-kinds.ts";
import { OutputRoots } from "./output/roots/output-roots.ts";
import { ConfigError } from "./config/config.ts";
import { registerMetricsRoute } from "./metrics/metrics-route.ts";
import { OpenliveMetrics } from "./metrics/openlive-metrics.ts";
import { ChannelRuntime } from "./runtime/channel-runtime.ts";
import { loadMediaPackageTargets, MEDIAPACKAGE_ORIGIN_FOLDER, MediaPackageTargetsError, type MediaPackageSetup } from "./output/mediapackage/mediapackage-targets.ts";
import type { ValidationProblem } from "./shared/errors.ts";
import { openStore } from "./store/open-store.ts";

export interface RunningService {
  /** Base URL of the MediaLive API, e.g. http://127.0.0.1:8080 */
  readonly url: string;
  /** Base URL of the HLS origin, e.g. http://127.0.0.1:8081 */
  readonly originUrl: string;
  readonly outputRoots: OutputRoots;
  close(): Promise<void>;
}

export interface ServiceExtras {
  /** Registers extra HTTP routes next to the API and the origin (the demo's page and controls); `signing` verifies SigV4 as the API does. */
  readonly registerRoutes?: (app: FastifyInstance, signing: SignedRouteOptions) => void;
  /** The unsigned routes registerRoutes adds ("GET /demo: …"), for the start-up list of open routes. */
  readonly openRoutes?: readonly string[];
}

/** Makes the output roots that do not exist yet, and refuses to start with one that another user could redirect. */
function prepareOutputRoots(roots: OutputRoots): void {
  for (const root of roots.roots) mkdirSync(root, { recursive: true, mode: 0o755 });
  const problems = roots.rootProblems();
  if (problems.length) throw new ConfigError(`cannot publish into the output roots: ${problems.join("; ")}`);
}

/** The own origin's folder (made, and checked like an output root) and the configured MediaPackage ingest targets. */
function prepareMediaPackage(config: ServiceConfig): MediaPackageSetup {
  const originRoot = path.join(path.resolve(config.dataDir), MEDIAPACKAGE_ORIGIN_FOLDER);
  prepareOutputRoots(new OutputRoots([originRoot]));
  try {
    return { originRoot, targets: config.mediaPackageTargets ? loadMediaPackageTargets(config.mediaPackageTargets) : {} };
  } catch (error) {
    throw error instanceof MediaPackageTargetsError ? new ConfigError(error.message) : error;
  }
}

export async function startService(config: ServiceConfig, credentials: ApiCredentials, logger: Logger, extras: ServiceExtras = {}): Promise<RunningService> {
  const tokens = prepareDataDirForService(config, logger);
  const outputRoots = new OutputRoots(config.outputRoots);
  prepareOutputRoots(outputRoots);
  const mediaPackage = prepareMediaPackage(config);
  const checkOutputPlaces = (channel: ChannelConfig): ValidationProblem[] => checkOutputs(channel, { roots: outputRoots });
  const store = await openStore({ store: config.store, dataDir: config.dataDir, onConnectionError: (error) => logger.warn({ err: error }, "store: an idle database connection failed") });
  const repository = store.repository;
  logger.info({ store: store.description, schemaVersion: await store.schemaVersion() }, "store open");
  const nowMs = (): number => Date.now();
  const changes = new ChangeFeed((error, event) => logger.error({ err: error, event }, "change listener failed"));
  const common = { repository, changes, nowMs, deletedRetentionMs: config.deletedRetentionMs };
  const isgs = new IsgService(common);
  const inputEndpoints = wireInputEndpoints(config, (error) => logger.warn({ err: error }, "cluster: an idle database connection failed"));
  const inputs = new InputService({ ...common, pushAddresses: config.pushAddresses, pushPortRange: config.pushPortRange, inputRoots: config.inputRoots, ...inputEndpoints.options });
  const resolveSecret = fileSecretResolver(config.dataDir);
  const channels = new ChannelService({
    ...common,
    validateConfig: validateChannelConfig,
    verifyPullInputs: (targets) => verifyPullInputs(targets, { timeoutMs: MAX_PULL_CHECK_TIMEOUT_MS, resolveSecret, inputRoots: config.inputRoots }),
    inputRoots: config.inputRoots,
    checkOutputPlaces,
  });

  const allowLists = new InputAllowLists(repository, changes);
  const runtime = new ChannelRuntime({ repository, changes, allowLists, dataDir: path.resolve(config.dataDir), logger, logLevel: config.logLevel, nowMs, outputRoots: config.outputRoots, mediaPackage, s3ConfigFile: config.s3Config, inputRoots: config.inputRoots, pushAddresses: config.pushAddresses, checkOutputPlaces });
  const resync = (): void => {
    void allowLists.refreshAll().catch((error: unknown) => logger.error({ err: error }, "allow-lists not re-read"));
    for (const channelId of runtime.runningChannelIds()) changes.emit("scheduleChanged", { channelId });
  };
  const placement = wireCluster(config, { runtime, repository, changes, logger, nowMs, checkOutputPlaces, resync });

  // One signature check for the API and openlive's own signed routes (/openlive/...).
  let listeningPort = config.apiPort;
  const hostCheck = createHostCheck({ listenAddress: config.host, apiHosts: config.apiHosts, port: () => listeningPort });
  const signing = {
    lookupSecret: (accessKeyId: string) => (accessKeyId === credentials.accessKeyId ? credentials.secretAccessKey : undefined),
    region: config.region,
    clockSkewMs: config.clockSkewMs,
    nowMs,
    acceptHost: hostCheck.accepts,
  } satisfies SignedRouteOptions;
  const app = buildApiServer({
    context: { scope: { region: config.region, accountId: config.accountId }, isgs, inputs, channels, runtime: placement.runtime, ...(placement.inventory ? { inventory: placement.inventory } : {}) },
    logger,
    ...signing,
    maxBodyBytes: config.maxBodyBytes,
    strictResponses: process.env.OPENLIVE_STRICT_RESPONSES === "1",
    connectionLimits: { maxConnections: config.maxHttpConnections, maxPerAddress: config.maxHttpConnectionsPerAddress },
  });
  registerCheckRoute(app, { ...signing, inputRoots: config.inputRoots });
  let originPort: number | undefined;
  registerConsoleRoutes(app, { originPort: () => originPort });
  const metrics = new OpenliveMetrics({ source: runtime, onChannelDeleted: (listener) => changes.on("channelDeleted", ({ channelId }) => listener(channelId)) });
  registerMetricsRoute(app, metrics, tokens.metricsToken.token);
  const events = startEventService({
    app, changes, repository, scope: { region: config.region, accountId: config.accountId }, nowMs, logger,
    pipelinesRunningCount: async (channelId) => (await placement.runtime.view(channelId))?.pipelinesRunningCount ?? 0,
    eventsToken: tokens.eventsToken.token, maxEventClients: config.maxEventClients, webhookUrls: config.webhookUrls, webhookSecret: config.webhookSecret,
  });
  extras.registerRoutes?.(app, signing);
  const ingested = wireOriginIngest(app, { epochs: placement.store, dataDir: config.dataDir, lookupSecret: signing.lookupSecret, logger });
  let origin: RunningOrigin | undefined;
  try {
    // The origin first: the API's /openlive/origin names its port.
    origin = await startOrigin({
      host: config.host, port: config.originPort, roots: outputRoots, mediaPackage, repository, logger, ...(ingested ? { ingested } : {}),
      connectionLimits: { maxConnections: config.maxHttpConnections, maxPerAddress: config.maxHttpConnectionsPerAddress },
    });
    originPort = Number(new URL(origin.url).port);
    registerOriginInfoRoute(app, { ...signing, originPort, roots: outputRoots });
    await app.listen({ host: config.host, port: config.apiPort });
  } catch (error) {
    await origin?.close();
    await app.close();
    await placement.close();
    await inputEndpoints.close();
    allowLists.close();
    await repository.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.apiPort;
  const host = config.host.includes(":") ? `[${config.host}]` : config.host;
  listeningPort = port;
  announceExposure({ config, port, tokens, hostCheck, extraOpenRoutes: extras.openRoutes ?? [], logger });
  // Channels that were running when openlive stopped (or crashed) run again; in a cluster the
  // wanted pipelines are in the database and workers claim them.
  if (placement.runsChannelsLocally) await runtime.resume();
  try {
    await placement.startWorker();
  } catch (error) {
    events.close();
    await placement.close();
    await origin.close();
    await app.close();
    await runtime.close();
    await inputEndpoints.close();
    metrics.close();
    allowLists.close();
    await repository.close();
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    originUrl: origin.url,
    outputRoots,
    close() {
      closing ??= (async () => {
        events.close();
        await origin.close();
        await app.close();
        // Before the runtime: the worker stops its pipelines and releases their leases, so zone peers take them at once.
        await placement.close();
        await runtime.close();
        await inputEndpoints.close();
        metrics.close();
        allowLists.close();
        await repository.close();
      })();
      return closing;
    },
  };
}
