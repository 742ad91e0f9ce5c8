/**
 * What a user compiles, compiled as they would: the npm-packed package installed (offline) in a
 * program with the `pulumi new typescript` tsconfig (and a node16 variant), then `tsc --noEmit`
 * over every TypeScript block of README.md and docs/*.md that imports the package, and every example.
 */
import { existsSync, promises as fs, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  packedProgram,
  pulumiVersion,
  REPO_ROOT,
  type PackedProgram,
} from "./helpers/packedInstall";
import { ensureBuilt } from "./helpers/builtDist";
import { peerCheckFiles } from "./helpers/peerProgram";
import {
  blockModule,
  docBlocks,
  runTsc,
  TEMPLATE_COMPILER_OPTIONS,
  TEMPLATE_VARIANTS,
  writeTsconfig,
  type DocBlock,
  type TscResult,
} from "./helpers/templateProgram";

jest.setTimeout(180_000);

const EXAMPLES_DIR = path.join(REPO_ROOT, "examples");
const EXAMPLES = readdirSync(EXAMPLES_DIR).filter((name) =>
  existsSync(path.join(EXAMPLES_DIR, name, "index.ts")),
);

function markdownFiles(): { file: string; label: string }[] {
  const docs = path.join(REPO_ROOT, "docs");
  const inDocs = existsSync(docs)
    ? readdirSync(docs)
        .filter((f) => f.endsWith(".md"))
        .sort()
        .map((f) => ({ file: path.join(docs, f), label: `docs/${f}` }))
    : [];
  return [{ file: path.join(REPO_ROOT, "README.md"), label: "README.md" }, ...inDocs];
}

const BLOCKS: DocBlock[] = markdownFiles().flatMap(({ file, label }) => docBlocks(file, label));

/** Packages an example's package.json names, besides this one. */
function exampleDependencies(name: string): string[] {
  const manifest = path.join(EXAMPLES_DIR, name, "package.json");
  if (!existsSync(manifest)) return [];
  const parsed = JSON.parse(readFileSync(manifest, "utf8")) as {
    dependencies?: Record<string, string>;
  };
  return Object.keys(parsed.dependencies ?? {}).filter((d) => d !== "pulumi-alicloud-kms-secrets");
}

/**
 * Subpath imports (which must resolve under both resolutions), and misuses that must not
 * compile: an unused `@ts-expect-error` is itself an error, so the check cannot pass vacuously.
 */
const PROBE = `import { listSecrets, type Secret } from "pulumi-alicloud-kms-secrets/core";
import { startEmulator, type SeedSecret } from "pulumi-alicloud-kms-secrets/emulator";
import { getSecretsOutput, type GetSecretsResult, type SecretType } from "pulumi-alicloud-kms-secrets";
const type: SecretType = "Rds";
const other: SecretType = "SomeFutureType";
// @ts-expect-error filters.secretType takes a list
getSecretsOutput({ filters: { secretType: "Rds" } });
// @ts-expect-error plannedDeleteTime is optional (only when deletion is scheduled)
export const planned = (r: GetSecretsResult): string => r.secrets[0]!.plannedDeleteTime;
// @ts-expect-error not an argument
listSecrets({ nameRegexp: "^prod/" });
export const used = [startEmulator, type, other];
export type Used = [Secret, SeedSecret];
`;

const PEER_FILES = peerCheckFiles();
/** The errors of a compilation in `file`. */
const errorsIn = (errors: readonly string[], file: string) =>
  errors.filter((line) => line.startsWith(`${file}(`));
const CONTROLS = PEER_FILES.filter((f) => f.mustFail !== undefined).map((f) => f.file);

type Variant = keyof typeof TEMPLATE_VARIANTS;
let program: PackedProgram;
/** Each variant's compilation, started together in beforeAll (tsc is single-threaded). */
const compiled = new Map<Variant, Promise<TscResult>>();

beforeAll(async () => {
  await ensureBuilt();
  const extra = ["typescript", "@types/node", ...EXAMPLES.flatMap(exampleDependencies)];
  program = await packedProgram({ extra, prefix: "kms-secrets-template-" });
  const files: string[] = [];
  /** Examples depending on @pulumi/alicloud: its declarations take most of a compilation. */
  const heavy = new Set<string>();
  for (const name of EXAMPLES) {
    const target = path.join(program.dir, "examples", name);
    await fs.mkdir(target, { recursive: true });
    for (const file of readdirSync(path.join(EXAMPLES_DIR, name))) {
      if (!file.endsWith(".ts")) continue;
      await fs.copyFile(path.join(EXAMPLES_DIR, name, file), path.join(target, file));
      files.push(`examples/${name}/${file}`);
      if (exampleDependencies(name).includes("@pulumi/alicloud"))
        heavy.add(`examples/${name}/${file}`);
    }
  }
  await fs.writeFile(path.join(program.dir, "probe.ts"), PROBE);
  files.push("probe.ts");
  await fs.mkdir(path.join(program.dir, "docs"));
  for (const block of BLOCKS) {
    const file = `docs/${block.origin.replace(/[/:]/g, "_")}.ts`;
    await fs.writeFile(path.join(program.dir, file), blockModule(block));
    files.push(file);
  }
  // The drop-in promise against the real @pulumi/alicloud declarations (test/helpers/peerProgram.ts)
  await fs.mkdir(path.join(program.dir, "peer"));
  for (const { file, text } of PEER_FILES) {
    await fs.writeFile(path.join(program.dir, file), text);
    files.push(file);
    heavy.add(file);
  }
  // The template compiles everything; the node16 variant (resolution) leaves out @pulumi/alicloud.
  const node = await writeTsconfig(program.dir, "node", files);
  const node16 = await writeTsconfig(
    program.dir,
    "node16",
    files.filter((f) => !heavy.has(f)),
  );
  compiled.set("node", runTsc(program.dir, node));
  compiled.set("node16", runTsc(program.dir, node16));
  await Promise.all(compiled.values());
});

afterAll(async () => {
  await program?.remove();
});

test("the Pulumi tests run with the @pulumi/pulumi chosen (KMS_SECRETS_PULUMI_NODE_MODULES, else the repo's)", () => {
  // jest maps @pulumi/pulumi to the chosen install, so this is what every Pulumi test loads
  const loaded = require("@pulumi/pulumi/package.json") as { version: string };
  expect(loaded.version).toBe(pulumiVersion());
});

test("the docs have TypeScript blocks that import the package, and there are examples", () => {
  expect(BLOCKS.map((b) => b.origin)).toContainEqual(expect.stringMatching(/^README\.md:/));
  expect(EXAMPLES.length).toBeGreaterThanOrEqual(4);
});

test.each(Object.keys(TEMPLATE_VARIANTS) as Variant[])(
  "README, docs and examples compile with the template tsconfig (moduleResolution %s)",
  async (variant) => {
    const compilation = await (compiled.get(variant) as Promise<TscResult>);
    const errors = compilation.errors.filter((line) => !CONTROLS.some((c) => line.startsWith(c)));
    if (errors.length > 0) console.error(compilation.output);
    expect(errors).toEqual([]);
  },
);

test("a program written for @pulumi/alicloud compiles with only its import changed, and our kms types equal the peer's field for field", async () => {
  const { errors } = await (compiled.get("node") as Promise<TscResult>);
  for (const { file, mustFail } of PEER_FILES) {
    const own = errorsIn(errors, file);
    // the controls must fail, as the check would if the drop-in drifted from the peer
    if (mustFail)
      expect({ file, failed: own.some((e) => mustFail.test(e)) }).toEqual({ file, failed: true });
    else expect({ file, errors: own }).toEqual({ file, errors: [] });
  }
});

test.each(EXAMPLES)("examples/%s is a project with the template tsconfig", (name) => {
  const dir = path.join(EXAMPLES_DIR, name);
  const tsconfig = JSON.parse(readFileSync(path.join(dir, "tsconfig.json"), "utf8")) as {
    compilerOptions: unknown;
    files: string[];
  };
  expect(tsconfig.compilerOptions).toEqual(TEMPLATE_COMPILER_OPTIONS);
  expect(tsconfig.files).toEqual(["index.ts"]);
  const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as {
    main?: string;
    dependencies: Record<string, string>;
  };
  expect(manifest.dependencies).toHaveProperty("pulumi-alicloud-kms-secrets");
  expect(manifest.dependencies).toHaveProperty("@pulumi/pulumi");
});
