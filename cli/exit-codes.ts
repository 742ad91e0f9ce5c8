/** Exit codes, the same for every command, and the one for each kind of core failure. */
import type { KmsErrorKind } from "../core/errors";

export const EXIT_OK = 0;
/** `drift` found a difference, or a `--require`d secret is missing or scheduled for deletion. */
export const EXIT_DRIFT = 1;
/** Bad usage, argument, config (no region, no credentials) or baseline file. */
export const EXIT_USAGE = 2;
/** The service or the network failed after retries (includes a key the service rejects). */
export const EXIT_SERVICE = 3;

export type ExitCode = typeof EXIT_OK | typeof EXIT_DRIFT | typeof EXIT_USAGE | typeof EXIT_SERVICE;

/** Found before any request → usage (2); anything the service or the network did → 3. */
export const EXIT_CODE_BY_KIND: Readonly<Record<KmsErrorKind, ExitCode>> = {
  config: EXIT_USAGE,
  auth: EXIT_SERVICE,
  permission: EXIT_SERVICE,
  rejected: EXIT_SERVICE,
  throttled: EXIT_SERVICE,
  unavailable: EXIT_SERVICE,
  network: EXIT_SERVICE,
  malformed: EXIT_SERVICE,
  inconsistent: EXIT_SERVICE,
  aborted: EXIT_SERVICE,
  internal: EXIT_SERVICE,
};
