import type { LookupArgs } from "./args";
import type { GetSecretsResult, Secret } from "./result";

/** Where a lookup runs: what the caller knows besides the arguments. */
export interface LookupContext {
  /** Pulumi stack config (`alicloud:region`, `alicloud:accessKey`, ...), when the caller has it. */
  config?: Readonly<Record<string, string | undefined>>;
  /** The environment to read region and credentials from; defaults to `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Called after each page is fetched. */
  onProgress?: (progress: LookupProgress) => void;
  signal?: AbortSignal;
}

export interface LookupProgress {
  pagesFetched: number;
  totalPages: number;
  secretsFetched: number;
}

/** Streams matching secrets page by page (client-side filters applied). */
export function iterateSecrets(
  _args?: LookupArgs,
  _context?: LookupContext,
): AsyncIterable<Secret[]> {
  throw new Error("not implemented yet");
}

/** Lists every matching secret, sorted by name, or throws. */
export async function listSecrets(
  _args?: LookupArgs,
  _context?: LookupContext,
): Promise<GetSecretsResult> {
  throw new Error("not implemented yet");
}
