/**
 * The built bin (`node dist/cli/main.js`, rebuilt first when stale) as a pipeline runs it:
 * its output matches the in-process run, and a pipe whose reader leaves early (`| head`)
 * never changes the exit code. Every other CLI case runs in-process.
 */
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../emulator";
import type { GetSecretsResult } from "../core/result";
import { formatJson } from "../cli/format/canonical";
import { secret } from "./helpers/cliFixtures";
import { credentialEnv, emulatorFlags, testAccessKey } from "./helpers/cliEnv";
import { runCli } from "./helpers/cliInProcess";
import { ensureBuilt } from "./helpers/builtDist";
import { builtCli, runBuiltCli, runCliClosingStdout } from "./helpers/cliProcess";

// a stale dist/ is rebuilt first, which can take longer than a test
beforeAll(() => ensureBuilt(), 180_000);

const key = testAccessKey();
const env = credentialEnv(key);

/**
 * Runs the built CLI as `kms-secrets ARGS | head -c 100` in bash with pipefail: a real
 * pipe (not the socket pair child_process uses), closed by a reader that leaves early.
 * The code is the CLI's own exit code.
 */
async function runCliIntoHead(
  args: readonly string[],
  home: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const cli = await builtCli();
  const quoted = [process.execPath, cli, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`);
  const script = `set -o pipefail; ${quoted.join(" ")} | head -c 100`;
  return new Promise((resolve, reject) => {
    execFile(
      "bash",
      ["-c", script],
      {
        env: {
          PATH: process.env.PATH,
          HOME: home,
          ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
          ...env,
        },
        timeout: 30_000,
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") return reject(error);
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

describe("the built bin", () => {
  let emulator: EmulatorHandle;
  beforeAll(async () => {
    emulator = await startEmulator({ accessKeys: [key], demo: 50 });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  test("--version, and a listing the same as the in-process run's", async () => {
    const args = ["list", ...emulatorFlags(emulator), "--fetch-tags", "--output", "json"];
    const [version, bin, inProcess] = await Promise.all([
      runBuiltCli(["--version"]),
      runBuiltCli(args, env),
      runCli(args, env),
    ]);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect(bin).toEqual({ code: 0, stdout: inProcess.stdout, stderr: "" });
    expect(JSON.parse(bin.stdout).names).toHaveLength(50);
  });

  test("a reader that stops early (| head) ends the run quietly, exit 0", async () => {
    // more output than a pipe buffer holds, so the CLI is still writing when the reader leaves
    const big = await startEmulator({ accessKeys: [key], demo: 1000 });
    try {
      const args = ["list", ...emulatorFlags(big), "--fetch-tags", "--output", "json"];
      const run = await runCliClosingStdout(args, env);
      expect(run.stdout.length).toBeGreaterThan(0);
      expect(run).toMatchObject({ code: 0, stderr: "" });
    } finally {
      await big.close();
    }
  });
});

describe("drift with a reader that leaves early (| head)", () => {
  let emulator: EmulatorHandle;
  let dir: string;

  beforeAll(async () => {
    emulator = await startEmulator({ accessKeys: [key], demo: 1500 });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "kms-epipe-"));
  });

  afterAll(async () => {
    await emulator?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  test("--write-baseline still reports the drift (exit 1) and replaces the baseline", async () => {
    // A baseline whose secrets are all gone: the report (1500 added, 1500 removed) is
    // larger than a pipe buffer, so the CLI is still writing when the reader leaves.
    const secrets = Array.from({ length: 1500 }, (_, i) =>
      secret(`gone/secret-${String(i).padStart(5, "0")}`),
    );
    const names = secrets.map((s) => s.secretName);
    const baseline: GetSecretsResult = {
      id: "0000000000000000",
      region: emulator.region,
      ids: names,
      names,
      secrets,
    };
    const file = path.join(dir, "baseline.json");
    await fs.writeFile(file, formatJson(baseline));

    const run = await runCliIntoHead(
      [
        "drift",
        ...emulatorFlags(emulator),
        "--max-rps",
        "1000",
        "--baseline",
        file,
        "--write-baseline",
      ],
      dir,
    );

    expect(run.stdout.length).toBeGreaterThan(0);
    expect(run.code).toBe(1); // drift was found: a closed pipe must not turn it into 0
    const written = JSON.parse(await fs.readFile(file, "utf8")) as GetSecretsResult;
    expect(written.secrets).toHaveLength(1500);
    expect(written.names).not.toContain("gone/secret-00000");
    expect((await fs.readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(run.stderr).not.toContain(key.accessKeySecret);
    expect(run.stderr).not.toContain(key.securityToken);
  });
});
