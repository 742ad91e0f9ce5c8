/** Exit codes, the same for every command. */
export const EXIT_OK = 0;
/** `drift` found a difference, or a `--require`d secret is missing or scheduled for deletion. */
export const EXIT_DRIFT = 1;
/** Bad usage, argument, config (no region, no credentials) or baseline file. */
export const EXIT_USAGE = 2;
/** The service or the network failed after retries (includes a key the service rejects). */
export const EXIT_SERVICE = 3;

export type ExitCode = typeof EXIT_OK | typeof EXIT_DRIFT | typeof EXIT_USAGE | typeof EXIT_SERVICE;
