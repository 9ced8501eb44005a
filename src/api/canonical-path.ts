// One path for signing and routing. SigV4's CanonicalURI removes empty, "." and ".." segments
// (RFC 3986 §5.2.4, as the AWS SigV4 docs ask for every service but S3), while the router
// matches the raw path segment by segment. A path holding such segments would be verified as
// one path and routed as another (a ListChannels signature on /prod/channels/. routed to
// DescribeChannel "."), so those paths are refused before the signature is checked. No SDK
// sends one: they are never the normalised form the client signed.

import { ApiError } from "../shared/errors.ts";

/** Lengths of a path reflected in the error, so that a long path cannot bloat the answer. */
const MAX_REFLECTED_CHARS = 128;

/** True when a segment of the raw path is empty, "." or "..", plain or percent-encoded (%2e). */
export function hasDotOrEmptySegment(rawPath: string): boolean {
  if (rawPath === "/") return false;
  for (const segment of rawPath.slice(rawPath.startsWith("/") ? 1 : 0).split("/")) {
    if (segment === "") return true;
    const dots = segment.replace(/%2e/gi, ".");
    if (dots === "." || dots === "..") return true;
  }
  return false;
}

/** The error to answer for a non-canonical raw path, or undefined when it is canonical. */
export function nonCanonicalPathError(rawPath: string): ApiError | undefined {
  if (!hasDotOrEmptySegment(rawPath)) return undefined;
  const shown = rawPath.length > MAX_REFLECTED_CHARS ? `${rawPath.slice(0, MAX_REFLECTED_CHARS)}…` : rawPath;
  return new ApiError("OL_REQUEST_PATH_NOT_CANONICAL", { path: shown });
}
