// What a UDP output sends otherwise than its configuration says, as told settings: FEC on a
// udp:// destination (SMPTE 2022-1 protects RTP packets, so none is sent) and a FEC matrix
// ffmpeg's prompeg cannot send as asked (udp-fec.ts). The channel's answers list them with
// the settings the supported-features list tells (not-honoured.ts).

import type { ChannelConfig } from "./channel-config.ts";
import type { NotHonouredSetting } from "./support/member-support.ts";
import { planFec } from "./udp-fec.ts";
import { parseUdpDestinationUrl } from "./udp-destination-url.ts";

export function udpGroupNotes(config: ChannelConfig): NotHonouredSetting[] {
  const notes: NotHonouredSetting[] = [];
  (config.encoderSettings?.outputGroups ?? []).forEach((group, groupIndex) => {
    if (!group?.outputGroupSettings?.udpGroupSettings) return;
    (group.outputs ?? []).forEach((output, outputIndex) => {
      const fecSettings = output?.outputSettings?.udpOutputSettings?.fecOutputSettings;
      if (!fecSettings) return;
      const elementPath = `encoderSettings.outputGroups[${groupIndex}].outputs[${outputIndex}].outputSettings.udpOutputSettings.fecOutputSettings`;
      const refId = output.outputSettings.udpOutputSettings?.destination?.destinationRefId;
      const urls = (config.destinations ?? []).find((destination) => destination?.id === refId)?.settings?.map((setting) => setting?.url ?? "") ?? [];
      const plain = urls.filter((url) => {
        const parsed = parseUdpDestinationUrl(url);
        return parsed.ok && parsed.scheme === "udp:";
      });
      if (plain.length > 0) {
        notes.push({ elementPath, reason: `SMPTE 2022-1 FEC protects RTP packets: ${plain.join(" and ")} ${plain.length > 1 ? "are" : "is"} sent without FEC (use rtp://)` });
        return;
      }
      for (const difference of planFec(fecSettings)?.differences ?? []) {
        // includeFec COLUMN is told by the supported-features list already.
        if (!difference.startsWith("includeFec")) notes.push({ elementPath, reason: difference });
      }
    });
  });
  return notes;
}
