// Assertions and creating calls shared by the SDK e2e files (clients from sdk.ts).

import assert from "node:assert/strict";
import {
  CreateChannelCommand,
  CreateInputCommand,
  CreateInputSecurityGroupCommand,
  DescribeChannelCommand,
  type CreateChannelCommandInput,
  type CreateInputCommandInput,
  type Input,
  type InputSecurityGroup,
  type MediaLiveClient,
  type ValidationError,
} from "@aws-sdk/client-medialive";
import { until } from "./until.ts";

/** An SDK exception class: has a name and carries the HTTP status in $metadata. */
type ErrorClass = abstract new (...args: any[]) => Error & { $metadata: { httpStatusCode?: number } };

/** Asserts that `promise` rejects with the SDK's typed exception, its HTTP status and a message. */
export async function rejectsWith(promise: Promise<unknown>, errorClass: ErrorClass, status: number, message: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof errorClass, `expected ${errorClass.name}, got ${(error as Error)?.name}: ${(error as Error)?.message}`);
    const typed = error as InstanceType<ErrorClass>;
    assert.equal(typed.$metadata.httpStatusCode, status, `HTTP status of ${errorClass.name}`);
    assert.equal(typed.name, errorClass.name);
    assert.match(typed.message, message);
    return true;
  });
}

/** An SDK output without its $metadata (request id, attempts), for comparing answers. */
export function strip<T extends { $metadata?: unknown }>(output: T): Omit<T, "$metadata"> {
  const { $metadata: _metadata, ...rest } = output;
  return rest;
}

/** ValidationErrors, readable in an assertion message. */
export function show(errors: readonly ValidationError[] | undefined): string {
  return JSON.stringify(errors ?? [], null, 1);
}

/** CreateInputSecurityGroup with these CIDRs (and tags); asserts the group is in the answer. */
export async function createIsg(client: MediaLiveClient, cidrs: readonly string[], tags?: Record<string, string>): Promise<InputSecurityGroup> {
  const out = await client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: cidrs.map((Cidr) => ({ Cidr })), ...(tags ? { Tags: tags } : {}) }));
  assert.ok(out.SecurityGroup, "CreateInputSecurityGroup answers {securityGroup}");
  return out.SecurityGroup;
}

/** CreateInput; asserts 201 and the input in the answer. */
export async function createInput(client: MediaLiveClient, request: CreateInputCommandInput): Promise<Input> {
  const out = await client.send(new CreateInputCommand(request));
  assert.equal(out.$metadata.httpStatusCode, 201, "CreateInput answers 201");
  assert.ok(out.Input, "CreateInput answers {input}");
  return out.Input;
}

/** CreateChannel; asserts 201 and returns the channel. */
export async function createChannel(client: MediaLiveClient, request: CreateChannelCommandInput): Promise<any> {
  const out = await client.send(new CreateChannelCommand(request));
  assert.equal(out.$metadata.httpStatusCode, 201, "CreateChannel answers 201");
  return out.Channel!;
}

/** Waits until DescribeChannel reports each pipeline on the given attachment, in pipeline order ("main", "main"). */
export function untilPipelinesOn(client: MediaLiveClient, channelId: string, attachments: readonly string[], timeoutMs: number): Promise<true> {
  const wanted = attachments.join();
  return until(`pipelines on ${wanted} (DescribeChannel)`, async () => {
    const details = (await client.send(new DescribeChannelCommand({ ChannelId: channelId }))).PipelineDetails ?? [];
    return details.map((detail) => detail.ActiveInputAttachmentName).join() === wanted ? true : undefined;
  }, timeoutMs);
}
