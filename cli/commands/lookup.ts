/** Runs the core lookup with the CLI's environment, progress line and cancellation. */
import type { LookupArgs } from "../../provider/args";
import { listSecrets } from "../../provider/lookup";
import type { GetSecretsResult } from "../../provider/result";
import type { CliIo } from "../io";
import { createProgress } from "../progress";

export async function runLookup(args: LookupArgs, io: CliIo): Promise<GetSecretsResult> {
  const progress = createProgress(io.stderr);
  try {
    return await listSecrets(args, {
      env: io.env,
      ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
      ...(io.signal ? { signal: io.signal } : {}),
    });
  } finally {
    progress.done();
  }
}
