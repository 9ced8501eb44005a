// The schedule's motion graphics actions, checked as MediaLive documents them
// (MotionGraphicsActivateScheduleActionSettings, MotionGraphicsDeactivateScheduleActionSettings):
// `url` is required, the http(s):// URL of an HTML5 page; duration 0–86 400 000 ms (0 or
// absent: until deactivated); username and passwordParam (the name of a secret) give basic
// auth. They run only in a channel whose encoderSettings.motionGraphicsConfiguration has
// motionGraphicsInsertion ENABLED, as MediaLive requires. openlive renders the page with a
// headless Chromium at the picture's size: a picture larger than the renderer keeps up with
// (docs/ads-and-schedule.md, "Motion graphics overlays") is refused rather than shown with
// dropped updates. Pure.

import type { ValidationProblem } from "../../shared/errors.ts";
import { quote } from "./quote.ts";

export const MOTION_GRAPHICS_ACTION_TYPES = ["motionGraphicsImageActivateSettings", "motionGraphicsImageDeactivateSettings"] as const;
export type MotionGraphicsActionType = (typeof MOTION_GRAPHICS_ACTION_TYPES)[number];

/** MediaLive's longest motion graphics duration (ms). */
export const MAX_MOTION_GRAPHICS_DURATION_MS = 86_400_000;
/**
 * The largest picture (pixels) the renderer updates at a useful rate: measured on 2 busy
 * cores (docs/ads-and-schedule.md): 640x360 about 15 updates a second, 1280x720 about 6.
 */
export const MAX_MOTION_GRAPHICS_PIXELS = 640 * 360;

/** What the rules need to know of the channel. */
export interface MotionGraphicsContext {
  /** encoderSettings.motionGraphicsConfiguration.motionGraphicsInsertion is ENABLED. */
  readonly enabled: boolean;
  /** The largest video description's size (the page is rendered at the picture's size), when the channel sets one. */
  readonly largestPicture?: { readonly width: number; readonly height: number };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

export function isMotionGraphicsActionType(key: string): key is MotionGraphicsActionType {
  return (MOTION_GRAPHICS_ACTION_TYPES as readonly string[]).includes(key);
}

/** Problems of one motion graphics action's settings (`at`: the path of `scheduleActionSettings.<key>`). */
export function motionGraphicsActionProblems(key: MotionGraphicsActionType, settings: unknown, at: string, context: MotionGraphicsContext): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const problem = (member: string, errorMessage: string): void => void problems.push({ elementPath: member ? `${at}.${member}` : at, errorMessage });
  if (!isObject(settings)) {
    problem("", `${key} must be an object`);
    return problems;
  }
  if (!context.enabled) {
    problem("", `${key} needs the channel's encoderSettings.motionGraphicsConfiguration with motionGraphicsInsertion ENABLED (UpdateChannel)`);
  }
  if (key === "motionGraphicsImageDeactivateSettings") return problems;
  const duration = settings.duration;
  if (duration !== undefined && duration !== null && (typeof duration !== "number" || !Number.isInteger(duration) || duration < 0 || duration > MAX_MOTION_GRAPHICS_DURATION_MS)) {
    problem("duration", `duration is milliseconds (0: until deactivated): an integer from 0 to ${MAX_MOTION_GRAPHICS_DURATION_MS}`);
  }
  for (const member of ["username", "passwordParam"] as const) {
    const value = settings[member];
    if (value !== undefined && value !== null && typeof value !== "string") problem(member, `${member} must be a string`);
  }
  problems.push(...urlProblems(settings.url, `${at}.url`));
  const picture = context.largestPicture;
  if (context.enabled && picture && picture.width * picture.height > MAX_MOTION_GRAPHICS_PIXELS) {
    problem(
      "",
      `motion graphics are rendered by a headless Chromium at the picture's size; at ${picture.width}x${picture.height} it cannot update the overlay at a useful rate on this machine (at most ${MAX_MOTION_GRAPHICS_PIXELS} pixels, e.g. 640x360): use a static image overlay (staticImageActivateSettings) or a smaller picture`,
    );
  }
  return problems;
}

function urlProblems(url: unknown, at: string): ValidationProblem[] {
  if (typeof url !== "string" || url === "") return [{ elementPath: at, errorMessage: "url is required: the http(s):// URL of the HTML5 page" }];
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*:)/.exec(url)?.[1]?.toLowerCase();
  if (scheme !== "http:" && scheme !== "https:") return [{ elementPath: at, errorMessage: `${quote(url)}: the motion graphics page is read from http:// or https://${scheme ? `, not ${scheme}//` : ""}` }];
  if (!URL.canParse(url)) return [{ elementPath: at, errorMessage: `${quote(url)} is not a valid URL` }];
  return [];
}

type ChannelLike = {
  readonly encoderSettings?: {
    readonly motionGraphicsConfiguration?: { readonly motionGraphicsInsertion?: string };
    readonly videoDescriptions?: readonly { readonly width?: number; readonly height?: number }[];
  };
};

/** The context of a channel's configuration. */
export function motionGraphicsContext(config: ChannelLike): MotionGraphicsContext {
  const enabled = config.encoderSettings?.motionGraphicsConfiguration?.motionGraphicsInsertion === "ENABLED";
  let largestPicture: { width: number; height: number } | undefined;
  for (const video of config.encoderSettings?.videoDescriptions ?? []) {
    if (!video.width || !video.height) continue;
    if (!largestPicture || video.width * video.height > largestPicture.width * largestPicture.height) largestPicture = { width: video.width, height: video.height };
  }
  return { enabled, ...(largestPicture ? { largestPicture } : {}) };
}
