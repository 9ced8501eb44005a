// The schedule's static image overlay actions, checked as MediaLive's API documents their
// members (StaticImageActivateScheduleActionSettings and its deactivate and per-output
// variants): `image` is required, an InputLocation of a 32-bit PNG, BMP or TGA file read from
// file:// (inside an input root), http(s):// or an S3 bucket (s3://, s3ssl://); imageX and imageY ≥ 0, width and height ≥ 1
// (pixels of the picture); opacity 0–100; layer 0–7; duration, fadeIn and fadeOut in ms ≥ 0.
// The per-output variants name outputs of the channel (outputNames, at least one), and run
// only in a channel whose featureActivations.outputStaticImageOverlayScheduleActions is
// ENABLED, as MediaLive requires. Pure.

import type { ValidationProblem } from "../../shared/errors.ts";
import { confineFileUrlLexically } from "../../shared/input-paths.ts";
import { S3_OBJECT_URL } from "./image-location-rules.ts";
import { quote } from "./quote.ts";

export const STATIC_IMAGE_ACTION_TYPES = ["staticImageActivateSettings", "staticImageDeactivateSettings", "staticImageOutputActivateSettings", "staticImageOutputDeactivateSettings"] as const;
export type StaticImageActionType = (typeof STATIC_IMAGE_ACTION_TYPES)[number];

/** MediaLive's image formats for overlays (by the file name's extension). */
export const OVERLAY_IMAGE_EXTENSIONS = [".png", ".bmp", ".tga"] as const;
export const MAX_OVERLAY_LAYER = 7;

/** What the rules need to know of the channel. */
export interface StaticImageContext {
  /** The names of the channel's outputs (encoderSettings.outputGroups[].outputs[].outputName). */
  readonly outputNames: ReadonlySet<string>;
  /** featureActivations.outputStaticImageOverlayScheduleActions is ENABLED. */
  readonly outputOverlaysEnabled: boolean;
  /** Folders a file:// image must lie in. */
  readonly inputRoots: readonly string[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

export function isStaticImageActionType(key: string): key is StaticImageActionType {
  return (STATIC_IMAGE_ACTION_TYPES as readonly string[]).includes(key);
}

const INTEGER_RANGES: Readonly<Record<string, readonly [min: number, max: number, unit: string]>> = {
  imageX: [0, Number.MAX_SAFE_INTEGER, "pixels from the left edge"],
  imageY: [0, Number.MAX_SAFE_INTEGER, "pixels from the top edge"],
  width: [1, Number.MAX_SAFE_INTEGER, "pixels"],
  height: [1, Number.MAX_SAFE_INTEGER, "pixels"],
  opacity: [0, 100, "percent (0 transparent, 100 opaque)"],
  layer: [0, MAX_OVERLAY_LAYER, "the layer (higher layers are drawn above lower ones)"],
  duration: [0, Number.MAX_SAFE_INTEGER, "milliseconds (0: until deactivated)"],
  fadeIn: [0, Number.MAX_SAFE_INTEGER, "milliseconds"],
  fadeOut: [0, Number.MAX_SAFE_INTEGER, "milliseconds"],
};

const ACTIVATE_MEMBERS = ["imageX", "imageY", "width", "height", "opacity", "layer", "duration", "fadeIn", "fadeOut"] as const;
const DEACTIVATE_MEMBERS = ["layer", "fadeOut"] as const;

/** Problems of one static image action's settings (`at`: the path of `scheduleActionSettings.<key>`). */
export function staticImageActionProblems(key: StaticImageActionType, settings: unknown, at: string, context: StaticImageContext): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const problem = (member: string, errorMessage: string): void => void problems.push({ elementPath: member ? `${at}.${member}` : at, errorMessage });
  if (!isObject(settings)) {
    problem("", `${key} must be an object`);
    return problems;
  }
  const activate = key === "staticImageActivateSettings" || key === "staticImageOutputActivateSettings";
  for (const member of activate ? ACTIVATE_MEMBERS : DEACTIVATE_MEMBERS) {
    const value = settings[member];
    if (value === undefined || value === null) continue;
    const [min, max, unit] = INTEGER_RANGES[member]!;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      problem(member, `${member} is ${unit}: an integer ${max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`}`);
    }
  }
  if (activate) problems.push(...imageProblems(settings.image, `${at}.image`, context.inputRoots));
  if (key === "staticImageOutputActivateSettings" || key === "staticImageOutputDeactivateSettings") {
    if (!context.outputOverlaysEnabled) {
      problem("", `${key} needs the channel's encoderSettings.featureActivations.outputStaticImageOverlayScheduleActions set to ENABLED (UpdateChannel), or use ${activate ? "staticImageActivateSettings" : "staticImageDeactivateSettings"} for every output`);
    }
    problems.push(...outputNameProblems(settings.outputNames, `${at}.outputNames`, context.outputNames));
  }
  return problems;
}

function imageProblems(image: unknown, at: string, inputRoots: readonly string[]): ValidationProblem[] {
  if (!isObject(image)) return [{ elementPath: at, errorMessage: "image is required: the InputLocation (uri) of a PNG, BMP or TGA file" }];
  const uri = image.uri;
  if (typeof uri !== "string" || uri === "") return [{ elementPath: `${at}.uri`, errorMessage: "is required: file:///<absolute path>, http(s)://… or s3ssl://<bucket>/<key> of a PNG, BMP or TGA file" }];
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*:)/.exec(uri)?.[1]?.toLowerCase();
  if (scheme !== "file:" && scheme !== "http:" && scheme !== "https:" && scheme !== "s3:" && scheme !== "s3ssl:") {
    return [{ elementPath: `${at}.uri`, errorMessage: `${quote(uri)}: overlay images are read from file:///<absolute path> (inside an input root), http(s)://… or s3(ssl)://<bucket>/<key> by openlive${scheme ? `, not ${scheme}//` : ""}` }];
  }
  if ((scheme === "s3:" || scheme === "s3ssl:") && !S3_OBJECT_URL.test(uri)) return [{ elementPath: `${at}.uri`, errorMessage: `${quote(uri)} must be ${scheme}//<bucket>/<key of the image>` }];
  if (!URL.canParse(uri)) return [{ elementPath: `${at}.uri`, errorMessage: `${quote(uri)} is not a valid URL` }];
  const pathname = new URL(uri).pathname.toLowerCase();
  if (!OVERLAY_IMAGE_EXTENSIONS.some((extension) => pathname.endsWith(extension))) {
    return [{ elementPath: `${at}.uri`, errorMessage: `${quote(uri)}: the overlay image must be a 32-bit PNG, BMP or TGA file (${OVERLAY_IMAGE_EXTENSIONS.join(", ")})` }];
  }
  if (scheme === "file:") {
    const confined = confineFileUrlLexically(uri, inputRoots);
    if (!confined.ok) return [{ elementPath: `${at}.uri`, errorMessage: `${quote(uri)}: ${confined.reason}` }];
  }
  return [];
}

function outputNameProblems(value: unknown, at: string, outputNames: ReadonlySet<string>): ValidationProblem[] {
  if (!Array.isArray(value) || value.length === 0) return [{ elementPath: at, errorMessage: "outputNames is required: the names of the outputs the action applies to" }];
  return value.flatMap((name: unknown, index) => {
    if (typeof name === "string" && outputNames.has(name)) return value.indexOf(name) === index ? [] : [{ elementPath: `${at}[${index}]`, errorMessage: `${quote(name)} is listed twice` }];
    return [{ elementPath: `${at}[${index}]`, errorMessage: `the channel has no output named ${quote(String(name))}` }];
  });
}

/** The context of a channel's configuration (its outputs and feature activation). */
export function staticImageContext(config: { readonly encoderSettings?: { readonly outputGroups?: readonly { readonly outputs?: readonly { readonly outputName?: string }[] }[]; readonly featureActivations?: { readonly outputStaticImageOverlayScheduleActions?: string } } }, inputRoots: readonly string[]): StaticImageContext {
  const outputNames = new Set((config.encoderSettings?.outputGroups ?? []).flatMap((group) => (group.outputs ?? []).flatMap((output) => (output.outputName ? [output.outputName] : []))));
  return { outputNames, outputOverlaysEnabled: config.encoderSettings?.featureActivations?.outputStaticImageOverlayScheduleActions === "ENABLED", inputRoots };
}
