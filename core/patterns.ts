/** What a region id and a loopback host look like: dependency-free, shared with the emulator. */

/** What a region id looks like, e.g. cn-hangzhou. */
export const REGION_PATTERN = /^[a-z]{2,}(-[a-z0-9]+)+$/;

/**
 * True when `host` names the local machine: 127.0.0.0/8, localhost or ::1 (bracketed or not,
 * any case, surrounding blanks ignored). An empty host means every interface, so it is not.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}
