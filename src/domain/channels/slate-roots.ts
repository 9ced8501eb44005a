// A channel's input-loss slate named as file:// (inputLossBehavior.inputLossImageSlate.uri)
// is a local file the pipeline hands to ffmpeg: like every file source, it must lie in an
// input root (config.inputRoots), lexically and by real path. The URL's form itself is
// checked by validate-channel.ts; this adds where it may point.

import type { ValidationProblem } from "../../shared/errors.ts";
import { confineFileUrl } from "../../shared/input-paths-fs.ts";

const SLATE_AT = "encoderSettings.globalConfiguration.inputLossBehavior.inputLossImageSlate.uri";

export async function slateRootProblems(config: unknown, inputRoots: readonly string[]): Promise<ValidationProblem[]> {
  const uri = slateUri(config);
  if (uri === undefined || !/^file:/i.test(uri)) return [];
  const confined = await confineFileUrl(uri, inputRoots);
  return confined.ok ? [] : [{ elementPath: SLATE_AT, errorMessage: `"${uri}": ${confined.reason}` }];
}

function slateUri(config: unknown): string | undefined {
  const pick = (value: unknown, key: string): unknown => (typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined);
  const uri = pick(pick(pick(pick(pick(config, "encoderSettings"), "globalConfiguration"), "inputLossBehavior"), "inputLossImageSlate"), "uri");
  return typeof uri === "string" ? uri : undefined;
}
