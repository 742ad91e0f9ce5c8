#!/usr/bin/env node
/**
 * The `kms-secrets` executable: wires the real process (stdout, stderr, env, Ctrl-C)
 * to `runCli` and exits with the code it returns.
 */
import { processIo } from "./io";
import { EXIT_INTERRUPTED, runCli } from "./run";

function main(): void {
  const controller = new AbortController();
  let interrupts = 0;
  process.on("SIGINT", () => {
    interrupts++;
    // First Ctrl-C: cancel the lookup cleanly. Second: leave now.
    if (interrupts > 1) process.exit(EXIT_INTERRUPTED);
    controller.abort();
  });
  runCli(process.argv.slice(2), { ...processIo(), signal: controller.signal }).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = 3;
    },
  );
}

main();
