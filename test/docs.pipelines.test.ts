/**
 * The CI recipes of docs/pipelines.md, extracted from the doc (not copied) and run with
 * `bash -e` against the emulator: exit codes and files as the doc says.
 */
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../emulator";
import { ensureBuilt } from "./helpers/builtDist";
import { BUILT_CLI } from "./helpers/cliProcess";
import { stsKey } from "./helpers/coreEmulator";

const key = stsKey();
let emu: EmulatorHandle;
let dir: string;

function recipe(doc: string, name: string): string {
  const match = new RegExp(`<!-- recipe: ${name} -->\\s*\`\`\`bash\\n([\\s\\S]*?)\`\`\``).exec(doc);
  if (!match?.[1]) throw new Error(`no recipe ${name} in docs/pipelines.md`);
  return match[1];
}

function bash(
  script: string,
  env: Record<string, string>,
): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile("bash", ["-e", "-c", script], { cwd: dir, env, timeout: 30_000 }, (err, stdout) =>
      resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout }),
    );
  });
}

beforeAll(async () => {
  await ensureBuilt(); // the recipes run the built bin
  emu = await startEmulator({ accessKeys: [key], seed: [{ SecretName: "prod/db" }] });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "kms-recipes-"));
  // `kms-secrets` on PATH: the built bin, pointed at the emulator
  const bin = path.join(dir, "bin");
  await fs.mkdir(bin);
  await fs.writeFile(
    path.join(bin, "kms-secrets"),
    `#!/bin/sh\nexec "${process.execPath}" "${BUILT_CLI}" "$@" --endpoint "${emu.endpoint}"\n`,
    { mode: 0o755 },
  );
}, 120_000);
afterAll(async () => {
  await emu?.close();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

test("each recipe runs under bash -e and behaves as documented", async () => {
  const doc = await fs.readFile(path.join(__dirname, "..", "docs", "pipelines.md"), "utf8");
  const env = {
    PATH: `${path.join(dir, "bin")}:${process.env.PATH ?? ""}`,
    HOME: dir,
    ALIBABA_CLOUD_ACCESS_KEY_ID: key.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.accessKeySecret,
    ALIBABA_CLOUD_SECURITY_TOKEN: key.securityToken,
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
  };
  const take = /```sh\n(kms-secrets drift --region[\s\S]*?)```/.exec(doc)?.[1] ?? "";
  expect((await bash(take.replace("cn-hangzhou,cn-shanghai", emu.region), env)).code).toBe(0);

  const github = await bash(recipe(doc, "github"), {
    ...env,
    GITHUB_STEP_SUMMARY: path.join(dir, "summary.md"),
  });
  expect(github).toEqual({ code: 0, stdout: expect.stringContaining("drift exit code: 0") });
  emu.putSecret({ SecretName: "prod/new" });
  const drifted = await bash(recipe(doc, "github"), env);
  expect(drifted.code).toBe(0); // drift is annotated, the step goes on
  expect(drifted.stdout).toContain("::error title=KMS drift%3A prod/new::");
  expect(drifted.stdout).toContain("drift exit code: 1");

  const gitlab = await bash(recipe(doc, "gitlab"), env);
  expect(gitlab.code).toBe(1);
  expect(await fs.readFile(path.join(dir, "drift-junit.xml"), "utf8")).toMatch(/^<\?xml/);

  const plain = await bash(recipe(doc, "bash"), env);
  expect(plain.code).toBe(0);
  expect(plain.stdout).toMatch(/^drift: /);
  expect(JSON.parse(await fs.readFile(path.join(dir, "report.json"), "utf8")).added).toEqual([
    "prod/new",
  ]);
  // the old README way aborts under bash -e before `case` runs
  const old = await bash(
    "kms-secrets drift --baseline kms-baseline.json > report.json; case $? in 1) echo handled;; esac",
    env,
  );
  expect(old.code).toBe(1);
  expect(old.stdout).toBe("");
});
