/** `kms-secrets emulator`: handed to the emulator's own command (emulator/cli.ts). */
import { runEmulatorCommand } from "../../emulator/cli";
import type { CliIo } from "../io";

export async function emulatorCommand(argv: readonly string[], io: CliIo): Promise<number> {
  return runEmulatorCommand([...argv], {
    stdout: io.stdout,
    stderr: io.stderr,
    ...(io.signal ? { signal: io.signal } : {}),
  });
}
