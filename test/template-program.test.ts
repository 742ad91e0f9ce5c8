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
    const { errors, output } = await (compiled.get(variant) as Promise<TscResult>);
    if (errors.length > 0) console.error(output);
    expect(errors).toEqual([]);
  },
);

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
