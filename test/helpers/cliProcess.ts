/**
 * Runs the BUILT `kms-secrets` (node dist/cli/main.js) as a child process, the way a pipeline
 * does, in the hermetic environment of cliEnv.ts; dist/ is rebuilt first when stale. Only for
 * what needs a real process (the bin, pipes, the demo); everything else: cliInProcess.ts.
 */
import { execFile, spawn } from "node:child_process";
import * as path from "node:path";
import { ensureBuilt } from "./builtDist";
import { hermeticEnv, hermeticHome, type CliEnv, type CliRun } from "./cliEnv";

export const BUILT_CLI = path.resolve(__dirname, "..", "..", "dist", "cli", "main.js");

/** The built CLI's path, after making sure dist/ is up to date. */
export async function builtCli(): Promise<string> {
  await ensureBuilt();
  return BUILT_CLI;
}

export async function runBuiltCli(args: readonly string[], env: CliEnv = {}): Promise<CliRun> {
  const cli = await builtCli();
  const childEnv = hermeticEnv(await hermeticHome(), env);
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { env: childEnv, timeout: 30_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") {
          reject(new Error(`could not run the CLI: ${error.message}\n${stderr}`));
          return;
        }
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

/** Runs the built CLI and stops reading its stdout after the first chunk, like `| head -c 1`. */
export async function runCliClosingStdout(args: readonly string[], env: CliEnv): Promise<CliRun> {
  const cli = await builtCli();
  const childEnv = hermeticEnv(await hermeticHome(), env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: childEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.once("data", (chunk: Buffer) => {
      stdout = chunk.toString("utf8");
      child.stdout.destroy();
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
