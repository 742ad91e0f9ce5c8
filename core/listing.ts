/**
 * The one listing loop: listings of a session as a stream of events. Pages come as they are
 * checked; a tag-capped query is listed again without its tag filters (before anything is
 * yielded); a set that shifted under the listing is reported, then listed again.
 */
import { PerSecretCache, SecretGoneError, addPerSecretData } from "./details";
import { SetShiftedError, TagCapReachedError, listingPass } from "./paginate";
import { pageParams, planWithoutTagFilters, type LookupPlan } from "./query";
import { sessionCall, type Session } from "./session";
import type { LookupProgress, Secret } from "./types";
import { pageParser } from "./wire";

export type ListingEvent =
  /** One page's matching secrets (with details and values, when asked per page). */
  | { type: "page"; listing: number; secrets: Secret[] }
  /** The set changed during listing `listing`; the next events are of a new listing. */
  | { type: "shift"; listing: number; reason: string }
  /** The listing is complete; `forbidden` when per-secret data was added per listing. */
  | { type: "complete"; listing: number; forbidden: string[] | undefined };

export interface ListingOptions {
  /** Add details and values to each page before it is yielded, not after the listing. */
  perSecretPerPage: boolean;
  onProgress: ((progress: LookupProgress) => void) | undefined;
}

/** Listings until one completes; the consumer stops at a shift if it cannot use a relisting. */
export async function* listingEvents(
  session: Session,
  options: ListingOptions,
): AsyncGenerator<ListingEvent, void, undefined> {
  const perSecret = session.plan.perSecret.details || session.plan.perSecret.values;
  const cache = new PerSecretCache(); // per-secret outcomes, kept across listings
  let last: LookupProgress | undefined;
  const report = (progress: LookupProgress): void => {
    last = progress;
    options.onProgress?.(progress);
  };
  const perSecretData = (secrets: readonly Secret[], listing: number): Promise<string[]> =>
    addPerSecretData(secrets, {
      plan: session.plan.perSecret,
      call: (action, params, signal) => sessionCall(session, action, params, signal, (r) => r),
      width: session.plan.maxConcurrency,
      cache,
      signal: session.signal,
      onProgress: ({ callsDone, callsTotal }) =>
        report({
          pagesFetched: last?.pagesFetched ?? 0,
          totalPages: last?.totalPages ?? 0,
          secretsFetched: last?.secretsFetched ?? 0,
          listing,
          callsDone,
          callsTotal,
        }),
    });
  let plan = session.plan;
  for (let listing = 1; ; listing++) {
    const kept: Secret[] = [];
    try {
      for await (const page of pass(session, plan)) {
        report({
          pagesFetched: page.pageNumber,
          totalPages: page.totalPages,
          secretsFetched: page.listedSoFar,
          listing,
        });
        if (perSecret && options.perSecretPerPage) await perSecretData(page.secrets, listing);
        else if (perSecret) for (const secret of page.secrets) kept.push(secret);
        yield { type: "page", listing, secrets: page.secrets };
      }
      const forbidden =
        perSecret && !options.perSecretPerPage ? await perSecretData(kept, listing) : undefined;
      yield { type: "complete", listing, forbidden };
      return;
    } catch (err) {
      if (err instanceof TagCapReachedError && plan.tagFiltered) {
        plan = planWithoutTagFilters(session.args, plan);
        continue;
      }
      if (!(err instanceof SetShiftedError || err instanceof SecretGoneError)) throw err;
      yield { type: "shift", listing, reason: err.message };
    }
  }
}

/** One pass under `plan`; page 1 of a tag-capped plan throws TagCapReachedError. */
function pass(session: Session, plan: LookupPlan) {
  const parse = pageParser(plan.fetchTags);
  return listingPass({
    pageSize: plan.pageSize,
    maxConcurrency: plan.maxConcurrency,
    tagFiltered: plan.tagFiltered,
    matches: plan.matches,
    stripTags: plan.fetchTags && !plan.keepTags,
    fetchPage: (pageNumber, signal) =>
      sessionCall(session, "ListSecrets", pageParams(plan, pageNumber), signal, (response) =>
        parse(response.body, response.requestId),
      ),
    signal: session.signal,
  });
}
