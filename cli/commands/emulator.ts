/** `kms-secrets emulator`: handed to the emulator's own command (emulator/cli.ts). */
import type { CliIo } from "../io";

export async function emulatorCommand(_argv: readonly string[], _io: CliIo): Promise<number> {
  throw new Error("the emulator command is not available yet");
}
