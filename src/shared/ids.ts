// MediaLive resource IDs are numeric strings (7 digits in every AWS example) and ARNs
// are arn:aws:medialive:<region>:<account>:<type>:<id>.

import { randomInt } from "node:crypto";

export function newResourceId(): string {
  return String(randomInt(1_000_000, 10_000_000));
}

export const ArnResourceTypes = {
  input: "input",
  inputSecurityGroup: "inputSecurityGroup",
  channel: "channel",
  /** MediaLive Anywhere's resources: a cluster zone (as cluster and as network) and a worker (as node). */
  cluster: "cluster",
  network: "network",
  node: "node",
} as const;
export type ArnResourceType = (typeof ArnResourceTypes)[keyof typeof ArnResourceTypes];

export interface ArnScope {
  readonly region: string;
  readonly accountId: string;
}

export function makeArn(scope: ArnScope, type: ArnResourceType, id: string): string {
  return `arn:aws:medialive:${scope.region}:${scope.accountId}:${type}:${id}`;
}

export function parseArn(arn: string): { region: string; accountId: string; type: string; id: string } | undefined {
  const match = /^arn:aws:medialive:([a-z0-9-]+):(\d{12}):([A-Za-z]+):(\d+)$/.exec(arn);
  if (!match) return undefined;
  return { region: match[1]!, accountId: match[2]!, type: match[3]!, id: match[4]! };
}
