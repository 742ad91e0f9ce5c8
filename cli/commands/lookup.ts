/** Runs the core lookup with the CLI's environment, progress line and cancellation. */
import { ArgumentError } from "../../core/args";
import { argumentErrorToUsage } from "../args";
import { lookupSecrets, type RegionLookupArgs } from "../../core/regions";
import type { GetSecretsResult } from "../../core/result";
import type { CliIo } from "../io";
import { createProgress } from "../progress";

export async function runLookup(
  args: RegionLookupArgs,
  io: CliIo,
  options: { quiet?: boolean } = {},
): Promise<GetSecretsResult> {
  const progress = createProgress(options.quiet ? { write: () => true } : io.stderr);
  try {
    return await lookupSecrets(args, {
      env: io.env,
      ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
      ...(io.signal ? { signal: io.signal } : {}),
    });
  } catch (err) {
    // The flags were validated already, so what the core refuses now came from the
    // environment or a profile (e.g. no region anywhere): a config problem.
    if (err instanceof ArgumentError) throw argumentErrorToUsage(err, "config");
    throw err;
  } finally {
    progress.done();
  }
}
