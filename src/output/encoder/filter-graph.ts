// Assembles -filter_complex: the fed picture and each fed audio stream are split once into
// one branch per encode (shared-encode.ts: one per description, whatever number of outputs
// name it) plus the thumbnail's.

export interface FilterBranch {
  /** Output pad label, mapped by `-map [label]`. */
  readonly label: string;
  /** Filter chain from the split to the label. */
  readonly chain: string;
  /** An encoder input composited over the end of the chain (overlay-inputs.ts): its index and the filter. */
  readonly overlay?: { readonly input: number; readonly filter: string };
}

function branchChain(pad: string, branch: FilterBranch): string {
  if (!branch.overlay) return `[${pad}]${branch.chain}[${branch.label}]`;
  return `[${pad}]${branch.chain}[${branch.label}_under];[${branch.label}_under][${branch.overlay.input}:v]${branch.overlay.filter}[${branch.label}]`;
}

function splitSource(source: string, splitter: "split" | "asplit", branches: readonly FilterBranch[], prefix: string): string[] {
  if (branches.length === 0) return [];
  if (branches.length === 1) return [branchChain(source, branches[0]!)];
  const pads = branches.map((_, i) => `${prefix}${i}`);
  return [`[${source}]${splitter}=${branches.length}${pads.map((pad) => `[${pad}]`).join("")}`, ...branches.map((branch, i) => branchChain(pads[i]!, branch))];
}

/**
 * `videoBranches` read 0:v:0, or the picture `programSource` makes of it (a filter ending in
 * the label it is given); `audioBranches` maps a fed audio index (0:a:N) to its branches.
 */
export function buildFilterGraph(videoBranches: readonly FilterBranch[], audioBranches: ReadonlyMap<number, readonly FilterBranch[]>, programSource?: (label: string) => string): string {
  const chains = programSource ? [programSource("program"), ...splitSource("program", "split", videoBranches, "vsrc")] : splitSource("0:v:0", "split", videoBranches, "vsrc");
  for (const [fedIndex, branches] of [...audioBranches].sort(([a], [b]) => a - b)) {
    chains.push(...splitSource(`0:a:${fedIndex}`, "asplit", branches, `asrc${fedIndex}_`));
  }
  return chains.join(";");
}
