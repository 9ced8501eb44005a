import type { DetectedInputProperties } from "../../domain/channels/channel-runtime-port.ts";
import type { InputView } from "../../domain/input-service.ts";
import type { EndpointRecord, InputRecord } from "../../domain/records.ts";
import type { Input, InputDestination, SrtSettings } from "../../model/generated/medialive-types.ts";
import { makeArn, type ArnScope } from "../../shared/ids.ts";

/** DescribeInput's detectedProperties[] (openlive extension, docs/api.md): one entry per pipeline that reads the input. */
export function detectedPropertiesToWire(detected: readonly DetectedInputProperties[]): Record<string, unknown>[] {
  return detected.map((entry) => ({ pipelineId: String(entry.pipelineIndex), detectedAt: new Date(entry.atMs).toISOString(), ...entry.streamInfo }));
}

/** An input in MediaLive's wire shape (Input / DescribeInputResponse). */
export function inputToWire(view: InputView, scope: ArnScope): Input {
  const record = view.record;
  const wire: Input = {
    arn: makeArn(scope, "input", record.id),
    attachedChannels: [...record.attachedChannelIds],
    destinations: destinationsOf(record),
    id: record.id,
    inputClass: record.inputClass,
    inputDevices: [],
    inputPartnerIds: [],
    inputSourceType: record.dynamic ? "DYNAMIC" : "STATIC",
    mediaConnectFlows: [],
    name: record.name,
    securityGroups: [...record.securityGroupIds],
    sources: record.sources.map((source) => ({ ...source })),
    state: view.state,
    tags: { ...record.tags },
    type: record.type,
  };
  if (record.roleArn !== undefined) wire.roleArn = record.roleArn;
  const srt = srtSettingsOf(record);
  if (srt) wire.srtSettings = srt;
  return wire;
}

function hostForUrl(address: string): string {
  return address.includes(":") ? `[${address}]` : address;
}

/** rtp://ip:port, rtmp://ip:port/app/instance or srt://ip:port per endpoint. */
export function endpointUrl(record: Pick<InputRecord, "type" | "streamNames">, endpoint: EndpointRecord): string {
  const hostPort = `${hostForUrl(endpoint.address)}:${endpoint.port}`;
  switch (record.type) {
    case "RTMP_PUSH":
      return `rtmp://${hostPort}/${record.streamNames[endpoint.pipeline] ?? record.streamNames[0] ?? ""}`;
    case "SRT_LISTENER":
      return `srt://${hostPort}`;
    default:
      return `rtp://${hostPort}`;
  }
}

function destinationsOf(record: InputRecord): InputDestination[] {
  // Cluster mode: the zone whose pool the endpoint's address came from, in MediaLive's own member.
  return record.endpoints.map((endpoint) => ({
    ip: endpoint.address,
    port: String(endpoint.port),
    url: endpointUrl(record, endpoint),
    ...(endpoint.zone !== undefined ? { vpc: { availabilityZone: endpoint.zone } } : {}),
  }));
}

function srtSettingsOf(record: InputRecord): SrtSettings | undefined {
  if (record.type === "SRT_CALLER") return { srtCallerSources: record.srtCallerSources.map((s) => ({ ...s, ...(s.decryption ? { decryption: { ...s.decryption } } : {}) })) };
  if (record.type === "SRT_LISTENER" && record.srtListener) {
    return { srtListenerSettings: { ...record.srtListener, decryption: { ...record.srtListener.decryption } } };
  }
  return undefined;
}
