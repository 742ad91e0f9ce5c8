/**
 * The layout's promises, read off the sources: the lookup core imports nothing Pulumi and no
 * face; the emulator is free of the faces; no import cycles; small files with short headers.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const LAYERS = ["core", "provider", "sdk", "cli", "emulator", "bench"] as const;

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(rel);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [rel] : [];
  });
}

const FILES = LAYERS.flatMap((layer) => sources(layer)).sort();
const TEXT = new Map(FILES.map((file) => [file, readFileSync(path.join(ROOT, file), "utf8")]));

interface Import {
  specifier: string;
  /** false for `import type` / `export type` (erased at run time). */
  value: boolean;
}

/** The import and re-export specifiers of a file, and require() calls. */
function importsOf(text: string): Import[] {
  const out: Import[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?[^;]*?\bfrom\s+["']([^"']+)["']/gms;
  for (const m of text.matchAll(statement)) out.push({ specifier: m[3]!, value: !m[2] });
  for (const m of text.matchAll(/^\s*import\s+["']([^"']+)["']/gm))
    out.push({ specifier: m[1]!, value: true });
  for (const m of text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g))
    out.push({ specifier: m[1]!, value: true });
  for (const m of text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g))
    out.push({ specifier: m[1]!, value: true });
  return out;
}

/** A relative specifier as a source file of the repo, else undefined. */
function resolveLocal(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = path.join(path.dirname(from), specifier);
  return [`${base}.ts`, path.join(base, "index.ts")].find((file) => TEXT.has(file));
}

const layerOf = (file: string) => file.split(path.sep)[0] as (typeof LAYERS)[number];

test("the sources were found", () => {
  expect(FILES.filter((f) => layerOf(f) === "core").length).toBeGreaterThan(20);
  expect(
    importsOf('import { a } from "./b";\nimport type { C } from "../d";\nawait import("e");'),
  ).toEqual([
    { specifier: "./b", value: true },
    { specifier: "../d", value: false },
    { specifier: "e", value: true },
  ]);
});

test.each([
  ["core", ["@pulumi", "provider", "sdk", "cli", "emulator", "bench"]],
  ["emulator", ["@pulumi", "provider", "sdk", "cli", "bench"]],
  ["cli", ["@pulumi", "provider", "sdk", "bench"]],
  ["provider", ["cli", "bench"]],
  ["sdk", ["cli", "bench"]],
])("%s imports nothing from %j", (layer, forbidden) => {
  const offending = FILES.filter((file) => layerOf(file) === layer).flatMap((file) =>
    importsOf(TEXT.get(file) as string)
      .filter(({ specifier }) => {
        if (specifier.startsWith("@pulumi/")) return forbidden.includes("@pulumi");
        const target = resolveLocal(file, specifier);
        return target !== undefined && forbidden.includes(layerOf(target));
      })
      .map(({ specifier }) => `${file} -> ${specifier}`),
  );
  expect(offending).toEqual([]);
});

/** Each cycle found by a depth-first search (a back edge to a file on the current path). */
function findCycles(edges: ReadonlyMap<string, readonly string[]>): string[] {
  const state = new Map<string, "open" | "done">();
  const cycles: string[] = [];
  const visit = (file: string, trail: string[]): void => {
    state.set(file, "open");
    for (const next of edges.get(file) ?? []) {
      if (state.get(next) === "open") cycles.push([...trail, file, next].join(" -> "));
      else if (!state.has(next)) visit(next, [...trail, file]);
    }
    state.set(file, "done");
  };
  for (const file of edges.keys()) if (!state.has(file)) visit(file, []);
  return cycles;
}

test("no import cycles among value imports", () => {
  const edges = new Map(
    FILES.map((file) => [
      file,
      importsOf(TEXT.get(file) as string)
        .filter((i) => i.value)
        .map((i) => resolveLocal(file, i.specifier))
        .filter((target): target is string => target !== undefined),
    ]),
  );
  expect([...edges.values()].flat().length).toBeGreaterThan(150);
  expect(findCycles(edges)).toEqual([]);
  // the search itself finds one
  expect(
    findCycles(
      new Map([
        ["a", ["b"]],
        ["b", ["c"]],
        ["c", ["a"]],
      ]),
    ),
  ).toEqual(["a -> b -> c -> a"]);
});

test("every source file has at most 300 lines and a header of at most 5 lines", () => {
  const long = FILES.filter((f) => (TEXT.get(f) as string).trimEnd().split("\n").length > 300);
  const wordy = FILES.filter((file) => {
    const lines = (TEXT.get(file) as string).split("\n");
    if (lines[0]?.startsWith("#!")) lines.shift(); // a bin's shebang comes before the header
    if (!lines[0]?.startsWith("/**")) return false;
    const end = lines.findIndex((line) => line.includes("*/"));
    return end - 1 > 5; // the lines between `/**` and `*/`
  });
  expect({ long, wordy }).toEqual({ long: [], wordy: [] });
});
