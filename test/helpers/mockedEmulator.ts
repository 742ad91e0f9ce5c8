/** The set-up of Pulumi-mock tests: one emulator per file, and fresh mocks over it before each test. */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
  startEmulator,
  type EmulatorAccessKey,
  type EmulatorHandle,
  type SeedSecret,
} from "../../emulator";
import { clearLookupMemo } from "../../sdk/lookupMemo";
import {
  emulatorStackConfig,
  setPulumiMocks,
  testAccessKey,
  type MockRecorder,
} from "./pulumiMocks";

/** What a test file gets from `useMockedEmulator` (valid inside tests and hooks). */
export interface MockedEmulator {
  /** The key of the stack config. */
  key: Required<EmulatorAccessKey>;
  readonly emulator: EmulatorHandle;
  /** The stack config pointing at the emulator with `key`. */
  readonly config: Record<string, string>;
  /** This test's registrations. */
  readonly recorder: MockRecorder;
  /** A temp dir of the file's own, removed after its tests. */
  readonly dir: string;
  /** Requests by API action since this test began. */
  requests(): Record<string, number>;
}

/**
 * Registers the file's hooks: the emulator (`seed`, `key` and `otherKeys`) and a temp dir for all
 * its tests; before each, fresh mocks over the stack config, an empty lookup memo, zeroed stats
 * and a quiet pulumi.log.
 */
export function useMockedEmulator(options: {
  seed: SeedSecret[];
  key?: Required<EmulatorAccessKey>;
  otherKeys?: EmulatorAccessKey[];
}): MockedEmulator {
  const key = options.key ?? testAccessKey();
  let emulator: EmulatorHandle | undefined;
  let config: Record<string, string> | undefined;
  let recorder: MockRecorder | undefined;
  let dir: string | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("useMockedEmulator: used outside a test");
    return value;
  };
  beforeAll(async () => {
    emulator = await startEmulator({
      seed: options.seed,
      accessKeys: [key, ...(options.otherKeys ?? [])],
    });
    config = emulatorStackConfig(emulator, key);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "kms-mocked-"));
  });
  beforeEach(async () => {
    // Under mocks pulumi.log prints to the console; keep the test output readable.
    jest.spyOn(pulumi.log, "info").mockResolvedValue(undefined);
    recorder = await setPulumiMocks(started(config));
    clearLookupMemo();
    started(emulator).resetStats();
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    if (dir !== undefined) await fs.rm(dir, { recursive: true, force: true });
    await emulator?.close();
  });
  return {
    key,
    get emulator() {
      return started(emulator);
    },
    get config() {
      return started(config);
    },
    get recorder() {
      return started(recorder);
    },
    get dir() {
      return started(dir);
    },
    requests: () => started(emulator).stats().requestsByAction,
  };
}
