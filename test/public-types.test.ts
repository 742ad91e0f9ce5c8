/**
 * The published declaration files reachable from the entry points name no dependency's
 * types: zod's and @alicloud's .d.ts fail under the `pulumi new typescript` tsconfig (no
 * esModuleInterop, no skipLibCheck). Reads dist/ (rebuilt first if a source is newer).
 */
import { join } from "node:path";
import { ensureBuilt } from "./helpers/builtDist";
import { declarationGraph } from "./helpers/declarationGraph";

beforeAll(() => ensureBuilt(), 120_000);

const ROOT = join(__dirname, "..");
const ENTRIES = ["dist/sdk/index.d.ts", "dist/core/index.d.ts", "dist/emulator/index.d.ts"];

test("the entries with types are exactly these; the internal ./provider entry publishes none", () => {
  const manifest = require("../package.json") as {
    exports: Record<string, string | { types?: string }>;
    typesVersions: Record<string, Record<string, string[]>>;
  };
  const typed = Object.values(manifest.exports)
    .map((entry) => (typeof entry === "object" ? entry.types : undefined))
    .filter((types): types is string => types !== undefined)
    .map((types) => types.replace(/^\.\//, ""));
  expect(typed.sort()).toEqual([...ENTRIES].sort());
  expect(Object.keys(manifest.typesVersions["*"] ?? {}).sort()).toEqual(["core", "emulator"]);
});
/** What a published declaration may import besides its own files. */
const ALLOWED = new Set(["@pulumi/pulumi"]);

test("public declarations import only node built-ins and @pulumi/pulumi", () => {
  const { files, foreign } = declarationGraph(ROOT, ENTRIES);
  expect(files.length).toBeGreaterThan(ENTRIES.length);
  const offending = foreign.filter(
    (f) => !f.specifier.startsWith("node:") && !ALLOWED.has(f.specifier),
  );
  expect(offending).toEqual([]);
});

test.each(["dist/core/index.d.ts", "dist/emulator/index.d.ts"])(
  "%s and what it reaches name no @pulumi/pulumi (the Pulumi-free faces)",
  (entry) => {
    const { foreign } = declarationGraph(ROOT, [entry]);
    expect(foreign.filter((f) => f.specifier.startsWith("@pulumi/"))).toEqual([]);
  },
);
