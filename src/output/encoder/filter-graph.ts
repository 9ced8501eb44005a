// Assembles -filter_complex: the fed picture and each fed audio stream are split once into
// one branch per encode (shared-encode.ts: one per description, whatever number of outputs
// name it) plus the thumbnail's.

export interface FilterBranch {
  /** Output pad label, mapped by `-map [label]`. */
  readonly label: string;
  /** Filter chain from the split to the label. */
  readonly chain: string;
}

function splitSource(source: string, splitter: "split" | "asplit", branches: readonly FilterBranch[], prefix: string): string[] {
  if (branches.length === 0) return [];
  if (branches.length === 1) return [`[${source}]${branches[0]!.chain}[${branches[0]!.label}]`];
  const pads = branches.map((_, i) => `${prefix}${i}`);
  return [`[${source}]${splitter}=${branches.length}${pads.map((pad) => `[${pad}]`).join("")}`, ...branches.map((branch, i) => `[${pads[i]}]${branch.chain}[${branch.label}]`)];
}

/** `videoBranches` read 0:v:0; `audioBranches` maps a fed audio index (0:a:N) to its branches. */
export function buildFilterGraph(videoBranches: readonly FilterBranch[], audioBranches: ReadonlyMap<number, readonly FilterBranch[]>): string {
  const chains = splitSource("0:v:0", "split", videoBranches, "vsrc");
  for (const [fedIndex, branches] of [...audioBranches].sort(([a], [b]) => a - b)) {
    chains.push(...splitSource(`0:a:${fedIndex}`, "asplit", branches, `asrc${fedIndex}_`));
  }
  return chains.join(";");
}
