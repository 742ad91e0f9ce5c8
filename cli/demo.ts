/** The npm start demo (placeholder until the emulator lands). */
import type { CliIo } from "./io";

export async function demoCommand(_argv: readonly string[], _io: CliIo): Promise<number> {
  throw new Error("the demo is not available yet");
}
