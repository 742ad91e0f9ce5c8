/** The set-up of the drop-in invoke tests: one emulator with DROPIN_SEED, Pulumi mocks over it. */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { clearLookupMemo } from "../../sdk/lookupMemo";
import { DROPIN_SEED } from "./dropinSeed";
import { emulatorStackConfig, setPulumiMocks, testAccessKey } from "./pulumiMocks";

/** What a test file gets from `useDropinEmulator` (valid inside tests and hooks). */
export interface DropinEmulator {
  key: ReturnType<typeof testAccessKey>;
  readonly emulator: EmulatorHandle;
  /** A temp dir of the file's own, removed after its tests. */
  readonly dir: string;
  /** Requests by API action since this test began. */
  requests(): Record<string, number>;
}

/**
 * Registers the file's hooks: the emulator and temp dir for all its tests; before each, fresh
 * mocks over the emulator's stack config, an empty lookup memo, zeroed stats, pulumi.log quiet.
 */
export function useDropinEmulator(): DropinEmulator {
  const key = testAccessKey();
  let emulator: EmulatorHandle | undefined;
  let dir: string | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("useDropinEmulator: used outside a test");
    return value;
  };
  beforeAll(async () => {
    emulator = await startEmulator({ seed: DROPIN_SEED, accessKeys: [key] });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "kms-dropin-unit-"));
  });
  beforeEach(async () => {
    jest.spyOn(pulumi.log, "info").mockResolvedValue(undefined);
    await setPulumiMocks(emulatorStackConfig(started(emulator), key));
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
    get dir() {
      return started(dir);
    },
    requests: () => started(emulator).stats().requestsByAction,
  };
}
