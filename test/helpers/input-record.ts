// The stored input record (src/domain/records.ts) that tests of the domain rules and of the
// ingest edges and pull sources build by hand, with every list empty but for what they give.

import type { InputRecord } from "../../src/domain/records.ts";

/** A stored SINGLE_PIPELINE input with no endpoints, sources, security groups or tags, but for what `fields` gives. */
export function inputRecord(fields: Pick<InputRecord, "id" | "name" | "type"> & Partial<InputRecord>): InputRecord {
  return {
    inputClass: "SINGLE_PIPELINE",
    streamNames: [],
    endpoints: [],
    sources: [],
    securityGroupIds: [],
    srtCallerSources: [],
    tags: {},
    attachedChannelIds: [],
    ...fields,
  };
}
