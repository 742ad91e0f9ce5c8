/**
 * A one-line progress indicator on stderr, only when stderr is a terminal: pipes and CI
 * logs never see it. It rewrites itself in place and is erased when the listing ends.
 */
import type { LookupProgress } from "../core/lookup";
import type { OutputStream } from "./io";

const CLEAR_LINE = "\r\u001b[2K";

export interface Progress {
  /** Pass to `LookupContext.onProgress`; undefined when progress is off. */
  onProgress: ((progress: LookupProgress) => void) | undefined;
  /** Erases the line, if anything was drawn. */
  done(): void;
}

export function formatProgress(p: LookupProgress): string {
  if (p.callsTotal !== undefined) {
    return `Fetching details and values: ${p.callsDone ?? 0}/${p.callsTotal} calls`;
  }
  const pages = p.totalPages > 0 ? `${p.pagesFetched}/${p.totalPages}` : `${p.pagesFetched}`;
  return `Listing secrets: page ${pages}, ${p.secretsFetched} secrets`;
}

export function createProgress(stderr: OutputStream): Progress {
  if (stderr.isTTY !== true) return { onProgress: undefined, done: () => undefined };
  let drawn = false;
  return {
    onProgress: (p) => {
      stderr.write(`${CLEAR_LINE}${formatProgress(p)}`);
      drawn = true;
    },
    done: () => {
      if (drawn) stderr.write(CLEAR_LINE);
      drawn = false;
    },
  };
}
