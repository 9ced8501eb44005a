// The domain services (inputs, input security groups, channels) wired as the server wires
// them, on a fresh SQLite store in a folder of the caller's, and the smallest channel request
// (the service's camelCase form) that validates: one input, one HLS output to one URL.

import path from "node:path";
import { ChangeFeed } from "../../src/domain/change-feed.ts";
import { ChannelService } from "../../src/domain/channels/channel-service.ts";
import { validateChannelConfig } from "../../src/domain/channels/validate-channel.ts";
import { InputService } from "../../src/domain/input-service.ts";
import { IsgService } from "../../src/domain/isg-service.ts";
import { verifyPullInputs } from "../../src/ingest/pull-check/verify-pull-inputs.ts";
import { SqliteRepository } from "../../src/store/sqlite/sqlite-repository.ts";

export interface DomainServicesOptions {
  /** The store goes to `${dataDir}/openlive.db`. */
  readonly dataDir: string;
  readonly inputRoots: readonly string[];
  /** Push endpoints are allocated here (on 127.0.0.1 for both pipelines). */
  readonly pushPortRange: { readonly first: number; readonly last: number };
}

/** The services on a new store; pull inputs are checked for 2 s with no secrets. */
export function domainServices(options: DomainServicesOptions) {
  const repository = new SqliteRepository(path.join(options.dataDir, "openlive.db"));
  const inputRoots = [...options.inputRoots];
  const changes = new ChangeFeed();
  const common = { repository, changes, nowMs: () => Date.now(), deletedRetentionMs: 3_600_000 };
  const isgs = new IsgService(common);
  const inputs = new InputService({ ...common, pushAddresses: ["127.0.0.1", "127.0.0.1"], pushPortRange: options.pushPortRange, inputRoots });
  const channels = new ChannelService({
    ...common,
    validateConfig: validateChannelConfig,
    verifyPullInputs: (targets) => verifyPullInputs(targets, { timeoutMs: 2000, resolveSecret: () => undefined, inputRoots }),
    inputRoots,
  });
  return { repository, changes, isgs, inputs, channels };
}

export interface HlsChannelRequestOptions {
  readonly inputId: string;
  readonly attachmentName: string;
  /** The HLS destination URL. */
  readonly url: string;
  /** encoderSettings.globalConfiguration, if any. */
  readonly globalConfiguration?: Record<string, unknown>;
}

/** A SINGLE_PIPELINE channel "c" on one input: H.264 CBR 1 Mbit/s and AAC 96 kbit/s in one HLS output. */
export function hlsChannelRequest(options: HlsChannelRequestOptions): Record<string, unknown> {
  return {
    name: "c",
    channelClass: "SINGLE_PIPELINE",
    inputAttachments: [{ inputId: options.inputId, inputAttachmentName: options.attachmentName, inputSettings: { audioSelectors: [{ name: "default" }] } }],
    destinations: [{ id: "d", settings: [{ url: options.url }] }],
    encoderSettings: {
      timecodeConfig: { source: "SYSTEMCLOCK" },
      ...(options.globalConfiguration !== undefined ? { globalConfiguration: options.globalConfiguration } : {}),
      videoDescriptions: [{ name: "v", codecSettings: { h264Settings: { rateControlMode: "CBR", bitrate: 1_000_000 } } }],
      audioDescriptions: [{ name: "a", audioSelectorName: "default", codecSettings: { aacSettings: { bitrate: 96000 } } }],
      outputGroups: [
        {
          name: "hls",
          outputGroupSettings: { hlsGroupSettings: { destination: { destinationRefId: "d" } } },
          outputs: [{ outputName: "o", videoDescriptionName: "v", audioDescriptionNames: ["a"], outputSettings: { hlsOutputSettings: { nameModifier: "_1", hlsSettings: { standardHlsSettings: { m3u8Settings: {} } } } } }],
        },
      ],
    },
  };
}
