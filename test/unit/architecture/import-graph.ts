// Reads the import graph of src/ with the TypeScript parser: one edge per import, export-from,
// `import x = require()`, `import("…")` call and `import("…").T` type. A regex would miss
// multi-line imports and count ones inside comments and strings; the parser does neither.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import ts from "typescript";

export interface ImportEdge {
  /** The importing file, relative to the repository root with "/" separators (src/api/server.ts). */
  from: string;
  /** A repository-relative file for a relative import, node:<name> for a builtin, npm:<package> otherwise. */
  to: string;
  /** Erased at compile time: `import type`, `export type … from`, `import("…").T` in a type. */
  typeOnly: boolean;
  line: number;
}

export interface ImportGraph {
  files: string[];
  edges: ImportEdge[];
  /** Imports the reader could not turn into a target: a test must fail on them, not skip them. */
  unresolved: string[];
}

const BUILTINS = new Set(builtinModules);

export function listTsFiles(root: string, folder: string): string[] {
  return readdirSync(path.join(root, folder), { withFileTypes: true })
    .flatMap((entry) => {
      const child = `${folder}/${entry.name}`;
      if (entry.isDirectory()) return listTsFiles(root, child);
      return entry.name.endsWith(".ts") ? [child] : [];
    })
    .sort();
}

export function readImportGraph(root: string, folder = "src"): ImportGraph {
  const files = listTsFiles(root, folder);
  const edges: ImportEdge[] = [];
  const unresolved: string[] = [];
  for (const file of files) {
    for (const found of findImports(file, readFileSync(path.join(root, file), "utf8"))) {
      const line = `${file}:${found.line}`;
      if (found.specifier === undefined) {
        unresolved.push(`${line} import() of a computed specifier`);
        continue;
      }
      const to = resolveSpecifier(root, file, found.specifier);
      if (to === undefined) unresolved.push(`${line} "${found.specifier}" names no file`);
      else edges.push({ from: file, to, typeOnly: found.typeOnly, line: found.line });
    }
  }
  return { files, edges, unresolved };
}

interface FoundImport {
  specifier: string | undefined;
  typeOnly: boolean;
  line: number;
}

export function findImports(fileName: string, text: string): FoundImport[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const found: FoundImport[] = [];
  const add = (node: ts.Node, specifier: ts.Expression | undefined, typeOnly: boolean) => {
    const literal = specifier !== undefined && ts.isStringLiteralLike(specifier) ? specifier.text : undefined;
    found.push({ specifier: literal, typeOnly, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      // `import { type A }` is not type-only: verbatimModuleSyntax keeps it as `import {} from`, which loads the module.
      add(node, node.moduleSpecifier, node.importClause?.isTypeOnly === true);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined) {
      add(node, node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function resolveSpecifier(root: string, fromFile: string, specifier: string): string | undefined {
  if (specifier.startsWith(".")) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
    const candidates = [target, target.replace(/\.js$/, ".ts"), `${target}.ts`, `${target}/index.ts`];
    return candidates.find((candidate) => isFile(path.join(root, candidate)));
  }
  const bare = specifier.replace(/^node:/, "");
  if (specifier.startsWith("node:") || BUILTINS.has(bare)) return `node:${bare}`;
  // A package is named by its first segment, or its first two when scoped (@aws-sdk/client-medialive).
  const segments = specifier.split("/");
  return `npm:${segments.slice(0, specifier.startsWith("@") ? 2 : 1).join("/")}`;
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The layer a file belongs to: its top-level folder under src/, "root" for src/main.ts and src/cli.ts. */
export function folderOf(file: string): string {
  const parts = file.split("/");
  return parts.length > 2 ? (parts[1] ?? "root") : "root";
}
