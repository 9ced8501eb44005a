// MediaPackage as an output kind (output-kind.ts): a MediaPackage output group is planned
// and published as the HLS group MediaLive makes of it (mediapackage-hls-group.ts), to the
// target this host's configuration maps its MediaPackage channel to: openlive's own origin
// by default, or a configured ingest URL (mediapackage-hls-config.ts). No channel id is
// refused: openlive has no MediaPackage channels to look them up in.

import { OutputRoots } from "../roots/output-roots.ts";
import { startHlsBeside } from "../hls/hls-beside.ts";
import { planHlsGroup } from "../hls/hls-plan.ts";
import type { BesideContext, OutputBeside, OutputKind } from "../output-kind.ts";
import { mediaPackageAsHlsConfig } from "./mediapackage-hls-config.ts";
import { mediaPackageGroupAsHls } from "./mediapackage-hls-group.ts";

export const MEDIAPACKAGE_OUTPUT: OutputKind = {
  kind: "mediaPackageGroupSettings",
  check: () => [],
  plan: (group, groupIndex, context) => planHlsGroup(mediaPackageGroupAsHls(group, context.request.config), groupIndex, context),
  startBeside: startMediaPackageBeside,
};

/** The HLS kind's beside for the MediaPackage groups: own-origin folders made inside the origin root only. */
async function startMediaPackageBeside(context: BesideContext): Promise<OutputBeside> {
  const { config, notes } = mediaPackageAsHlsConfig(context.config, context.mediaPackage);
  for (const note of notes) context.logger.warn({ note }, "MediaPackage target");
  return startHlsBeside({ ...context, config, roots: new OutputRoots([context.mediaPackage.originRoot]) });
}
