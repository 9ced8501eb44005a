// Every stored channel, deleted ones (within their tombstone window) included, page by page
// in creation order, for the few callers that must see them all (destination clashes, the
// runtime's resume, the origin's published folders).

import type { ChannelRecord } from "./channels/channel-record.ts";
import type { Repository } from "./repository.ts";

/** Records per repository read. */
const PAGE_SIZE = 1000;

export async function* allChannels(repository: Pick<Repository, "listChannels">): AsyncGenerator<ChannelRecord> {
  let after: number | undefined;
  do {
    const page = await repository.listChannels(after === undefined ? { limit: PAGE_SIZE } : { after, limit: PAGE_SIZE });
    yield* page.items;
    after = page.nextAfter;
  } while (after !== undefined);
}
