// A channel's still images named as file:// (the input-loss slate, the avail blanking image,
// the blackout slate images: image-location-rules.ts) are local files the pipeline hands to
// ffmpeg: like every file source, each must lie in an input root (config.inputRoots),
// lexically and by real path. The URL's form itself is checked by image-location-rules.ts;
// this adds where it may point.

import type { ValidationProblem } from "../../shared/errors.ts";
import { confineFileUrl } from "../../shared/input-paths-fs.ts";
import { imageUris } from "./image-location-rules.ts";

export async function slateRootProblems(config: unknown, inputRoots: readonly string[]): Promise<ValidationProblem[]> {
  const problems: ValidationProblem[] = [];
  for (const { at, uri } of imageUris(config)) {
    if (!/^file:/i.test(uri)) continue;
    const confined = await confineFileUrl(uri, inputRoots);
    if (!confined.ok) problems.push({ elementPath: at, errorMessage: `"${uri}": ${confined.reason}` });
  }
  return problems;
}
