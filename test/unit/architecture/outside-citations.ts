// Finds citations of documents a reader of the repository cannot open: issue numbers, and the
// team's notes that live outside it (the MediaLive notes, the design and style notes, the
// dependency check, reviews). A comment, test title or doc states the fact it relies on, or
// links a page in docs/; public specs (RFC, ISO, ITU-T, SCTE, AWS's user guide) and public URLs
// are fine. Pure apart from listTextFiles(), so the self-test can feed it made-up lines.

import { readdirSync } from "node:fs";
import path from "node:path";

export interface CitationPattern {
  /** What the match cites, as printed with each finding. */
  readonly what: string;
  readonly pattern: RegExp;
}

export const OUTSIDE_CITATIONS: readonly CitationPattern[] = [
  { what: "an issue number", pattern: /\bissues? #?\d+/i },
  {
    what: "a note outside the repository",
    // Not preceded by a path or word character: docs/security.md and a future docs/design.md stay allowed.
    pattern: /(?<![\w/.-])(?:medialive|design|style|deps|peers|cluster|security-review|house-review)\.md\b/i,
  },
  { what: "the shared reference folder", pattern: /\bshared\/reference\b/i },
];

export interface Citation {
  /** "path/from/repo/root.ts:12". */
  readonly at: string;
  readonly what: string;
  readonly line: string;
}

/** Every line of `text` that cites something outside the repository, with 1-based line numbers. */
export function findOutsideCitations(file: string, text: string): Citation[] {
  const found: Citation[] = [];
  text.split("\n").forEach((line, index) => {
    for (const { what, pattern } of OUTSIDE_CITATIONS) {
      if (pattern.test(line)) found.push({ at: `${file}:${index + 1}`, what, line: line.trim() });
    }
  });
  return found;
}

const TEXT_EXTENSIONS = new Set([".ts", ".js", ".mjs", ".cjs", ".md", ".json", ".sh", ".html", ".css", ".txt"]);

/**
 * Text files under `roots` (folders or files, relative to `repoRoot`), as repo-relative paths with
 * forward slashes, minus those starting with one of `exclude`. node_modules is never entered.
 */
export function listTextFiles(repoRoot: string, roots: readonly string[], exclude: readonly string[]): string[] {
  const files: string[] = [];
  const visit = (relative: string): void => {
    const entries = readdirSync(path.join(repoRoot, relative), { withFileTypes: true });
    for (const entry of entries) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules") visit(child);
      } else if (entry.isFile() && TEXT_EXTENSIONS.has(path.extname(entry.name))) {
        files.push(child);
      }
    }
  };
  for (const root of roots) {
    if (path.extname(root)) files.push(root);
    else visit(root);
  }
  return files.filter((file) => !exclude.some((prefix) => file.startsWith(prefix))).sort();
}
