// A small parser of the Prometheus text exposition format (what GET /metrics serves), for
// tests: `# HELP` / `# TYPE` lines and samples `name{label="value",…} value`.

export interface PromSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface PromText {
  readonly types: ReadonlyMap<string, string>;
  readonly help: ReadonlyMap<string, string>;
  readonly samples: readonly PromSample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?/gy;

export function parsePromText(text: string): PromText {
  const types = new Map<string, string>();
  const help = new Map<string, string>();
  const samples: PromSample[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    if (line.startsWith("#")) {
      const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (meta?.[1] === "TYPE") types.set(meta[2]!, meta[3]!);
      else if (meta?.[1] === "HELP") help.set(meta[2]!, meta[3]!);
      continue;
    }
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    const body = match[2] ?? "";
    LABEL.lastIndex = 0;
    while (LABEL.lastIndex < body.length) {
      const label = LABEL.exec(body);
      if (!label) throw new Error(`bad labels in: ${line}`);
      labels[label[1]!] = label[2]!.replace(/\\n/g, "\n").replace(/\\"/g, '"').replace(/\\\\/g, "\\");
    }
    const value = match[3] === "+Inf" ? Infinity : match[3] === "-Inf" ? -Infinity : Number(match[3]);
    samples.push({ name: match[1]!, labels, value });
  }
  return { types, help, samples };
}

/** Samples of one metric whose labels include `where`. */
export function samplesOf(text: PromText, name: string, where: Readonly<Record<string, string>> = {}): PromSample[] {
  return text.samples.filter((s) => s.name === name && Object.entries(where).every(([k, v]) => s.labels[k] === v));
}

/** The sum of the matching samples' values (undefined when there is none). */
export function valueOf(text: PromText, name: string, where: Readonly<Record<string, string>> = {}): number | undefined {
  const found = samplesOf(text, name, where);
  return found.length ? found.reduce((sum, s) => sum + s.value, 0) : undefined;
}
