/** Errors the CLI raises itself. Each carries the exit code it ends the process with. */
import { EXIT_USAGE } from "./exit-codes";

/** What kind of exit-2 problem it is; printed as the message prefix. */
export type UsageProblem = "usage" | "argument" | "config" | "baseline";

/** A problem the user can fix by changing the command line, the environment or a file (exit 2). */
export class UsageError extends Error {
  override readonly name = "UsageError";
  readonly exitCode = EXIT_USAGE;
  constructor(
    readonly problem: UsageProblem,
    message: string,
  ) {
    super(message);
  }
}
