// CreateInput/UpdateInput: every file:// source of an MP4_FILE/TS_FILE input must lie in an
// input root (config.inputRoots), lexically and by real path. A dynamic source
// (file:///…/vod/$urlPath$) is checked by the folder before $urlPath$; what a schedule
// action substitutes is checked at BatchUpdateSchedule. Refusals are 400s, as MediaLive
// answers an invalid source.

import { ApiError } from "../shared/errors.ts";
import { confineFileUrl } from "../shared/input-paths-fs.ts";
import { dynamicFolderPrefix, hasDotSegment } from "../shared/input-paths.ts";
import { DYNAMIC_URL_TOKEN } from "./input-rules.ts";
import type { PullSourceRecord } from "./records.ts";

export async function confineFileSources(sources: readonly PullSourceRecord[], inputRoots: readonly string[]): Promise<void> {
  for (const [index, source] of sources.entries()) {
    if (!/^file:/i.test(source.url)) continue;
    const elementPath = `sources[${index}].url`;
    const refuse = (reason: string): never => {
      throw new ApiError("OL_INPUT_SOURCE_NOT_IN_ROOTS", { url: source.url, elementPath, reason });
    };
    const dynamic = source.url.includes(DYNAMIC_URL_TOKEN);
    if (dynamic && hasDotSegment(source.url.replace(/[?#].*$/s, ""))) refuse('the path must not contain "." or ".." segments (plain or percent-encoded)');
    const confined = await confineFileUrl(dynamic ? dynamicFolderPrefix(source.url, DYNAMIC_URL_TOKEN) : source.url, inputRoots);
    if (!confined.ok) refuse(confined.reason);
  }
}
