// The domain services (inputs, input security groups, channels) wired as the server wires
// them, on a fresh store (SQLite in a folder of the caller's, or a new PostgreSQL database
// with OPENLIVE_TEST_STORE=postgres, test-store.ts), and the smallest channel request
// (the service's camelCase form) that validates: one input, one HLS output to one URL.

import path from "node:path";
import { ChangeFeed } from "../../src/domain/change-feed.ts";
import { ChannelService } from "../../src/domain/channels/channel-service.ts";
import { validateChannelConfig } from "../../src/domain/channels/validate-channel.ts";
import { InputService } from "../../src/domain/input-service.ts";
import { IsgService } from "../../src/domain/isg-service.ts";
import { verifyPullInputs } from "../../src/ingest/pull-check/verify-pull-inputs.ts";
import type { Repository } from "../../src/domain/repository.ts";
import { PostgresRepository } from "../../src/store/postgres/postgres-repository.ts";
import { SqliteRepository } from "../../src/store/sqlite/sqlite-repository.ts";
import { closeBeforeServerStops, newTestDatabase, TEST_STORE } from "./test-store.ts";

export interface DomainServicesOptions {
  /** The SQLite store goes to `${dataDir}/openlive.db`. */
  readonly dataDir: string;
  readonly inputRoots: readonly string[];
  /** Push endpoints are allocated here (on 127.0.0.1 for both pipelines). */
  readonly pushPortRange: { readonly first: number; readonly last: number };
}

async function newRepository(dataDir: string): Promise<Repository> {
  if (TEST_STORE === "sqlite") return new SqliteRepository(path.join(dataDir, "openlive.db"));
  const repository = await PostgresRepository.open({ connectionString: await newTestDatabase() });
  closeBeforeServerStops(() => repository.close());
  return repository;
}

/** The services on a new store; pull inputs are checked for 2 s with no secrets. */
export async function domainServices(options: DomainServicesOptions) {
  const repository = await newRepository(options.dataDir);
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
