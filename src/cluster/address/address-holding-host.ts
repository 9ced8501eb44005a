// A worker's pipeline host that moves push endpoint addresses with the pipelines: before a
// claimed pipeline starts (and binds), its endpoint addresses are added to this machine and
// announced; after it stopped, they are removed. Pipeline i of a channel listens on endpoint
// i of each of its push inputs. Several pipelines held here may share an address (inputs
// share a pool address on different ports): an address stays while any of them holds it.

import type { Repository } from "../../domain/repository.ts";
import type { PipelineHost } from "../cluster-worker.ts";
import type { AddressHolder } from "./address-takeover.ts";

/** The endpoint addresses pipeline `pipeline` of a channel listens on (none for pull inputs). */
export async function pipelineAddresses(repository: Pick<Repository, "getChannel" | "getInput">, channelId: string, pipeline: number): Promise<string[]> {
  const channel = await repository.getChannel(channelId);
  const addresses = new Set<string>();
  for (const attachment of channel?.config.inputAttachments ?? []) {
    if (typeof attachment?.inputId !== "string") continue;
    const input = await repository.getInput(attachment.inputId);
    for (const endpoint of input?.endpoints ?? []) if (endpoint.pipeline === pipeline) addresses.add(endpoint.address);
  }
  return [...addresses];
}

export function addressHoldingHost(host: PipelineHost, holder: AddressHolder, repository: Pick<Repository, "getChannel" | "getInput">): PipelineHost {
  /** Pipeline key → the addresses it holds; address → how many held pipelines use it. */
  const byPipeline = new Map<string, readonly string[]>();
  const users = new Map<string, number>();
  const keyOf = (pipeline: { channelId: string; pipeline: number }): string => `${pipeline.channelId}/${pipeline.pipeline}`;

  const take = async (key: string, addresses: readonly string[]): Promise<void> => {
    byPipeline.set(key, addresses);
    const fresh = addresses.filter((address) => (users.get(address) ?? 0) === 0);
    for (const address of addresses) users.set(address, (users.get(address) ?? 0) + 1);
    await holder.hold(fresh);
  };
  const letGo = async (key: string): Promise<void> => {
    const addresses = byPipeline.get(key) ?? [];
    byPipeline.delete(key);
    const unused: string[] = [];
    for (const address of addresses) {
      const left = (users.get(address) ?? 1) - 1;
      if (left > 0) users.set(address, left);
      else {
        users.delete(address);
        unused.push(address);
      }
    }
    await holder.release(unused);
  };

  return {
    async start(pipeline, onReport) {
      const key = keyOf(pipeline);
      await take(key, await pipelineAddresses(repository, pipeline.channelId, pipeline.pipeline));
      try {
        await host.start(pipeline, onReport);
      } catch (error) {
        await letGo(key);
        throw error;
      }
    },
    async stop(pipeline, reason) {
      try {
        await host.stop(pipeline, reason);
      } finally {
        // A failed stop still lets the address go: the lease is given up, a peer will hold it.
        await letGo(keyOf(pipeline));
      }
    },
  };
}
