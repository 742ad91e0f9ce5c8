/**
 * What every CLI test needs, in-process or as a child process: made-up keys and the
 * environment that hands them over, emulator flags, and a hermetic environment (an empty
 * HOME, so no ~/.aliyun or ~/.alibabacloud; the ECS metadata probe off).
 */
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  startEmulator,
  type EmulatorAccessKey,
  type EmulatorHandle,
  type EmulatorOptions,
} from "../../emulator";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Variables to add to the hermetic environment; `undefined` removes one. */
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

/** An empty home directory, one per test file. */
export function hermeticHome(): Promise<string> {
  emptyHome ??= fs.mkdtemp(path.join(os.tmpdir(), "kms-cli-home-"));
  return emptyHome;
}

/** The whole environment of a hermetic run: nothing inherited but PATH, plus `env`. */
export function hermeticEnv(home: string, env: CliEnv = {}): Record<string, string> {
  const result: CliEnv = {
    PATH: process.env.PATH,
    HOME: home,
    USERPROFILE: home,
    ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
  };
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete result[name];
    else result[name] = value;
  }
  return Object.fromEntries(
    Object.entries(result).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
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

/** What a CLI test file gets from `useCliEmulator` (valid inside tests and hooks). */
export interface CliEmulator {
  readonly emulator: EmulatorHandle;
  /** `--region R --endpoint E` for the emulator. */
  readonly flags: string[];
  /** A temp dir of the file's own, removed after its tests. */
  readonly dir: string;
}

/** Registers hooks that start one emulator and a temp dir (`dirPrefix`) for a file's tests. */
export function useCliEmulator(options: EmulatorOptions, dirPrefix: string): CliEmulator {
  let emulator: EmulatorHandle | undefined;
  let dir: string | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("useCliEmulator: used outside a test");
    return value;
  };
  beforeAll(async () => {
    emulator = await startEmulator(options);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), dirPrefix));
  });
  afterAll(async () => {
    await emulator?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });
  return {
    get emulator() {
      return started(emulator);
    },
    get flags() {
      return emulatorFlags(started(emulator));
    },
    get dir() {
      return started(dir);
    },
  };
}
