// Where a MediaPackage output group publishes on this host (docs/configuration.md,
// "MediaPackage targets"): openlive has no MediaPackage channels, so a channel's
// mediaPackageSettings name a channel that the service's configuration may map to an ingest
// URL; every other channel id publishes to openlive's own origin, below `originRoot`. The
// configuration file is JSON:
//   { "channels": { "<channelId>": { "settings": [ { "url", "username", "passwordParam" }, … ] },
//                   "<channelGroup>/<channelName>": { "settings": [ { "url" } ] } } }
// one `settings` entry per pipeline (pipeline 0 → the first, as MediaLive maps pipelines to
// a MediaPackage channel's two ingest endpoints), in the shape of MediaLive's destination settings.

import { readFileSync } from "node:fs";
import type { OutputDestinationSettings } from "../../model/generated/medialive-types.ts";

export interface MediaPackageIngestSetting {
  /** http(s) ingest URL: a v1 HLS WebDAV URL (…/channel) or a v2 CMAF ingest URL (…/index). */
  readonly url: string;
  readonly username?: string;
  /** Name of the secret holding the password (the secret store, as passwordParam of any destination). */
  readonly passwordParam?: string;
}

export interface MediaPackageTarget {
  /** One per pipeline; pipeline 1 uses the first when only one is given. */
  readonly settings: readonly MediaPackageIngestSetting[];
}

export interface MediaPackageSetup {
  /** The own origin's folder (served at /origin/mediapackage/); its last segment is "mediapackage". */
  readonly originRoot: string;
  /** Channel key (v1 channelId, or "<channelGroup>/<channelName>") → its configured ingest target. */
  readonly targets: Readonly<Record<string, MediaPackageTarget>>;
}

/** The folder name of the own origin, below the data directory; also the first segment of its URLs after /origin/. */
export const MEDIAPACKAGE_ORIGIN_FOLDER = "mediapackage";

/** A target's ingest settings as MediaLive destination settings, one per pipeline (pipeline 1 takes the first when only one is given). */
export function targetDestinationSettings(target: MediaPackageTarget): OutputDestinationSettings[] {
  return [0, 1].map((pipeline) => {
    const setting = target.settings[pipeline] ?? target.settings[0]!;
    return { url: setting.url, ...(setting.username !== undefined ? { username: setting.username } : {}), ...(setting.passwordParam !== undefined ? { passwordParam: setting.passwordParam } : {}) };
  });
}

export class MediaPackageTargetsError extends Error {}

/** Reads and checks the targets file; throws MediaPackageTargetsError saying what is wrong. */
export function loadMediaPackageTargets(file: string): Readonly<Record<string, MediaPackageTarget>> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new MediaPackageTargetsError(`the MediaPackage targets file ${file} cannot be read: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MediaPackageTargetsError(`the MediaPackage targets file ${file} is not JSON: ${(error as Error).message}`);
  }
  return parseMediaPackageTargets(json, file);
}

export function parseMediaPackageTargets(json: unknown, source = "the MediaPackage targets"): Readonly<Record<string, MediaPackageTarget>> {
  const fail = (what: string): never => {
    throw new MediaPackageTargetsError(`${source}: ${what}`);
  };
  if (!isObject(json) || !isObject(json.channels)) fail(`expected { "channels": { "<channelId or channelGroup/channelName>": { "settings": [ { "url": … } ] } } }`);
  const targets: Record<string, MediaPackageTarget> = Object.create(null);
  for (const [key, value] of Object.entries((json as { channels: Record<string, unknown> }).channels)) {
    if (key === "" || key.split("/").length > 2 || key.split("/").some((part) => part === "")) fail(`channel key "${key}" must be a channelId or "<channelGroup>/<channelName>"`);
    if (!isObject(value) || !Array.isArray(value.settings) || value.settings.length < 1 || value.settings.length > 2) fail(`channels["${key}"].settings must list one or two ingest settings (one per pipeline)`);
    const settings = (value as { settings: unknown[] }).settings.map((setting, index) => {
      const at = `channels["${key}"].settings[${index}]`;
      if (!isObject(setting) || typeof setting.url !== "string") return fail(`${at}.url is required`);
      let url: URL;
      try {
        url = new URL(setting.url);
      } catch {
        return fail(`${at}.url "${setting.url}" is not a URL`);
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") fail(`${at}.url must be http(s):// (got ${url.protocol}//)`);
      if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "") fail(`${at}.url must carry no credentials, query or fragment; put credentials in username and passwordParam`);
      for (const member of ["username", "passwordParam"] as const) {
        if (setting[member] !== undefined && typeof setting[member] !== "string") fail(`${at}.${member} must be a string`);
      }
      return {
        url: setting.url,
        ...(typeof setting.username === "string" ? { username: setting.username } : {}),
        ...(typeof setting.passwordParam === "string" ? { passwordParam: setting.passwordParam } : {}),
      };
    });
    targets[key] = { settings };
  }
  return Object.freeze(targets);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
