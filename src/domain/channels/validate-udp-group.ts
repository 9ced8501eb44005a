// The rules of a UDP output group (udpGroupSettings) that the model cannot state: each output
// sends an MPEG-TS with udpOutputSettings to a destination of udp:// or rtp:// URLs, and an
// output with FEC leaves room for the FEC ports (SMPTE 2022-1: media port + 2 and + 4).
// validate-channel.ts calls it for each UDP group; destinations are read there.

import type { ValidationProblem } from "../../shared/errors.ts";
import { quote } from "./quote.ts";
import { FEC_PORT_OFFSETS, parseUdpDestinationUrl } from "./udp-destination-url.ts";

type Json = Record<string, unknown>;

/** What the group check needs of a destination: its URLs, and whether they are all udp:// or rtp://. */
export interface UdpDestinationView {
  readonly udp: boolean;
  readonly urls: readonly string[];
}

const record = (value: unknown): Json | undefined => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined);
const isSet = (value: unknown): boolean => value !== undefined && value !== null;

/** Problems of the outputs of one UDP group (`at`: the group's path); empty when none. */
export function udpGroupProblems(outputs: unknown, at: string, destinations: ReadonlyMap<string, UdpDestinationView>): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  (Array.isArray(outputs) ? outputs : []).forEach((item, index) => {
    const outputAt = `${at}.outputs[${index}].outputSettings`;
    const settings = record(record(item)?.outputSettings);
    if (!settings) return; // the common output checks report it
    const udp = record(settings.udpOutputSettings);
    if (!udp) {
      if (Object.keys(settings).some((key) => isSet(settings[key]))) problems.push({ elementPath: outputAt, errorMessage: "An output of a UDP output group needs udpOutputSettings" });
      return;
    }
    const refAt = `${outputAt}.udpOutputSettings.destination.destinationRefId`;
    const refId = record(udp.destination)?.destinationRefId;
    if (typeof refId !== "string" || refId === "") {
      problems.push({ elementPath: refAt, errorMessage: "is required: the id of one of destinations[], with udp:// or rtp:// URLs" });
      return;
    }
    const destination = destinations.get(refId);
    if (!destination) {
      problems.push({ elementPath: refAt, errorMessage: `Object references undefined destination ${quote(refId)}` });
      return;
    }
    if (!destination.udp) {
      problems.push({ elementPath: refAt, errorMessage: `destination ${quote(refId)} must have udp://<host>:<port> or rtp://<host>:<port> URLs for a UDP output` });
      return;
    }
    if (!isSet(udp.fecOutputSettings)) return;
    // includeFec COLUMN sends to + 2 only; COLUMN_AND_ROW (the default) to + 4 as well.
    const rows = record(udp.fecOutputSettings)?.includeFec !== "COLUMN";
    const highest = rows ? FEC_PORT_OFFSETS.row : FEC_PORT_OFFSETS.column;
    const ports = rows ? `+ ${FEC_PORT_OFFSETS.column} and + ${FEC_PORT_OFFSETS.row}` : `+ ${FEC_PORT_OFFSETS.column}`;
    for (const url of destination.urls) {
      const parsed = parseUdpDestinationUrl(url);
      if (parsed.ok && parsed.port + highest > 65535) {
        problems.push({ elementPath: `${outputAt}.udpOutputSettings.fecOutputSettings`, errorMessage: `FEC is sent to the media port ${ports}: destination ${quote(url)} needs a port of at most ${65535 - highest}` });
      }
    }
  });
  return problems;
}
