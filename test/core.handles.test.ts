/** No open handle keeps the process alive after a lookup ends (also with stalled responses in flight). */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmulator } from "../emulator";
import { childScript } from "./helpers/coreChild";
import { keyEnv, seedSecrets, stsKey } from "./helpers/coreEmulator";

interface ChildRun {
  code: number | null;
  signal: string | null;
  stdout: string;
}

test("a process that ran lookups (with stalls and an early break) exits on its own", async () => {
  // Stalled answers are held for a minute: a socket we failed to close would keep the child alive.
  const key = stsKey();
  const emu = await startEmulator({
    accessKeys: [key],
    seed: seedSecrets(300),
    faults: { stallRate: 0.2, stallMs: 60_000 },
  });
  // B answers its first request (page 1), then stalls every other one
  let draws = 0;
  const stalling = await startEmulator({
    accessKeys: [key],
    seed: seedSecrets(300),
    faults: { stallRate: 0.5, stallMs: 60_000, random: () => (draws++ < 1 ? 0.99 : 0) },
  });
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "kms-core-child-"));
  try {
    const result = await new Promise<ChildRun>((resolve) => {
      execFile(
        process.execPath,
        ["-e", childScript()],
        {
          cwd: path.join(__dirname, ".."),
          timeout: 20_000,
          env: {
            PATH: process.env.PATH,
            HOME: home,
            TEST_REGION: emu.region,
            TEST_ENDPOINT_A: emu.endpoint,
            TEST_ENDPOINT_B: stalling.endpoint,
            ...keyEnv(key),
          },
        },
        (err, stdout) => {
          const e = err as (Error & { code?: number; signal?: string }) | null;
          const code = e ? (typeof e.code === "number" ? e.code : -1) : 0;
          resolve({ code, signal: e?.signal ?? null, stdout });
        },
      );
    });
    expect(result.signal).toBeNull(); // not killed by the timeout
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ names: 300, firstPage: 10 });
    expect(emu.stats().faultsInjected["stall"] ?? 0).toBeGreaterThan(0);
    expect(stalling.stats().faultsInjected["stall"] ?? 0).toBeGreaterThan(0);
  } finally {
    await Promise.all([emu.close(), stalling.close()]);
    fs.rmSync(home, { recursive: true, force: true });
  }
});
