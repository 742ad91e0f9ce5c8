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
  // `kms-secrets list | head`: the reader left; stop quietly instead of crashing with a stack.
  // The command still finishes (e.g. `drift --write-baseline` writes its baseline) and its
  // exit code stands: a reader leaving must not turn drift found (1) into 0.
  const onStreamError = (err: NodeJS.ErrnoException): void => {
    if (err.code === "EPIPE") return;
    process.exitCode = 3;
  };
  process.stdout.on("error", onStreamError);
  process.stderr.on("error", onStreamError);

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
