/**
 * Walks the emitted declaration files reachable from the package's entry points (the
 * relative imports and re-exports of each .d.ts) and reports every bare module specifier
 * they name, so a test can refuse dependency types (zod, @alicloud/*) in the public API.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";

/** One bare import found in a reachable declaration file. */
export interface ForeignImport {
  /** The declaration file, relative to the package root. */
  file: string;
  /** The module it names, e.g. `zod` or `@pulumi/pulumi`. */
  specifier: string;
}

const SPECIFIER = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)["']([^"']+)["']/g;

function resolveDeclaration(fromFile: string, specifier: string): string | undefined {
  const base = resolve(dirname(fromFile), specifier.replace(/\.js$/, ""));
  for (const candidate of [`${base}.d.ts`, `${base}/index.d.ts`]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Every declaration file reachable from `entries`, and the bare imports among them. */
export function declarationGraph(
  packageRoot: string,
  entries: readonly string[],
): { files: string[]; foreign: ForeignImport[] } {
  const seen = new Set<string>();
  const foreign: ForeignImport[] = [];
  const queue = entries.map((entry) => resolve(packageRoot, entry));
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(SPECIFIER)) {
      const specifier = match[1] as string;
      if (specifier.startsWith(".")) {
        const target = resolveDeclaration(file, specifier);
        if (target === undefined) throw new Error(`${file}: cannot resolve ${specifier}`);
        queue.push(target);
      } else {
        foreign.push({ file: relative(packageRoot, file), specifier });
      }
    }
  }
  return { files: [...seen].map((f) => relative(packageRoot, f)).sort(), foreign };
}
