/**
 * Installs the npm-packed package into a scratch program without the registry: `npm pack`,
 * unpack the tarball into node_modules as npm would, and link each dependency the program needs
 * from an installed node_modules (the repo's, or KMS_SECRETS_PULUMI_NODE_MODULES for @pulumi/*).
 */
import { execFile } from "node:child_process";
import { existsSync, promises as fs, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "./builtDist";

const exec = promisify(execFile);
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
export { REPO_ROOT };
export const PACKAGE_NAME = "pulumi-alicloud-kms-secrets";

/**
 * A node_modules directory holding the `@pulumi/pulumi` to test with (CI's Node 22 leg sets
 * it to the newest release's install); default: the repo's own node_modules.
 */
export const PULUMI_NODE_MODULES_ENV = "KMS_SECRETS_PULUMI_NODE_MODULES";

/** Where `@pulumi/<name>` packages come from: the env var's node_modules, else the repo's. */
export function pulumiNodeModules(): string {
  return process.env[PULUMI_NODE_MODULES_ENV] || path.join(REPO_ROOT, "node_modules");
}

/** The version of the @pulumi/pulumi the tests run with. */
export function pulumiVersion(): string {
  const manifest = path.join(pulumiNodeModules(), "@pulumi/pulumi/package.json");
  return (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
}

/** `npm pack`s the repo (dist/ must be built) into `destination`; returns the tarball's path. */
export async function packPackage(destination: string, root = REPO_ROOT): Promise<string> {
  const packed = await exec(
    NPM,
    ["pack", "--ignore-scripts", "--json", "--pack-destination", destination],
    { cwd: root, maxBuffer: 16 << 20, env: { ...process.env, npm_config_offline: "true" } },
  );
  const report = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as {
    filename: string;
  }[];
  const tarball = report[0]?.filename;
  if (!tarball) throw new Error(`npm pack reported no tarball: ${packed.stdout}`);
  return path.join(destination, path.basename(tarball));
}

export interface PackedProgram {
  /** The scratch program's directory (its node_modules holds the package). */
  dir: string;
  tarball: string;
  remove(): Promise<void>;
}

/**
 * A scratch program with the packed package installed, plus links to `extra` packages
 * (e.g. `typescript`, `@types/node`, `@pulumi/alicloud`) from the repo's node_modules.
 * The package's own dependencies and @pulumi/pulumi are always linked.
 */
export async function packedProgram(
  options: { extra?: readonly string[]; root?: string; prefix?: string } = {},
): Promise<PackedProgram> {
  const root = options.root ?? REPO_ROOT;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), options.prefix ?? "kms-secrets-program-"));
  const tarball = await packPackage(dir, root);
  const installed = path.join(dir, "node_modules", PACKAGE_NAME);
  await fs.mkdir(installed, { recursive: true });
  await exec("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"]);
  const manifest = JSON.parse(await fs.readFile(path.join(installed, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
  };
  const wanted = [
    ...Object.keys(manifest.dependencies ?? {}),
    "@pulumi/pulumi",
    ...(options.extra ?? []),
  ];
  for (const name of [...new Set(wanted)]) {
    // @pulumi/* from the chosen Pulumi install when it has them (one @pulumi/pulumi for all)
    const candidates = [
      ...(name.startsWith("@pulumi/") ? [pulumiNodeModules()] : []),
      path.join(root, "node_modules"),
    ];
    const source = candidates.map((from) => path.join(from, name)).find((p) => existsSync(p));
    if (source === undefined)
      throw new Error(`${name} is not installed in ${candidates.join(" or ")}`);
    const target = path.join(dir, "node_modules", name);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.symlink(source, target, "dir");
  }
  await fs.writeFile(
    path.join(dir, "package.json"),
    JSON.stringify(
      { name: "kms-secrets-scratch-program", private: true, main: "index.ts" },
      null,
      2,
    ),
  );
  return { dir, tarball, remove: () => fs.rm(dir, { recursive: true, force: true }) };
}
