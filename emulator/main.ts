#!/usr/bin/env node
/** Standalone entry: `node dist/emulator/main.js [options]` (same options as `kms-secrets emulator`). */
import { runEmulatorCommand } from "./cli";

runEmulatorCommand(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 3;
  },
);
