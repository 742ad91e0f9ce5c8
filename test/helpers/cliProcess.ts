/**
 * Runs the BUILT `kms-secrets` (node dist/cli/main.js) as a child process, the way a
 * pipeline does, with a hermetic environment: an empty HOME (no ~/.aliyun or
 * ~/.alibabacloud), no inherited Alibaba Cloud variables, the ECS metadata probe off.
 */
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import type { EmulatorAccessKey, EmulatorHandle } from "../../emulator";

export const BUILT_CLI = path.resolve(__dirname, "..", "..", "dist", "cli", "main.js");

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export type CliEnv = Record<string, string | undefined>;

/** A made-up STS key for tests: nothing that looks like a real key. */
export function testAccessKey(): Required<EmulatorAccessKey> {
  return {
    accessKeyId: `testkey-${randomBytes(6).toString("hex")}`,
    accessKeySecret: `testsecret-${randomBytes(12).toString("hex")}`,
    securityToken: `teststs-${randomBytes(16).toString("hex")}`,
  };
}

/** The environment variables that hand `key` to the CLI. */
export function credentialEnv(key: EmulatorAccessKey): CliEnv {
  return {
    ALIBABA_CLOUD_ACCESS_KEY_ID: key.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.accessKeySecret,
    ...(key.securityToken ? { ALIBABA_CLOUD_SECURITY_TOKEN: key.securityToken } : {}),
  };
}

/** `--region R --endpoint E` for an emulator. */
export function emulatorFlags(emulator: Pick<EmulatorHandle, "endpoint" | "region">): string[] {
  return ["--region", emulator.region, "--endpoint", emulator.endpoint];
}

let emptyHome: Promise<string> | undefined;
function hermeticHome(): Promise<string> {
  emptyHome ??= fs.mkdtemp(path.join(os.tmpdir(), "kms-cli-home-"));
  return emptyHome;
}

export async function runCli(args: readonly string[], env: CliEnv = {}): Promise<CliRun> {
  const home = await hermeticHome();
  const childEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    USERPROFILE: home,
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
  };
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[name];
    else childEnv[name] = value;
  }
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BUILT_CLI, ...args],
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

/** A port on 127.0.0.1 that nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  const net = await import("node:net");
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Runs the CLI and stops reading its stdout after the first chunk, like `| head -c 1`. */
export async function runCliClosingStdout(args: readonly string[], env: CliEnv): Promise<CliRun> {
  const { spawn } = await import("node:child_process");
  const home = await hermeticHome();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUILT_CLI, ...args], {
      env: {
        PATH: process.env.PATH,
        HOME: home,
        ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
        ...env,
      },
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
