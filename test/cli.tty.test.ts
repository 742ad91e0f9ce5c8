/**
 * Terminal behaviour, in-process (a child process has no terminal): the default table,
 * color and NO_COLOR, and the stderr progress line that pipes never see.
 */
import { startEmulator, type EmulatorHandle } from "../emulator";
import { runCli } from "../cli/run";
import type { CliIo } from "../cli/io";
import { createProgress, formatProgress } from "../cli/progress";
import { credentialEnv, emulatorFlags, testAccessKey } from "./helpers/cliEnv";

const key = testAccessKey();
let emulator: EmulatorHandle;

beforeAll(async () => {
  emulator = await startEmulator({ accessKeys: [key], demo: 60 });
});
afterAll(async () => {
  await emulator?.close();
});

function fakeIo(tty: boolean, extraEnv: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: (s: string) => out.push(s), isTTY: tty },
    stderr: { write: (s: string) => err.push(s), isTTY: tty },
    env: { ...credentialEnv(key), ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true", ...extraEnv },
  };
  return { io, stdout: () => out.join(""), stderr: () => err.join(""), stderrChunks: err };
}

describe("on a terminal", () => {
  test("list defaults to a colored table and draws, then erases, a progress line", async () => {
    const tty = fakeIo(true);
    const args = ["list", ...emulatorFlags(emulator), "--page-size", "10"];
    expect(await runCli(args, tty.io)).toBe(0);
    expect(tty.stdout().startsWith("  \u001b[1mNAME")).toBe(true);
    expect(tty.stdout()).toContain("\u001b[31m! ");
    expect(tty.stderrChunks.some((c) => /Listing secrets: page \d+\/6, \d+ secrets/.test(c))).toBe(
      true,
    );
    expect(tty.stderrChunks.at(-1)).toBe("\r\u001b[2K");
  });

  test("NO_COLOR keeps the table and its ! marker but drops the colors", async () => {
    const tty = fakeIo(true, { NO_COLOR: "1" });
    expect(await runCli(["list", ...emulatorFlags(emulator)], tty.io)).toBe(0);
    expect(tty.stdout()).not.toContain("\u001b[");
    expect(tty.stdout()).toMatch(/^! \S+/m);
  });

  test("in a pipe: json, no color, no progress", async () => {
    const pipe = fakeIo(false);
    expect(await runCli(["list", ...emulatorFlags(emulator)], pipe.io)).toBe(0);
    expect(JSON.parse(pipe.stdout()).names).toHaveLength(60);
    expect(pipe.stderr()).toBe("");
  });

  test("progress helpers", () => {
    expect(
      formatProgress({ pagesFetched: 2, totalPages: 5, secretsFetched: 200, listing: 1 }),
    ).toBe("Listing secrets: page 2/5, 200 secrets");
    const writes: string[] = [];
    const off = createProgress({ write: (s: string) => writes.push(s), isTTY: false });
    expect(off.onProgress).toBeUndefined();
    off.done();
    expect(writes).toEqual([]);
  });
});
