/**
 * One listing pass: page 1, then pages 2..P prefetched at most `2 × maxConcurrency` ahead and
 * yielded in order; a page that disagrees with page 1 stops it with `SetShiftedError`, a tag
 * query at the 4,000 cap with `TagCapReachedError` (docs/lookup-core.md "Guarantees").
 */
import { childController } from "./abort";
import { KmsError } from "./errors";
import { TAG_FILTER_RESULT_CAP } from "./types";
import type { Secret } from "./types";
import type { ParsedPage } from "./wire";

export { TAG_FILTER_RESULT_CAP };

/** Secrets were added or removed while paging. Internal: becomes a KmsError for users. */
export class SetShiftedError extends Error {
  override readonly name = "SetShiftedError";
}

/** A tag-filtered query reached the 4,000 cap. Internal: triggers the client-side fallback. */
export class TagCapReachedError extends Error {
  override readonly name = "TagCapReachedError";
  constructor(readonly totalCount: number) {
    super(
      `a tag-filtered ListSecrets reported TotalCount ${totalCount} (cap ${TAG_FILTER_RESULT_CAP})`,
    );
  }
}

export interface PassOptions {
  pageSize: number;
  maxConcurrency: number;
  /** Whether the server query has a tag filter (see TagCapReachedError). */
  tagFiltered: boolean;
  /** Client-side predicate applied to each page before it is yielded. */
  matches: ((secret: Secret) => boolean) | undefined;
  /** Drop the tags of yielded secrets (fetched only for client-side tag filtering). */
  stripTags: boolean;
  /** Fetches one page (with retries); must reject promptly once `signal` aborts. */
  fetchPage: (pageNumber: number, signal: AbortSignal) => Promise<ParsedPage>;
  /** The caller's signal; the pass also aborts its own prefetches when it ends. */
  signal?: AbortSignal;
}

export interface PassPage {
  pageNumber: number;
  totalPages: number;
  totalCount: number;
  /** Distinct secrets listed so far in this pass (before client-side filters). */
  listedSoFar: number;
  /** This page's secrets that pass the client-side filters, in listing order. */
  secrets: Secret[];
}

function expectedLength(
  pageNumber: number,
  totalPages: number,
  total: number,
  size: number,
): number {
  return pageNumber < totalPages ? size : total - (totalPages - 1) * size;
}

export async function* listingPass(
  options: PassOptions,
): AsyncGenerator<PassPage, void, undefined> {
  const { pageSize, fetchPage, matches, stripTags } = options;
  // pages fetched ahead of the one yielded: at most this many calls in flight or queued
  const window = Math.max(1, options.maxConcurrency) * 2;
  // the pass's own signal: aborted when the caller's is, and when the pass ends
  const { controller: local, release } = childController(options.signal, window);
  const signal = local.signal;
  const pending = new Map<number, Promise<ParsedPage>>();
  try {
    const first = await fetchPage(1, signal);
    checkPageSize(first, pageSize);
    const total = first.totalCount;
    if (options.tagFiltered && total >= TAG_FILTER_RESULT_CAP) throw new TagCapReachedError(total);
    const totalPages = Math.max(1, Math.ceil(total / pageSize));
    let nextToStart = 2;
    const prefetch = (nextToYield: number): void => {
      while (nextToStart <= totalPages && nextToStart < nextToYield + window) {
        const promise = fetchPage(nextToStart, signal);
        promise.catch(() => undefined); // awaited in order below; never unhandled
        pending.set(nextToStart, promise);
        nextToStart++;
      }
    };
    const seen = new Set<string>();
    let page: ParsedPage = first;
    for (let pageNumber = 1; pageNumber <= totalPages; pageNumber++) {
      if (pageNumber > 1) {
        const promise = pending.get(pageNumber);
        pending.delete(pageNumber);
        page = await (promise ?? fetchPage(pageNumber, signal));
        checkPageSize(page, pageSize);
        if (page.totalCount !== total) {
          throw new SetShiftedError(
            `TotalCount changed from ${total} to ${page.totalCount} between page 1 and page ${pageNumber}`,
          );
        }
      }
      const want = expectedLength(pageNumber, totalPages, total, pageSize);
      if (page.secrets.length !== want) {
        throw new SetShiftedError(
          `page ${pageNumber} of ${totalPages} held ${page.secrets.length} secrets, expected ${want} for TotalCount ${total}`,
        );
      }
      for (const secret of page.secrets) {
        if (seen.has(secret.secretName)) {
          throw new SetShiftedError(
            `secret ${JSON.stringify(secret.secretName)} appeared on two pages`,
          );
        }
        seen.add(secret.secretName);
      }
      const kept = matches || stripTags ? keep(page.secrets, matches, stripTags) : page.secrets;
      prefetch(pageNumber + 1);
      yield { pageNumber, totalPages, totalCount: total, listedSoFar: seen.size, secrets: kept };
    }
  } finally {
    release();
    local.abort();
    pending.clear();
  }
}

/** The secrets passing the client-side filters; tags dropped if they were fetched only to filter. */
function keep(
  secrets: readonly Secret[],
  matches: ((secret: Secret) => boolean) | undefined,
  stripTags: boolean,
): Secret[] {
  const kept: Secret[] = [];
  for (const secret of secrets) {
    if (matches && !matches(secret)) continue;
    if (stripTags) secret.tags = {};
    kept.push(secret);
  }
  return kept;
}

function checkPageSize(page: ParsedPage, requested: number): void {
  if (page.pageSize !== undefined && page.pageSize !== requested) {
    throw new KmsError({
      code: "UnexpectedPageSize",
      kind: "malformed",
      message: `ListSecrets answered with PageSize ${page.pageSize} for a request of PageSize ${requested}${page.requestId ? ` (RequestId ${page.requestId})` : ""}; paging would be incomplete`,
      requestId: page.requestId,
      apiAction: "ListSecrets",
    });
  }
}
