// Still images a channel names by InputLocation (the input-loss slate, the avail blanking
// image, the blackout slate and network end blackout images): file:///<absolute path> (which
// must also lie in an input root: slate-roots.ts), http(s):// or an S3 object
// (s3://<bucket>/<key>, s3ssl://<bucket>/<key>, as MediaLive names them), which the pipeline
// downloads once. Pure.

import type { ValidationProblem } from "../../shared/errors.ts";
import { quote } from "./quote.ts";

/** Where a channel's still images are named (encoderSettings paths of InputLocation.uri). */
export const IMAGE_LOCATIONS = [
  ["globalConfiguration", "inputLossBehavior", "inputLossImageSlate"],
  ["availBlanking", "availBlankingImage"],
  ["blackoutSlate", "blackoutSlateImage"],
  ["blackoutSlate", "networkEndBlackoutImage"],
] as const;

const pick = (value: unknown, key: string): unknown => (typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined);

/** Each named image's uri with its element path. */
export function imageUris(config: unknown): { readonly at: string; readonly uri: string }[] {
  const encoder = pick(config, "encoderSettings");
  return IMAGE_LOCATIONS.flatMap((keys) => {
    const uri = pick(keys.reduce<unknown>(pick, encoder), "uri");
    return typeof uri === "string" ? [{ at: `encoderSettings.${keys.join(".")}.uri`, uri }] : [];
  });
}

/** s3:// or s3ssl://, a bucket name (S3's rules: 3–63 lower-case letters, digits, dots, hyphens; openlive's configuration may name others) and a key. */
export const S3_OBJECT_URL = /^s3(ssl)?:\/\/[A-Za-z0-9._-]+\/[^?#]+$/i;

/** Why an image uri cannot be used, or undefined. */
export function imageUriProblem(uri: string): string | undefined {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*:)/.exec(uri)?.[1]?.toLowerCase();
  const quoted = quote(uri);
  if (scheme === "file:") return !/^file:\/\/(localhost)?\/[^?#]*[^/?#]$/i.test(uri) || /\/\.\.?(\/|$)/.test(uri) ? `${quoted} must be file:///<absolute path of the image>` : undefined;
  if (scheme === "http:" || scheme === "https:") return URL.canParse(uri) ? undefined : `${quoted} is not a valid URL`;
  if (scheme === "s3:" || scheme === "s3ssl:") return S3_OBJECT_URL.test(uri) ? undefined : `${quoted} must be ${scheme}//<bucket>/<key of the image>`;
  if (!scheme) return `${quoted} is not a URL; use file:///<absolute path>, http(s)://… or s3ssl://<bucket>/<key>`;
  return `images are read from file:///<absolute path>, http(s)://… or s3(ssl)://<bucket>/<key>, not ${scheme}//`;
}

/** The uri form of every image the channel names. */
export function imageLocationProblems(config: unknown): ValidationProblem[] {
  return imageUris(config).flatMap(({ at, uri }) => {
    const errorMessage = imageUriProblem(uri);
    return errorMessage ? [{ elementPath: at, errorMessage }] : [];
  });
}
