// The SDK steps every end-to-end channel test and bench takes the same way: an input security
// group for the local upstreams, CreateChannel, and StartChannel / StopChannel followed by the
// SDK's ChannelRunning / ChannelStopped waiter.

import {
  CreateChannelCommand,
  CreateInputSecurityGroupCommand,
  StartChannelCommand,
  StopChannelCommand,
  waitUntilChannelRunning,
  waitUntilChannelStopped,
  type MediaLiveClient,
} from "@aws-sdk/client-medialive";

/**
 * The waiters' pace here: up to 60 s, one DescribeChannel every 200 ms (the SDK's delays are
 * seconds, fractions allowed). A channel starts or stops in a second or two; at one poll a
 * second each wait overshot by half a second on average, every channel test twice.
 */
const WAITER = { maxWaitTime: 60, minDelay: 0.2, maxDelay: 0.2 } as const;

/** Creates an input security group that admits `cidr` (default: the upstreams on 127.0.0.1); returns its id. */
export async function createIsgId(client: MediaLiveClient, cidr = "127.0.0.1/32"): Promise<string> {
  return (await client.send(new CreateInputSecurityGroupCommand({ WhitelistRules: [{ Cidr: cidr }] }))).SecurityGroup!.Id!;
}

/** Sends a CreateChannel request (a JSON body as the tests build it); returns the channel id. */
export async function createChannelId(client: MediaLiveClient, channel: Record<string, unknown>): Promise<string> {
  return (await client.send(new CreateChannelCommand(channel))).Channel!.Id!;
}

/** StartChannel, then the ChannelRunning waiter. */
export async function startChannelAndWait(client: MediaLiveClient, channelId: string): Promise<void> {
  await client.send(new StartChannelCommand({ ChannelId: channelId }));
  await waitForChannelRunning(client, channelId);
}

/** The ChannelRunning waiter alone (a channel that recovers or was started elsewhere). */
export async function waitForChannelRunning(client: MediaLiveClient, channelId: string): Promise<void> {
  await waitUntilChannelRunning({ client, ...WAITER }, { ChannelId: channelId });
}

/** StopChannel, then the ChannelStopped waiter. */
export async function stopChannelAndWait(client: MediaLiveClient, channelId: string): Promise<void> {
  await client.send(new StopChannelCommand({ ChannelId: channelId }));
  await waitForChannelStopped(client, channelId);
}

/** The ChannelStopped waiter alone. */
export async function waitForChannelStopped(client: MediaLiveClient, channelId: string): Promise<void> {
  await waitUntilChannelStopped({ client, ...WAITER }, { ChannelId: channelId });
}
