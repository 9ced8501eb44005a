// What the user needs to create the input and the channel: the source addresses of the
// pushes as input security group rules, and the channel's inputSpecification that fits
// what arrived (checked against --input-spec when given). Pure.

import type { CheckLine, SourceObservation } from "./check-types.ts";
import { line } from "./check-line.ts";
import {
  bitrateClassOf,
  fittingSpecification,
  formatInputSpec,
  resolutionClassOf,
  specCodecOf,
  specShortfalls,
  type InputSpecification,
  type SourceNeeds,
} from "./input-specification.ts";
import { cidrsOf } from "./source-addresses.ts";

export function addressesLine(observations: readonly SourceObservation[]): CheckLine {
  const spec = { id: "addresses", title: "Source addresses (input security group)", rule: "addresses" } as const;
  if (observations.every((obs) => obs.direction === "pull")) return line(spec, "info", "pull: openlive connects out to the source; no input security group is needed");
  const perSource = observations.map((obs, index) => ({ index: index + 1, cidrs: cidrsOf(obs.addresses) }));
  const all = [...new Set(perSource.flatMap((entry) => entry.cidrs))];
  if (all.length === 0) return line(spec, "info", "no push arrived, so no source address was seen");
  const who = observations.length > 1 ? ` (${perSource.map((entry) => `source ${entry.index}: ${entry.cidrs.join(", ") || "none"}`).join("; ")})` : "";
  return line(spec, "info", `pushes came from ${all.join(", ")}${who}: put these CIDRs in the input security group (aws medialive create-input-security-group --whitelist-rules ${all.map((cidr) => `Cidr=${cidr}`).join(" ")})`);
}

export function sourceNeeds(obs: SourceObservation): SourceNeeds {
  const video = obs.streamInfo.video[0];
  const codec = video ? specCodecOf(video.codec) : undefined;
  const resolution = video?.height !== undefined ? resolutionClassOf(video.height) : undefined;
  const maximumBitrate = obs.streamInfo.bitrateBps !== undefined ? bitrateClassOf(obs.streamInfo.bitrateBps) : undefined;
  return { ...(codec ? { codec } : {}), ...(resolution ? { resolution } : {}), ...(maximumBitrate ? { maximumBitrate } : {}) };
}

export function inputSpecLine(observations: readonly SourceObservation[], asked: InputSpecification | undefined): CheckLine {
  const spec = { id: "input-spec", title: "Channel inputSpecification", rule: "inputSpec" } as const;
  const withMedia = observations.filter((obs) => obs.streamInfo.video.length > 0);
  const fitting = withMedia.length ? fittingSpecification(withMedia.map(sourceNeeds)) : undefined;
  const fits = fitting ? `${formatInputSpec(fitting)} ({"codec":"${fitting.codec}","resolution":"${fitting.resolution}","maximumBitrate":"${fitting.maximumBitrate}"})` : undefined;
  if (!asked) {
    return line(spec, "info", fits ? `the smallest that fits: ${fits}` : "could not be told: codec, resolution or bitrate not measured");
  }
  const problems = observations.flatMap((obs, index) => {
    const video = obs.streamInfo.video[0];
    const shortfalls = specShortfalls(asked, sourceNeeds(obs), {
      ...(obs.streamInfo.bitrateBps !== undefined ? { bitrateBps: obs.streamInfo.bitrateBps } : {}),
      ...(video?.height !== undefined ? { heightPx: video.height } : {}),
    });
    return shortfalls.map((problem) => (observations.length > 1 ? `source ${index + 1}: ${problem}` : problem));
  });
  if (problems.length) {
    return line(
      spec,
      "fail",
      `${formatInputSpec(asked)} does not cover the stream: ${problems.join("; ")}`,
      fits ? `use inputSpecification ${fits}, or change the encoder to fit ${formatInputSpec(asked)}` : `change the encoder to fit ${formatInputSpec(asked)}`,
    );
  }
  return line(spec, "pass", `${formatInputSpec(asked)} covers the stream${fits ? `; the smallest that fits: ${fits}` : ""}`);
}
