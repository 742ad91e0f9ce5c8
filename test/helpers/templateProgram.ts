/**
 * The `pulumi new typescript` program, for type-checking what users compile: its tsconfig,
 * the TypeScript blocks of the docs turned into files (convention in docs/pulumi.md,
 * "Type-checked documentation"), and `tsc --noEmit` with the compiler the program has.
 */
import { execFile } from "node:child_process";
import { promises as fs, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);

/** The compilerOptions of the `pulumi new typescript` template, exactly. */
export const TEMPLATE_COMPILER_OPTIONS = {
  strict: true,
  outDir: "bin",
  target: "es2020",
  module: "commonjs",
  moduleResolution: "node",
  sourceMap: true,
  experimentalDecorators: true,
  pretty: true,
  noFallthroughCasesInSwitch: true,
  noImplicitReturns: true,
  forceConsistentCasingInFileNames: true,
} as const;

/** The template, and the same with node16 resolution (which needs module node16). */
export const TEMPLATE_VARIANTS = {
  node: TEMPLATE_COMPILER_OPTIONS,
  node16: { ...TEMPLATE_COMPILER_OPTIONS, module: "node16", moduleResolution: "node16" },
} as const;

/** The package name a block must import (any subpath) to be checked. */
const PACKAGE_IMPORT = /from\s+["']pulumi-alicloud-kms-secrets(\/[a-z]+)?["']/;
/** Written on the line right above a block's fence, leaves the block out. */
export const SKIP_MARKER = "<!-- tsc: skip -->";

export interface DocBlock {
  /** e.g. `README.md:65` (the line of the opening fence). */
  origin: string;
  /** The block's text. */
  code: string;
}

/** The ```ts / ```typescript blocks of a markdown file that import the package and are not skipped. */
export function docBlocks(markdownFile: string, label: string): DocBlock[] {
  const lines = readFileSync(markdownFile, "utf8").split("\n");
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)```(ts|typescript)\b/.exec(lines[i] as string);
    if (!fence) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i] as string); i++) {
      body.push((lines[i] as string).slice((fence[1] as string).length));
    }
    const code = body.join("\n");
    const skipped = start > 0 && (lines[start - 1] as string).trim() === SKIP_MARKER;
    if (!skipped && PACKAGE_IMPORT.test(code))
      blocks.push({ origin: `${label}:${start + 1}`, code });
  }
  return blocks;
}

/**
 * A block as a module: its import statements at the top, the rest inside an async function
 * (so `await` works under module commonjs), with a leading `export ` dropped from its lines.
 */
export function blockModule(block: DocBlock): string {
  const imports: string[] = [];
  const body: string[] = [];
  const lines = block.code.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (/^import\s/.test(line)) {
      let statement = line;
      while (!/;\s*(\/\/.*)?$/.test(statement) && i + 1 < lines.length) {
        statement += `\n${lines[++i] as string}`;
      }
      imports.push(statement);
    } else {
      body.push(
        line.replace(/^export\s+(?=(const|let|function|async|class|interface|type)\b)/, ""),
      );
    }
  }
  return [
    `// ${block.origin}, as type-checked (see docs/pulumi.md, "Type-checked documentation")`,
    ...imports,
    "export async function main(): Promise<void> {",
    ...body.map((line) => (line === "" ? "" : `  ${line}`)),
    "}",
    "",
  ].join("\n");
}

/** Writes the program's tsconfig.json for a variant, compiling exactly `files`. */
export async function writeTsconfig(
  dir: string,
  variant: keyof typeof TEMPLATE_VARIANTS,
  files: readonly string[],
): Promise<string> {
  const file = path.join(dir, `tsconfig.${variant}.json`);
  const config = { compilerOptions: TEMPLATE_VARIANTS[variant], files };
  await fs.writeFile(file, JSON.stringify(config, null, 2));
  return file;
}

export interface TscResult {
  /** Every `error TSnnnn` line, e.g. `examples/basic/index.ts(3,1): error TS2307: ...`. */
  errors: string[];
  output: string;
}

/** Runs the program's own `tsc --noEmit -p <tsconfig>` (plain output, one line per error). */
export async function runTsc(dir: string, tsconfig: string): Promise<TscResult> {
  const tsc = path.join(dir, "node_modules/typescript/bin/tsc");
  const args = [tsc, "--noEmit", "--pretty", "false", "-p", tsconfig];
  let output: string;
  try {
    const result = await exec(process.execPath, args, { cwd: dir, maxBuffer: 64 << 20 });
    output = result.stdout + result.stderr;
  } catch (err) {
    const failed = err as { stdout?: string; stderr?: string };
    output = (failed.stdout ?? "") + (failed.stderr ?? "");
  }
  const errors = output.split("\n").filter((line) => /error TS\d+/.test(line));
  return { errors, output };
}
