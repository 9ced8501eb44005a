// `openlive demo` / `openlive serve --demo`: a working redundant channel in a minute. With
// the service running in this process, the demo acts as an ordinary API client (SigV4,
// MediaLive JSON): it finds or creates an input security group for this machine, two
// STANDARD RTP_PUSH inputs ("demo" and "demo-backup") and a STANDARD channel named "demo"
// that attaches them as an automatic input failover pair ("main" primary, "backup"
// secondary), all tagged openlive-demo=true so a second run reuses them (a demo channel from
// an older version, on "main" alone, is updated to the pair). It starts the channel, feeds
// the four endpoints with ffmpeg test patterns, waits until the channel is RUNNING and its
// HLS plays from openlive's origin, and reports the playback URLs. The upstreams of either
// input can be cut and restored (/openlive/demo, the console's demo panel) to watch a
// failover and the return. stop() undoes the running part: upstreams, StopChannel, wait for
// IDLE. The resources stay for the next run.

import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Logger } from "pino";
import type { ServiceConfig } from "../config/config.ts";
import { originUrl } from "../origin/hls-origin.ts";
import type { OutputRoots } from "../output/roots/output-roots.ts";
import { DEMO_PAGE_PATH, type DemoPageState } from "./demo-page.ts";
import { MediaLiveApiClient, uriEncode } from "./signed-client.ts";
import { DemoAttachments, startUpstreams, type UpstreamTarget, type Upstreams } from "./upstreams.ts";

export const DEMO_NAME = "demo";
/** The backup input's name; the channel attaches it as "backup", the secondary of the failover pair. */
export const DEMO_BACKUP_NAME = "demo-backup";
/** Input loss that fails the channel over to the backup input. */
export const DEMO_INPUT_LOSS_MS = 1_000;
/** How long "main" must be clean again before the channel returns to it (PRIMARY_INPUT_PREFERRED). */
export const DEMO_ERROR_CLEAR_MS = 5_000;
export const DEMO_TAG = "openlive-demo";
/** Folder under the data dir that the demo channel publishes to (one subfolder per pipeline). */
/** The demo's folder in the first output root: pipeline N publishes into <root>/demo/N. */
export const DEMO_HLS_FOLDER = "demo";

const RUNNING_TIMEOUT_MS = 60_000;
const PLAYABLE_TIMEOUT_MS = 60_000;
/** Segments the first variant must list before the demo says it is ready (see waitPlayable). */
const MIN_PLAYABLE_SEGMENTS = 3;
const STOP_TIMEOUT_MS = 15_000;
const POLL_MS = 500;

export interface DemoOptions {
  readonly config: ServiceConfig;
  /** The running service's API URL (service.url). */
  readonly serviceUrl: string;
  /** The running service's HLS origin (service.originUrl). */
  readonly originUrl: string;
  /** The output roots (service.outputRoots): the demo publishes into the first. */
  readonly outputRoots: OutputRoots;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly logger: Logger;
  /** The /demo page's state: the demo sets the playback path once the channel is known. */
  readonly page?: DemoPageState;
  /** ffmpeg binary for the upstreams. */
  readonly ffmpeg?: string;
}

export interface DemoInfo {
  readonly channelId: string;
  /** The primary input ("main"). */
  readonly inputId: string;
  /** The secondary input ("backup"). */
  readonly backupInputId: string;
  readonly securityGroupId: string;
  /** The primary input's two push endpoints (pipeline 0, pipeline 1). */
  readonly endpoints: readonly string[];
  /** The backup input's two push endpoints. */
  readonly backupEndpoints: readonly string[];
  /** Master playlist of pipeline 0 on openlive's origin (lists pipeline 1 as the redundant copy). */
  readonly playbackUrl: string;
  /** The hls.js player page. */
  readonly pageUrl: string;
  /** Whether this run created the channel (false: reused from an earlier run). */
  readonly created: boolean;
}

export interface DemoSession {
  /** Resolves once the channel is RUNNING and its master playlist plays; rejects on failure. */
  readonly ready: Promise<DemoInfo>;
  /** Stops the upstreams and the channel (waits for IDLE). Safe to call at any time, once or more. */
  stop(): Promise<void>;
}

class DemoStopped extends Error {
  constructor() {
    super("the demo was stopped");
  }
}

/** The API URL a local client can reach: a wildcard listen address is reached on loopback. */
export function localBaseUrl(serviceUrl: string): string {
  const url = new URL(serviceUrl);
  if (url.hostname === "0.0.0.0") url.hostname = "127.0.0.1";
  else if (url.hostname === "[::]") url.hostname = "[::1]";
  return url.origin;
}

function hostCidr(address: string): string {
  return address.includes(":") ? `${address}/128` : `${address}/32`;
}

/** The two attachments: "main" fails over to "backup" after DEMO_INPUT_LOSS_MS without media and returns when clean. */
export function demoInputAttachments(mainInputId: string, backupInputId: string): Record<string, unknown>[] {
  const inputSettings = { audioSelectors: [{ name: "default" }], sourceEndBehavior: "CONTINUE" };
  return [
    {
      inputId: mainInputId,
      inputAttachmentName: DemoAttachments.MAIN,
      automaticInputFailoverSettings: {
        secondaryInputId: backupInputId,
        inputPreference: "PRIMARY_INPUT_PREFERRED",
        errorClearTimeMsec: DEMO_ERROR_CLEAR_MS,
        failoverConditions: [{ failoverConditionSettings: { inputLossSettings: { inputLossThresholdMsec: DEMO_INPUT_LOSS_MS } } }],
      },
      inputSettings,
    },
    { inputId: backupInputId, inputAttachmentName: DemoAttachments.BACKUP, inputSettings },
  ];
}

/** The channel: examples/channel-hls.json as STANDARD with two destinations, 2 s segments, a redundant master and a failover pair. */
export function demoChannelRequest(mainInputId: string, backupInputId: string, destinations: readonly [string, string], accountId: string): Record<string, unknown> {
  return {
    name: DEMO_NAME,
    channelClass: "STANDARD",
    roleArn: `arn:aws:iam::${accountId}:role/MediaLiveAccessRole`,
    inputSpecification: { codec: "AVC", resolution: "HD", maximumBitrate: "MAX_10_MBPS" },
    inputAttachments: demoInputAttachments(mainInputId, backupInputId),
    destinations: [{ id: "hls-dest", settings: destinations.map((url) => ({ url })) }],
    encoderSettings: {
      timecodeConfig: { source: "SYSTEMCLOCK" },
      videoDescriptions: [
        {
          name: "v720",
          width: 1280,
          height: 720,
          codecSettings: {
            h264Settings: {
              rateControlMode: "CBR",
              bitrate: 3_000_000,
              framerateControl: "SPECIFIED",
              framerateNumerator: 30,
              framerateDenominator: 1,
              gopSize: 2,
              gopSizeUnits: "SECONDS",
              profile: "MAIN",
            },
          },
        },
      ],
      audioDescriptions: [
        {
          name: "a_aac",
          audioSelectorName: "default",
          codecSettings: { aacSettings: { bitrate: 128_000, codingMode: "CODING_MODE_2_0", sampleRate: 48_000 } },
        },
      ],
      outputGroups: [
        {
          name: "hls",
          outputGroupSettings: {
            hlsGroupSettings: {
              destination: { destinationRefId: "hls-dest" },
              segmentLength: 2,
              indexNSegments: 10,
              keepSegments: 21,
              mode: "LIVE",
              inputLossAction: "EMIT_OUTPUT",
              redundantManifest: "ENABLED",
            },
          },
          outputs: [
            {
              outputName: "720p",
              videoDescriptionName: "v720",
              audioDescriptionNames: ["a_aac"],
              outputSettings: { hlsOutputSettings: { nameModifier: "_720p", hlsSettings: { standardHlsSettings: { m3u8Settings: {} } } } },
            },
          ],
        },
      ],
    },
    tags: { [DEMO_TAG]: "true" },
  };
}

const isDemo = (resource: { name?: string; tags?: Record<string, string>; state?: string }): boolean =>
  resource.tags?.[DEMO_TAG] === "true" && resource.state !== "DELETED" && resource.state !== "DELETING";

export function startDemo(options: DemoOptions): DemoSession {
  const { config, logger } = options;
  const baseUrl = localBaseUrl(options.serviceUrl);
  const baseOriginUrl = localBaseUrl(options.originUrl);
  const api = new MediaLiveApiClient({ baseUrl, accessKeyId: options.credentials.accessKeyId, secretAccessKey: options.credentials.secretAccessKey, region: config.region });
  let stopping = false;
  let upstreams: Upstreams | undefined;
  let channelId: string | undefined;
  let stopped: Promise<void> | undefined;

  const pause = async (ms: number): Promise<void> => {
    if (stopping) throw new DemoStopped();
    await new Promise((resolve) => setTimeout(resolve, ms));
    if (stopping) throw new DemoStopped();
  };
  const channelState = async (id: string): Promise<string> => (await api.call<{ state?: string }>("GET", `/prod/channels/${uriEncode(id)}`)).state ?? "UNKNOWN";
  const waitForState = async (id: string, wanted: readonly string[], passing: readonly string[], timeoutMs: number, interruptible = true): Promise<string> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const state = await channelState(id);
      if (wanted.includes(state)) return state;
      if (!passing.includes(state)) throw new Error(`the demo channel ${id} went to ${state} (waiting for ${wanted.join(" or ")})`);
      if (Date.now() > deadline) throw new Error(`the demo channel ${id} is still ${state} after ${timeoutMs / 1000} s (waiting for ${wanted.join(" or ")})`);
      if (interruptible) await pause(POLL_MS);
      else await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };

  const securityGroup = async (): Promise<string> => {
    const existing = (await api.listAll<{ id: string; tags?: Record<string, string>; state?: string }>("/prod/inputSecurityGroups", "inputSecurityGroups")).find(isDemo);
    if (existing) return existing.id;
    const cidrs = [...new Set(["127.0.0.1/32", "::1/128", ...config.pushAddresses.map(hostCidr)])];
    const created = await api.call<{ securityGroup: { id: string } }>("POST", "/prod/inputSecurityGroups", { whitelistRules: cidrs.map((cidr) => ({ cidr })), tags: { [DEMO_TAG]: "true" } });
    logger.info({ securityGroupId: created.securityGroup.id, cidrs }, "demo: created input security group");
    return created.securityGroup.id;
  };

  type Input = { id: string; name?: string; type?: string; tags?: Record<string, string>; state?: string; destinations?: { url?: string }[] };
  /** The demo input called `name` among `existing` (one ListInputs for both), created when missing. */
  const input = async (name: string, securityGroupId: string, existing: readonly Input[]): Promise<{ id: string; endpoints: string[] }> => {
    let found: Input | undefined = existing.find((i) => isDemo(i) && i.name === name && i.type === "RTP_PUSH");
    if (!found) {
      found = (await api.call<{ input: Input }>("POST", "/prod/inputs", { name, type: "RTP_PUSH", inputSecurityGroups: [securityGroupId], tags: { [DEMO_TAG]: "true" } })).input;
      logger.info({ inputId: found.id, name }, "demo: created RTP_PUSH input");
    }
    const endpoints = (found.destinations ?? []).map((d) => d.url ?? "").filter((url) => url !== "");
    if (endpoints.length !== 2) throw new Error(`the demo input ${found.id} has ${endpoints.length} endpoints, expected 2 (a STANDARD RTP_PUSH input)`);
    return { id: found.id, endpoints };
  };

  type Attachment = { inputId?: string; inputAttachmentName?: string; automaticInputFailoverSettings?: { secondaryInputId?: string } };
  type Channel = { id: string; name?: string; state?: string; tags?: Record<string, string>; destinations?: { settings?: { url?: string }[] }[]; inputAttachments?: Attachment[] };
  const hasFailoverPair = (found: Channel, mainInputId: string, backupInputId: string): boolean => {
    const attachments = found.inputAttachments ?? [];
    const main = attachments.find((a) => a.inputAttachmentName === DemoAttachments.MAIN && a.inputId === mainInputId);
    return main?.automaticInputFailoverSettings?.secondaryInputId === backupInputId && attachments.some((a) => a.inputAttachmentName === DemoAttachments.BACKUP && a.inputId === backupInputId);
  };
  /** A demo channel of an older version (one input, or publishing outside the output roots): stopped if it runs, then updated. */
  const updateOlderChannel = async (found: Channel, changes: Record<string, unknown>, what: string): Promise<Channel> => {
    let state = await channelState(found.id);
    if (["STARTING", "RUNNING", "RECOVERING"].includes(state)) {
      await api.call("POST", `/prod/channels/${uriEncode(found.id)}/stop`);
      state = "STOPPING";
    }
    if (state !== "IDLE") await waitForState(found.id, ["IDLE"], ["CREATING", "STARTING", "RUNNING", "RECOVERING", "STOPPING", "UPDATING"], STOP_TIMEOUT_MS);
    const updated = (await api.call<{ channel: Channel }>("PUT", `/prod/channels/${uriEncode(found.id)}`, changes)).channel;
    logger.info({ channelId: found.id }, `demo: ${what}`);
    return updated;
  };
  const demoDestinations = (): [string, string] => {
    const folder = path.join(options.outputRoots.roots[0]!, DEMO_HLS_FOLDER);
    return [0, 1].map((n) => pathToFileURL(path.join(folder, String(n), "live")).href) as [string, string];
  };
  const channel = async (mainInputId: string, backupInputId: string): Promise<{ channel: Channel; created: boolean }> => {
    const existing = (await api.listAll<Channel>("/prod/channels", "channels")).find(
      (c) => isDemo(c) && c.name === DEMO_NAME && (c.inputAttachments ?? []).some((a) => a.inputId === mainInputId),
    );
    if (existing) {
      let current = hasFailoverPair(existing, mainInputId, backupInputId)
        ? existing
        : await updateOlderChannel(existing, { inputAttachments: demoInputAttachments(mainInputId, backupInputId) }, "added the backup input to the channel as its failover pair");
      if (originUrl(baseOriginUrl, options.outputRoots, current.destinations?.[0]?.settings?.[0]?.url ?? "") === undefined) {
        const settings = demoDestinations().map((url) => ({ url }));
        current = await updateOlderChannel(current, { destinations: [{ ...current.destinations?.[0], settings }] }, "moved the channel's HLS into the output root");
      }
      return { channel: current, created: false };
    }
    const destinations = demoDestinations();
    const created = (await api.call<{ channel: Channel }>("POST", "/prod/channels", demoChannelRequest(mainInputId, backupInputId, destinations, config.accountId))).channel;
    logger.info({ channelId: created.id, destinations }, "demo: created channel");
    return { channel: created, created: true };
  };

  /**
   * Resolves when the master playlist and its first variant are served with three segments at
   * least: a player starts three target durations from the live edge (RFC 8216 §6.3.3, hls.js's
   * liveSyncDurationCount), so with fewer it starts at the edge with no buffer to ride out a late
   * segment.
   */
  const waitPlayable = async (playbackUrl: string): Promise<void> => {
    const deadline = Date.now() + PLAYABLE_TIMEOUT_MS;
    let last = "no answer yet";
    for (;;) {
      try {
        const master = await fetch(playbackUrl, { signal: AbortSignal.timeout(5_000) });
        const masterText = await master.text();
        if (master.ok) {
          const variant = masterText.split("\n").map((line) => line.trim()).find((line) => line !== "" && !line.startsWith("#"));
          if (variant) {
            const media = await fetch(new URL(variant, playbackUrl), { signal: AbortSignal.timeout(5_000) });
            const segments = (await media.text()).split("\n").filter((line) => line.trim() !== "" && !line.startsWith("#")).length;
            if (media.ok && segments >= MIN_PLAYABLE_SEGMENTS) return;
            last = `variant playlist ${variant}: HTTP ${media.status}, ${segments} segments`;
          } else last = "master playlist lists no variant";
        } else last = `master playlist: HTTP ${master.status}`;
      } catch (error) {
        last = (error as Error).message;
      }
      if (Date.now() > deadline) throw new Error(`the demo channel's HLS is not playable after ${PLAYABLE_TIMEOUT_MS / 1000} s (${last}): ${playbackUrl}`);
      await pause(POLL_MS);
    }
  };

  const ready = (async (): Promise<DemoInfo> => {
    const securityGroupId = await securityGroup();
    const existingInputs = await api.listAll<Input>("/prod/inputs", "inputs");
    const { id: inputId, endpoints } = await input(DEMO_NAME, securityGroupId, existingInputs);
    const { id: backupInputId, endpoints: backupEndpoints } = await input(DEMO_BACKUP_NAME, securityGroupId, existingInputs);
    const { channel: found, created } = await channel(inputId, backupInputId);
    channelId = found.id;
    if (options.page) options.page.channelId = found.id;
    const destination = found.destinations?.[0]?.settings?.[0]?.url ?? "";
    const playbackUrl = originUrl(baseOriginUrl, options.outputRoots, destination);
    if (!playbackUrl) throw new Error(`the demo channel ${found.id} does not publish to a file:// destination (${destination}); delete it and run the demo again`);
    if (options.page) options.page.playbackUrl = playbackUrl;

    let state = await channelState(found.id);
    if (["CREATING", "STOPPING", "UPDATING"].includes(state)) state = await waitForState(found.id, ["IDLE", "STARTING", "RUNNING", "RECOVERING"], ["CREATING", "STOPPING", "UPDATING"], STOP_TIMEOUT_MS);
    if (state === "IDLE") {
      if (stopping) throw new DemoStopped();
      await api.call("POST", `/prod/channels/${uriEncode(found.id)}/start`);
      logger.info({ channelId: found.id }, "demo: started channel");
    } else if (!["STARTING", "RUNNING", "RECOVERING"].includes(state)) {
      throw new Error(`the demo channel ${found.id} is ${state}; delete it (aws medialive delete-channel) and run the demo again`);
    }
    if (stopping) throw new DemoStopped();
    const targets: UpstreamTarget[] = [
      ...endpoints.map((url, pipeline) => ({ attachment: DemoAttachments.MAIN, pipeline, url })),
      ...backupEndpoints.map((url, pipeline) => ({ attachment: DemoAttachments.BACKUP, pipeline, url })),
    ];
    upstreams = startUpstreams(targets, logger, options.ffmpeg);
    if (options.page) options.page.upstreams = upstreams;
    logger.info({ endpoints, backupEndpoints }, "demo: upstream test patterns pushing");
    await waitForState(found.id, ["RUNNING"], ["STARTING", "RECOVERING"], RUNNING_TIMEOUT_MS);
    await waitPlayable(playbackUrl);
    return { channelId: found.id, inputId, backupInputId, securityGroupId, endpoints, backupEndpoints, playbackUrl, pageUrl: `${baseUrl}${DEMO_PAGE_PATH}`, created };
  })();
  ready.catch(() => undefined); // the caller handles it; stop() must not see an unhandled rejection

  const stopRunning = async (): Promise<void> => {
    stopping = true;
    await ready.catch(() => undefined);
    if (options.page) delete options.page.upstreams;
    await upstreams?.stop();
    if (channelId === undefined) return;
    const state = await channelState(channelId);
    if (["STARTING", "RUNNING", "RECOVERING"].includes(state)) {
      await api.call("POST", `/prod/channels/${uriEncode(channelId)}/stop`);
      logger.info({ channelId }, "demo: stopping channel");
    }
    if (state !== "IDLE") await waitForState(channelId, ["IDLE"], ["STARTING", "RUNNING", "RECOVERING", "STOPPING"], STOP_TIMEOUT_MS, false);
    logger.info({ channelId }, "demo: channel stopped");
  };

  return {
    ready,
    stop() {
      stopped ??= stopRunning();
      return stopped;
    },
  };
}

export function isDemoStopped(error: unknown): boolean {
  return error instanceof DemoStopped;
}

/** The human-readable block printed when the demo plays. */
export function demoBanner(info: DemoInfo, apiUrl: string): string {
  return [
    "",
    `openlive demo: channel "${DEMO_NAME}" (${info.channelId}) is RUNNING on two pipelines. Each pipeline has two inputs,`,
    `an automatic input failover pair: "main" (testsrc2 720p: ${info.endpoints.join(", ")})`,
    `and "backup" (SMPTE bars 360p: ${info.backupEndpoints.join(", ")}), each fed by an ffmpeg test pattern.`,
    "",
    `  Watch it in a browser:  ${info.pageUrl}`,
    `  HLS master playlist:    ${info.playbackUrl}`,
    `  Or play it with:        ffplay ${info.playbackUrl}`,
    `                          vlc ${info.playbackUrl}`,
    `  Console:                ${apiUrl}/console/#/channels/${info.channelId}`,
    "",
    `  See a failover: on the channel's console page press "Cut" next to "main" (its upstreams stop); after`,
    `  ${DEMO_INPUT_LOSS_MS / 1000} s without media both pipelines go on "backup" (the bars); "Restore" brings "main" back ${DEMO_ERROR_CLEAR_MS / 1000} s after`,
    `  its media returns.`,
    "",
    `  MediaLive API: ${apiUrl} (\`./openlive credentials\` prints the aws CLI settings)`,
    `  Ctrl-C stops the upstreams and the channel and quits; the next run reuses the channel.`,
    "",
    "",
  ].join("\n");
}
