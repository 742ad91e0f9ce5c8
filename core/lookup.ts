/**
 * The lookup's two faces over the one listing loop (listing.ts): `iterateSecrets` streams
 * pages and fails on a shift; `listSecrets` gathers, lists again on a shift (`maxRelists`),
 * and sorts. Complete or fail; see docs/lookup-core.md.
 */
import { ArgumentError } from "./args";
import { KmsError } from "./errors";
import { listingEvents } from "./listing";
import type { LookupPlan } from "./query";
import type { LookupContext } from "./context";
import { openSession } from "./session";
import { sortByName } from "./sortByName";
import type { GetSecretsResult, LookupArgs, Secret } from "./types";

export type { LookupContext } from "./context";
export type { LookupProgress } from "./types";

export const DEFAULT_MAX_RELISTS = 3;

function inconsistent(message: string): KmsError {
  return new KmsError({
    code: "ListingInconsistent",
    kind: "inconsistent",
    message,
    apiAction: "ListSecrets",
  });
}

/** Streams matching secrets page by page (client-side filters applied), in listing order. */
export async function* iterateSecrets(
  args?: LookupArgs,
  context: LookupContext = {},
): AsyncGenerator<Secret[], void, undefined> {
  const session = await openSession(args, context);
  try {
    const { perSecret } = session.plan;
    if ((perSecret.details || perSecret.values) && perSecret.skipForbidden) {
      throw new ArgumentError([
        {
          path: "skipForbidden",
          message:
            "is not supported by iterateSecrets, whose pages cannot report skipped secrets: use listSecrets",
        },
      ]);
    }
    const events = listingEvents(session, {
      perSecretPerPage: true,
      onProgress: context.onProgress,
    });
    for await (const event of events) {
      if (event.type === "page") yield event.secrets;
      if (event.type === "shift") {
        throw inconsistent(
          `the set of secrets changed while it was being listed (${event.reason}); the pages already yielded may be incomplete or stale: list again`,
        );
      }
    }
  } finally {
    session.close();
  }
}

/** Lists every matching secret, sorted by name, or throws. */
export async function listSecrets(
  args?: LookupArgs,
  context: LookupContext = {},
): Promise<GetSecretsResult> {
  const session = await openSession(args, context);
  const maxRelists = context.maxRelists ?? DEFAULT_MAX_RELISTS;
  try {
    let secrets: Secret[] = [];
    let relists = 0;
    const events = listingEvents(session, {
      perSecretPerPage: false,
      onProgress: context.onProgress,
    });
    for await (const event of events) {
      if (event.type === "page") {
        for (const secret of event.secrets) secrets.push(secret);
      } else if (event.type === "shift") {
        if (relists >= maxRelists) {
          throw inconsistent(
            `the set kept changing: ${relists + 1} listings in a row saw secrets added or removed while paging (last: ${event.reason}); try again when the set is stable`,
          );
        }
        relists++;
        secrets = [];
      } else {
        return toResult(session.plan, secrets, event.forbidden);
      }
    }
    throw new Error("the listing ended without completing"); // unreachable: listingEvents ends with "complete"
  } finally {
    session.close();
  }
}

/** Sorted by name in code-unit order (sortByName.ts); names are unique within a pass. */
function toResult(
  plan: LookupPlan,
  secrets: Secret[],
  forbidden: string[] | undefined,
): GetSecretsResult {
  const sorted = sortByName(secrets, (secret) => secret.secretName);
  const names = sorted.map((secret) => secret.secretName);
  const result: GetSecretsResult = {
    id: plan.id,
    region: plan.region,
    ids: names,
    names: [...names],
    secrets: sorted,
  };
  if (forbidden !== undefined) result.forbidden = forbidden;
  return result;
}
