/**
 * Runs `kms-secrets ARGS` inside the test process through cli/run.ts (the TypeScript
 * sources, so never a stale dist/): stdout and stderr captured, the exit code returned,
 * and a hermetic environment injected as the CLI's env, not taken from process.env.
 */
import { runCli as runCliWithIo } from "../../cli/run";
import { hermeticEnv, hermeticHome, type CliEnv, type CliRun } from "./cliEnv";

/**
 * What libraries read from process.env behind the injected env: @alicloud/credentials
 * reads ALIBABA_CLOUD_* itself (e.g. ALIBABA_CLOUD_CREDENTIALS_FILE), and the home directory
 * comes from os.homedir(). While any run is in flight, process.env has no Alibaba Cloud
 * variables and HOME is the empty test home; the last run to end restores it.
 */
const SHELL_CREDENTIALS = /^(ALIBABA_CLOUD_|ALIBABACLOUD_|ALICLOUD_)/;
let inFlight = 0;
let saved: Record<string, string | undefined> = {};

function isolateProcessEnv(home: string): () => void {
  if (inFlight++ === 0) {
    saved = {};
    for (const name of Object.keys(process.env)) {
      if (SHELL_CREDENTIALS.test(name)) saved[name] = process.env[name];
    }
    for (const name of ["HOME", "USERPROFILE"]) saved[name] = process.env[name];
    for (const name of Object.keys(saved)) delete process.env[name];
    process.env.HOME = home;
    process.env.USERPROFILE = home;
  }
  return () => {
    if (--inFlight > 0) return;
    delete process.env.HOME;
    delete process.env.USERPROFILE;
    for (const [name, value] of Object.entries(saved)) {
      if (value !== undefined) process.env[name] = value;
    }
  };
}

export interface InProcessOptions {
  /** Pretend stdout and stderr are a terminal (colors, progress line). */
  tty?: boolean;
}

/** `kms-secrets ARGS` with `env` added to the hermetic environment. */
export async function runCli(
  args: readonly string[],
  env: CliEnv = {},
  options: InProcessOptions = {},
): Promise<CliRun> {
  const home = await hermeticHome();
  const stdout: string[] = [];
  const stderr: string[] = [];
  const tty = options.tty ?? false;
  const restore = isolateProcessEnv(home);
  try {
    const code = await runCliWithIo(args, {
      stdout: { write: (chunk: string) => stdout.push(chunk), isTTY: tty },
      stderr: { write: (chunk: string) => stderr.push(chunk), isTTY: tty },
      env: hermeticEnv(home, env),
    });
    return { code, stdout: stdout.join(""), stderr: stderr.join("") };
  } finally {
    restore();
  }
}
