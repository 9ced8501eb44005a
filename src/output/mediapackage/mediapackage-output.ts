// MediaPackage as an output kind (output-kind.ts): a MediaPackage output group is planned
// and published as the HLS group MediaLive makes of it (mediapackage-hls-group.ts), to the
// target this host's configuration maps its MediaPackage channel to: openlive's own origin
// by default, or a configured ingest URL (mediapackage-hls-config.ts); a v2 channel with a
// configured ingest URL is sent CMAF ingest by the CMAF ingest kind instead
// (mediapackage-cmaf-config.ts). No channel id is refused: openlive has no MediaPackage
// channels to look them up in.

import { OutputRoots } from "../roots/output-roots.ts";
import { startCmafIngestBeside } from "../cmaf-ingest/cmaf-beside.ts";
import { planCmafIngestGroup } from "../cmaf-ingest/cmaf-plan.ts";
import { startHlsBeside } from "../hls/hls-beside.ts";
import { planHlsGroup } from "../hls/hls-plan.ts";
import type { BesideContext, GroupPlan, GroupPlanContext, OutputBeside, OutputKind } from "../output-kind.ts";
import type { OutputGroup } from "../../model/generated/medialive-types.ts";
import { mediaPackageAsCmafConfig, mediaPackageGroupAsCmaf, sentAsCmaf } from "./mediapackage-cmaf-config.ts";
import { mediaPackageAsHlsConfig } from "./mediapackage-hls-config.ts";
import { mediaPackageGroupAsHls } from "./mediapackage-hls-group.ts";
import { joinBesides } from "./joined-beside.ts";

export const MEDIAPACKAGE_OUTPUT: OutputKind = {
  kind: "mediaPackageGroupSettings",
  check: () => [],
  plan: planMediaPackageGroup,
  startBeside: startMediaPackageBeside,
};

function planMediaPackageGroup(group: OutputGroup, groupIndex: number, context: GroupPlanContext): GroupPlan {
  const cmaf = mediaPackageGroupAsCmaf(group, groupIndex, context.request.config);
  if (sentAsCmaf(cmaf, context.request.slaveTargets)) return planCmafIngestGroup(cmaf, groupIndex, context);
  return planHlsGroup(mediaPackageGroupAsHls(group, context.request.config), groupIndex, context);
}

/** The HLS kind's beside for the groups published as HLS (own-origin folders made inside the origin root only), the CMAF ingest kind's for the v2 groups sent by CMAF ingest. */
async function startMediaPackageBeside(context: BesideContext): Promise<OutputBeside> {
  const hls = await startHlsBeside({ ...context, config: mediaPackageAsHlsConfig(context.config, context.mediaPackage).config, roots: new OutputRoots([context.mediaPackage.originRoot]) });
  try {
    return joinBesides([hls, await startCmafIngestBeside({ ...context, config: mediaPackageAsCmafConfig(context.config, context.mediaPackage) })]);
  } catch (error) {
    await hls.close();
    throw error;
  }
}
