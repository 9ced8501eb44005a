// What a UDP output sends otherwise than its configuration says, as told settings: FEC on a
// udp:// destination (SMPTE 2022-1 protects RTP packets, so none is sent), a FEC matrix over
// SMPTE 2022-1's 100 packets (udp-fec.ts), and a bufferMsec under the least delay a
// constant-rate multiplex needs. The channel's answers list them with
// the settings the supported-features list tells (not-honoured.ts).

import type { ChannelConfig } from "./channel-config.ts";
import type { NotHonouredSetting } from "./support/member-support.ts";
import { planFec } from "./udp-fec.ts";
import { parseUdpDestinationUrl } from "./udp-destination-url.ts";

/**
 * The least bufferMsec sent: with a smaller muxer delay, ffmpeg's constant-rate MPEG-TS muxer
 * writes frames after their decode time has passed at the receiver ("dts < pcr": an invalid
 * transport stream, ISO/IEC 13818-1 T-STD).
 */
export const MIN_UDP_BUFFER_MSEC = 100;

export function udpGroupNotes(config: ChannelConfig): NotHonouredSetting[] {
  const notes: NotHonouredSetting[] = [];
  (config.encoderSettings?.outputGroups ?? []).forEach((group, groupIndex) => {
    if (!group?.outputGroupSettings?.udpGroupSettings) return;
    (group.outputs ?? []).forEach((output, outputIndex) => {
      const outputPath = `encoderSettings.outputGroups[${groupIndex}].outputs[${outputIndex}].outputSettings.udpOutputSettings`;
      const bufferMsec = output?.outputSettings?.udpOutputSettings?.bufferMsec;
      if (bufferMsec !== undefined && bufferMsec < MIN_UDP_BUFFER_MSEC) {
        notes.push({ elementPath: `${outputPath}.bufferMsec`, reason: `bufferMsec ${bufferMsec} is sent as ${MIN_UDP_BUFFER_MSEC}: a shorter muxer delay makes ffmpeg's constant-rate MPEG-TS invalid (PCR past the decode times)` });
      }
      const fecSettings = output?.outputSettings?.udpOutputSettings?.fecOutputSettings;
      if (!fecSettings) return;
      const elementPath = `${outputPath}.fecOutputSettings`;
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
      for (const difference of planFec(fecSettings)?.differences ?? []) notes.push({ elementPath, reason: difference });
    });
  });
  return notes;
}
