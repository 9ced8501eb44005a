// The rules of RTMP and SRT output groups (rtmpGroupSettings, srtGroupSettings) and of their
// destinations, beside validate-channel.ts: each output names a destination of its kind
// (`rtmp://host[:port]/app` with the stream key in streamName; srtSettings with
// `srt://host:port` or a listener port), and an RTMP output carries what FLV carries (Adobe
// FLV spec: H.264 video, one AAC audio stream). Pure; garbage yields problems, never throws.

import type { ValidationProblem } from "../../shared/errors.ts";
import type { ChannelConfig } from "./channel-config.ts";
import { parseRtmpDestinationUrl, parseSrtDestinationUrl, pushSchemeOf } from "./push-destination-url.ts";
import { quote } from "./quote.ts";
import type { NotHonouredSetting } from "./support/member-support.ts";

type Json = Record<string, unknown>;
const record = (value: unknown): Json | undefined => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined);
const items = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

export type PushDestinationKind = "rtmp" | "srt";

/** A destinations[].settings[].url of a push scheme: its kind and place, or why it is wrong; undefined when the scheme is no push scheme. */
export function parsePushSettingUrl(url: string): { readonly ok: true; readonly kind: "rtmp"; readonly place: string } | { readonly ok: false; readonly message: string } | undefined {
  const scheme = pushSchemeOf(url);
  if (scheme === undefined) return undefined;
  if (scheme === "srt") return { ok: false, message: "SRT destinations are given in the destination's srtSettings (url srt://<host>:<port>, streamId, encryptionPassphraseSecretArn), not in settings" };
  const parsed = parseRtmpDestinationUrl(url);
  return parsed.ok ? { ok: true, kind: "rtmp", place: `${parsed.scheme}://${parsed.host}:${parsed.port ?? ""}/${parsed.app}` } : parsed;
}

/** destinations[].srtSettings: one per pipeline, CALLER with a URL or LISTENER with a port. */
export function checkSrtDestinationSettings(at: string, settings: readonly unknown[], pipelines: 1 | 2 | undefined): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const add = (elementPath: string, errorMessage: string): number => problems.push({ elementPath, errorMessage });
  if (pipelines !== undefined && settings.length !== pipelines) add(at, `needs ${pipelines} SRT destination setting${pipelines === 2 ? "s, one per pipeline" : ""}; got ${settings.length}`);
  const places = new Set<string>();
  settings.forEach((item, index) => {
    const settingAt = `${at}[${index}]`;
    const setting = record(item);
    if (!setting) return void add(settingAt, "expected an SRT destination object");
    const listener = setting.connectionMode === "LISTENER";
    const url = text(setting.url);
    if (listener) {
      if (setting.listenerPort === undefined) add(`${settingAt}.listenerPort`, "is required when connectionMode is LISTENER");
      if (url) add(`${settingAt}.url`, "must not be set when connectionMode is LISTENER (the receiver calls the listenerPort)");
      // MediaLive encrypts every SRT output; a listener in clear would hand the programme to whoever calls the port.
      if (!text(setting.encryptionPassphraseSecretArn)) add(`${settingAt}.encryptionPassphraseSecretArn`, "is required when connectionMode is LISTENER: SRT outputs are encrypted, so the receiver that calls must know the passphrase; name a secret of <dataDir>/secrets.json");
    } else {
      if (setting.listenerPort !== undefined) add(`${settingAt}.listenerPort`, "must not be set when connectionMode is CALLER");
      if (!url) add(`${settingAt}.url`, "is required: srt://<host>:<port> of the SRT listener");
      else {
        const parsed = parseSrtDestinationUrl(url);
        if (!parsed.ok) add(`${settingAt}.url`, parsed.message);
      }
    }
    const streamId = text(setting.streamId);
    // eslint-disable-next-line no-control-regex
    if (streamId !== undefined && /[\u0000-\u001f\u007f]/.test(streamId)) add(`${settingAt}.streamId`, "must not contain control characters");
    const place = listener ? `listener:${String(setting.listenerPort)}` : (url ?? "");
    if (place !== "" && places.has(place)) add(settingAt, `must differ from the other pipeline's: each pipeline sends its own output`);
    places.add(place);
  });
  return problems;
}

/** The kind of destination `id` (undefined: no such destination, null: of no push kind). */
function destinationKind(config: Json, id: string): PushDestinationKind | null | undefined {
  const destination = items(config.destinations).map(record).find((candidate) => candidate?.id === id);
  if (!destination) return undefined;
  if (items(destination.srtSettings).length > 0) return "srt";
  const urls = items(destination.settings).map((setting) => text(record(setting)?.url) ?? "");
  return urls.length > 0 && urls.every((url) => pushSchemeOf(url) === "rtmp") ? "rtmp" : null;
}

const GROUP_KINDS = {
  rtmpGroupSettings: { kind: "rtmp", output: "rtmpOutputSettings", name: "RTMP", form: "rtmp://<host>[:port]/<app> (or rtmps://) with the stream key in streamName" },
  srtGroupSettings: { kind: "srt", output: "srtOutputSettings", name: "SRT", form: "srtSettings with srt://<host>:<port>" },
} as const;

/** Problems of an output group when it is an RTMP or SRT group (none otherwise). */
export function checkPushGroup(config: ChannelConfig, group: Json, at: string): ValidationProblem[] {
  const root = config as unknown as Json;
  const problems: ValidationProblem[] = [];
  const add = (elementPath: string, errorMessage: string): number => problems.push({ elementPath, errorMessage });
  const settings = record(group.outputGroupSettings);
  const member = (Object.keys(GROUP_KINDS) as (keyof typeof GROUP_KINDS)[]).find((key) => record(settings?.[key]) !== undefined);
  if (!member) return problems;
  const spec = GROUP_KINDS[member];
  items(group.outputs).forEach((item, index) => {
    const outputAt = `${at}.outputs[${index}]`;
    const output = record(item);
    const outputSettings = record(record(output?.outputSettings)?.[spec.output]);
    if (!output) return;
    if (!outputSettings) return void add(`${outputAt}.outputSettings`, `An output of an ${spec.name} output group needs ${spec.output}`);
    const refAt = `${outputAt}.outputSettings.${spec.output}.destination.destinationRefId`;
    const refId = text(record(outputSettings.destination)?.destinationRefId);
    if (!refId) add(refAt, "is required: the id of one of destinations[]");
    else {
      const kind = destinationKind(root, refId);
      if (kind === undefined) add(refAt, `Object references undefined destination ${quote(refId)}`);
      else if (kind !== spec.kind) add(refAt, `destination ${quote(refId)} is not an ${spec.name} destination: use ${spec.form}`);
      else if (spec.kind === "rtmp") checkStreamNames(root, refId, add);
    }
    if (spec.kind === "rtmp") checkFlvStreams(root, output, outputAt, add);
  });
  return problems;
}

function checkStreamNames(root: Json, refId: string, add: (elementPath: string, errorMessage: string) => void): void {
  const index = items(root.destinations).findIndex((candidate) => record(candidate)?.id === refId);
  items(record(items(root.destinations)[index])?.settings).forEach((setting, i) => {
    const streamName = text(record(setting)?.streamName);
    const at = `destinations[${index}].settings[${i}].streamName`;
    if (!streamName) add(at, "is required for an RTMP destination: the stream key (the URL names the application only)");
    // eslint-disable-next-line no-control-regex
    else if (/[\u0000-\u001f\u007f]/.test(streamName)) add(at, "must not contain control characters");
  });
}

/** FLV (Adobe FLV spec, as ffmpeg 5.1's muxer writes it) carries H.264 video and one AAC stream. */
function checkFlvStreams(root: Json, output: Json, outputAt: string, add: (elementPath: string, errorMessage: string) => void): void {
  const encoder = record(root.encoderSettings);
  const videoName = text(output.videoDescriptionName);
  const video = items(encoder?.videoDescriptions).map(record).find((description) => description?.name === videoName);
  const codec = record(video?.codecSettings);
  if (video && codec && !record(codec.h264Settings)) {
    add(`${outputAt}.videoDescriptionName`, `Video description ${quote(videoName ?? "")} is not H.264: RTMP outputs carry FLV, whose H.264 is all ffmpeg 5.1 writes (H.265 needs Enhanced RTMP); use an H.264 video description, or an SRT or UDP output for H.265`);
  }
  const audioNames = items(output.audioDescriptionNames);
  if (audioNames.length > 1) add(`${outputAt}.audioDescriptionNames`, "An RTMP output carries one audio stream (FLV has one audio track); name one audio description");
  for (const name of audioNames) {
    const audio = items(encoder?.audioDescriptions).map(record).find((description) => description?.name === name);
    const audioCodec = record(audio?.codecSettings);
    if (audioCodec && Object.keys(audioCodec).some((key) => key !== "aacSettings" && record(audioCodec[key]) !== undefined)) {
      add(`${outputAt}.audioDescriptionNames`, `Audio description ${quote(String(name))} is not AAC: RTMP outputs carry AAC audio only; use aacSettings`);
    }
  }
}

/** What RTMP destinations ask that openlive does not do: a password without the user the adobe challenge names. */
export function pushDestinationNotes(config: ChannelConfig): NotHonouredSetting[] {
  const notes: NotHonouredSetting[] = [];
  (config.destinations ?? []).forEach((destination, d) => {
    (destination?.settings ?? []).forEach((setting, i) => {
      if (pushSchemeOf(setting?.url ?? "") !== "rtmp" || !setting.passwordParam || setting.username) return;
      notes.push({
        elementPath: `destinations[${d}].settings[${i}].passwordParam`,
        reason: "not sent: the RTMP server's authmod=adobe challenge names a user; set username too (servers that take the key in the stream name need neither: put the key in streamName)",
      });
    });
  });
  return notes;
}
