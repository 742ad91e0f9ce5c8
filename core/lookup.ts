/**
 * The lookup: validate, resolve region and credentials, then list every matching secret,
 * complete or fail. `listSecrets` collects and sorts; `iterateSecrets` streams pages.
 *
 * Before any request: arguments are validated (ArgumentError naming every bad field), the
 * region and credentials are resolved (ArgumentError / KmsError saying where we looked).
 *
 * Completeness: see paginate.ts for the checks of one pass. `listSecrets` lists again when a
 * pass saw the set change, up to `maxRelists` times (default 3), then fails with
 * "the set kept changing". `iterateSecrets` cannot take back pages it already yielded, so it
 * does not relist: it throws that KmsError (code `ListingInconsistent`) as soon as the change
 * is seen, or after its last page if the counts disagree. A consumer that must not act on a
 * partial listing should act only after the iterator finishes without throwing.
 *
 * Tag cap: a query with a TagKey / TagValue filter whose TotalCount reaches 4,000 is listed
 * again without the tag filters, with tags fetched, and the tag filters applied on the client
 * (before anything is yielded, so the iterator does this transparently too).
 */
import { ArgumentError, parseLookupArgs, type ParsedLookupArgs } from "./args";
import {
  popCoreTransport,
  type KmsTransport,
  type TransportFactory,
  type TransportResponse,
} from "./client";
import { AdaptiveConcurrency } from "./concurrency";
import { chosenSettings, kmsEndpoint } from "./accountSettings";
import { resolveCredentials } from "./credentials";
import { SecretValues } from "./redact";
import { PerSecretCache, SecretGoneError, addPerSecretData } from "./details";
import { KmsError, abortError } from "./errors";
import { SetShiftedError, TagCapReachedError, listingPass, type PassPage } from "./paginate";
import { pageParams, planLookup, planWithoutTagFilters, type LookupPlan } from "./query";
import { RateLimiter, sharedRateLimiter, type RateLimitOptions } from "./rateLimiter";
import { defaultEndpoint, resolveRegion } from "./region";
import type { GetSecretsResult, LookupArgs, LookupProgress, Secret } from "./types";
import {
  RetryBudget,
  isThrottling,
  retryPolicy,
  withRetries,
  type RetryOptions,
  type RetryPolicy,
} from "./retry";
import { sortByName } from "./sortByName";
import { pageParser, type ParsedPage } from "./wire";

export const DEFAULT_MAX_RELISTS = 3;

/** Where a lookup runs: what the caller knows besides the arguments. */
export interface LookupContext {
  /** Pulumi stack config (`alicloud:region`, `alicloud:accessKey`, ...), when the caller has it. */
  config?: Readonly<Record<string, string | undefined>>;
  /**
   * The `alicloud:*` settings of an explicit `@pulumi/alicloud` Provider (`opts.provider`),
   * keyed like stack config. When given, the stack's `alicloud:*` config is not read.
   */
  provider?: Readonly<Record<string, string | undefined>>;
  /** Test hook: the host of the ECS metadata service (default 100.100.100.200). */
  metadataHost?: string;
  /** The environment to read region and credentials from; defaults to `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Called after each page is fetched. */
  onProgress?: (progress: LookupProgress) => void;
  signal?: AbortSignal;
  /** Home directory holding `.aliyun/config.json` and `.alibabacloud/credentials`; defaults to `os.homedir()`. */
  homeDir?: string;
  /** Backoff tuning and injection (tests: tiny delays, a fake `sleep` or `random`). */
  retry?: RetryOptions;
  /**
   * Settings of the process-wide rate limiters (one per endpoint, access key and action;
   * default 30 requests/s, burst 8). Reconfigures the shared limiters: last caller wins.
   */
  rateLimit?: RateLimitOptions;
  /** Use this limiter for every action instead of the shared ones (tests). */
  rateLimiter?: RateLimiter;
  /** How many times `listSecrets` lists again when the set changed while paging (default 3). */
  maxRelists?: number;
  /** Replaces the pop-core transport (unit tests with a fake server). */
  transport?: TransportFactory;
}

export type { LookupProgress } from "./types";

/** Everything one lookup needs; closed when the lookup ends. */
interface Session {
  args: ParsedLookupArgs;
  plan: LookupPlan;
  transport: KmsTransport;
  /** The process-wide limiter for one API action against this endpoint and key. */
  limiterFor(action: string): RateLimiter;
  policy: RetryPolicy;
  budget: RetryBudget;
  gate: AdaptiveConcurrency;
  signal: AbortSignal | undefined;
  /** The credentials and signed values to redact from every error. */
  secrets: SecretValues;
  /** Per-secret call outcomes, kept across relistings. */
  perSecretCache: PerSecretCache;
  /** The last page progress reported (per-secret progress repeats it). */
  lastProgress: LookupProgress | undefined;
  close(): void;
}

async function openSession(
  input: LookupArgs | undefined,
  context: LookupContext,
): Promise<Session> {
  const args = parseLookupArgs(input);
  const env = context.env ?? process.env;
  const settings = chosenSettings(context.provider, context.config);
  const { region } = resolveRegion(args.region, {
    settings,
    env,
    homeDir: context.homeDir,
  });
  const endpoint = args.endpoint ?? kmsEndpoint(settings) ?? defaultEndpoint(region);
  const plan = planLookup(args, region, endpoint);
  if (context.signal?.aborted) throw abortError(context.signal);
  const credentials = await resolveCredentials({
    settings,
    env,
    homeDir: context.homeDir,
    metadataHost: context.metadataHost,
  });
  // every error leaving a call is redacted with the credentials resolved and the values sent
  const secrets = new SecretValues([
    credentials.accessKeySecret,
    credentials.securityToken,
    credentials.accessKeyId,
  ]);
  const transport = (context.transport ?? popCoreTransport)({ endpoint, credentials, secrets });
  const rateLimit: RateLimitOptions | undefined =
    context.rateLimit ??
    (plan.maxRequestsPerSecond === undefined
      ? undefined
      : { requestsPerSecond: plan.maxRequestsPerSecond });
  // looked up once per action and lookup: the registry key hashes the key id (SHA-256)
  const limiters = new Map<string, RateLimiter>();
  const limiterFor = (action: string): RateLimiter => {
    if (context.rateLimiter) return context.rateLimiter;
    let limiter = limiters.get(action);
    if (!limiter) {
      limiter = sharedRateLimiter(endpoint, credentials.accessKeyId, action, rateLimit);
      limiters.set(action, limiter);
    }
    return limiter;
  };
  const signal = context.signal;
  let closed = false;
  const closeTransport = (): void => {
    if (closed) return;
    closed = true;
    transport.close();
  };
  // an abort closes the transport at once, so requests in flight end too
  const onAbort = (): void => closeTransport();
  signal?.addEventListener("abort", onAbort, { once: true });
  return {
    args,
    plan,
    secrets,
    transport,
    limiterFor,
    policy: retryPolicy(plan.maxRetries, context.retry),
    budget: new RetryBudget(context.retry?.budget),
    gate: new AdaptiveConcurrency(plan.maxConcurrency),
    signal,
    perSecretCache: new PerSecretCache(),
    lastProgress: undefined,
    close() {
      signal?.removeEventListener("abort", onAbort);
      closeTransport();
    },
  };
}

/**
 * One API call of the lookup: a concurrency slot, then retries of (rate-limit slot, call,
 * parse). Listing pages and per-secret calls share the gate, the retry policy and the
 * lookup's retry budget; each action has its limiter (one per endpoint, key and action for
 * the whole process).
 */
function sessionCall<T>(
  session: Session,
  action: string,
  params: Record<string, string>,
  signal: AbortSignal,
  parse: (response: TransportResponse) => T,
): Promise<T> {
  const { transport, gate, policy, budget, plan } = session;
  const limiter = session.limiterFor(action);
  return gate.run((epoch) =>
    withRetries(
      async () => {
        const permit = await limiter.acquire(signal);
        if (signal.aborted) throw abortError(signal);
        try {
          const response = await untilAborted(
            transport.call(action, params, { timeoutMs: plan.requestTimeoutMs }),
            signal,
          );
          const parsed = parse(response);
          limiter.onSuccess();
          gate.onSuccess();
          return parsed;
        } catch (err) {
          session.secrets.error(err);
          if (err instanceof KmsError && isThrottling(err)) {
            limiter.onThrottle(permit);
            gate.onThrottle(epoch);
          }
          throw err;
        }
      },
      policy,
      budget,
      {},
      signal,
    ),
  );
}

/** Fetches one ListSecrets page under `plan`. */
function pageFetcher(
  session: Session,
  plan: LookupPlan,
): (pageNumber: number, signal: AbortSignal) => Promise<ParsedPage> {
  const parse = pageParser(plan.fetchTags);
  return (pageNumber, signal) =>
    sessionCall(session, "ListSecrets", pageParams(plan, pageNumber), signal, (response) =>
      parse(response.body, response.requestId),
    );
}

/**
 * Adds details and values to `secrets` (see details.ts); returns the `forbidden` names.
 * Progress is reported after the listing's last page, as calls complete.
 */
function perSecretData(
  session: Session,
  secrets: readonly Secret[],
  context: LookupContext,
  listing: number,
): Promise<string[]> {
  const { plan } = session;
  return addPerSecretData(secrets, {
    plan: plan.perSecret,
    call: (action, params, signal) => sessionCall(session, action, params, signal, (r) => r),
    width: plan.maxConcurrency,
    cache: session.perSecretCache,
    signal: session.signal,
    onProgress: context.onProgress
      ? ({ callsDone, callsTotal }) =>
          context.onProgress?.({
            pagesFetched: session.lastProgress?.pagesFetched ?? 0,
            totalPages: session.lastProgress?.totalPages ?? 0,
            secretsFetched: session.lastProgress?.secretsFetched ?? 0,
            listing,
            callsDone,
            callsTotal,
          })
      : undefined,
  });
}

/** Settles with `promise`, or rejects as soon as `signal` aborts (the call itself is closed with the transport). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(abortError(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

function inconsistent(message: string): KmsError {
  return new KmsError({
    code: "ListingInconsistent",
    kind: "inconsistent",
    message,
    apiAction: "ListSecrets",
  });
}

/** One pass under `plan`, with progress reports; page 1 of a tag-capped plan throws TagCapReachedError. */
function pass(session: Session, plan: LookupPlan, listing: number, context: LookupContext) {
  const pages = listingPass({
    pageSize: plan.pageSize,
    maxConcurrency: plan.maxConcurrency,
    tagFiltered: plan.tagFiltered,
    matches: plan.matches,
    stripTags: plan.fetchTags && !plan.keepTags,
    fetchPage: pageFetcher(session, plan),
    signal: session.signal,
  });
  const report = (page: PassPage): void => {
    const progress = {
      pagesFetched: page.pageNumber,
      totalPages: page.totalPages,
      secretsFetched: page.listedSoFar,
      listing,
    };
    session.lastProgress = progress;
    context.onProgress?.(progress);
  };
  return { pages, report };
}

/** Streams matching secrets page by page (client-side filters applied), in listing order. */
export async function* iterateSecrets(
  args?: LookupArgs,
  context: LookupContext = {},
): AsyncGenerator<Secret[], void, undefined> {
  const session = await openSession(args, context);
  const perSecret = session.plan.perSecret.details || session.plan.perSecret.values;
  try {
    if (perSecret && session.plan.perSecret.skipForbidden) {
      throw new ArgumentError([
        {
          path: "skipForbidden",
          message:
            "is not supported by iterateSecrets, whose pages cannot report skipped secrets: use listSecrets",
        },
      ]);
    }
    let plan = session.plan;
    for (let listing = 1; ; listing++) {
      const { pages, report } = pass(session, plan, listing, context);
      try {
        for await (const page of pages) {
          report(page);
          if (perSecret) await perSecretData(session, page.secrets, context, listing);
          yield page.secrets;
        }
        return;
      } catch (err) {
        if (err instanceof TagCapReachedError && plan.tagFiltered) {
          plan = planWithoutTagFilters(session.args, plan);
          continue;
        }
        if (err instanceof SetShiftedError || err instanceof SecretGoneError) {
          throw inconsistent(
            `the set of secrets changed while it was being listed (${err.message}); the pages already yielded may be incomplete or stale: list again`,
          );
        }
        throw err;
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
  const perSecret = session.plan.perSecret.details || session.plan.perSecret.values;
  try {
    let plan = session.plan;
    let relists = 0;
    for (let listing = 1; ; listing++) {
      const { pages, report } = pass(session, plan, listing, context);
      const secrets: Secret[] = [];
      let forbidden: string[] | undefined;
      try {
        for await (const page of pages) {
          report(page);
          for (const secret of page.secrets) secrets.push(secret);
        }
        if (perSecret) forbidden = await perSecretData(session, secrets, context, listing);
      } catch (err) {
        if (err instanceof TagCapReachedError && plan.tagFiltered) {
          plan = planWithoutTagFilters(session.args, plan);
          continue;
        }
        if (err instanceof SetShiftedError || err instanceof SecretGoneError) {
          if (relists < maxRelists) {
            relists++;
            continue;
          }
          throw inconsistent(
            `the set kept changing: ${relists + 1} listings in a row saw secrets added or removed while paging (last: ${err.message}); try again when the set is stable`,
          );
        }
        throw err;
      }
      return toResult(session.plan, secrets, forbidden);
    }
  } finally {
    session.close();
  }
}

/**
 * Sorts by name in code-unit order (see sortByName.ts: several times cheaper than a comparator
 * sort on 10,000 names with shared prefixes). Names are unique within a pass (listingPass checks).
 */
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

/** One KMS call through a session's gate, rate limiter and retries; rejects with a KmsError. */
export type SessionCall = (
  action: string,
  params: Record<string, string>,
  signal: AbortSignal,
) => Promise<TransportResponse>;

/**
 * Runs `body` with calls through a session opened with `args` (region, endpoint,
 * credentials, limits, as a lookup resolves them), closing it after. For the per-secret
 * modules on the same machinery (versions.ts, secretValue.ts).
 */
export async function withSession<T>(
  args: LookupArgs,
  context: LookupContext,
  body: (call: SessionCall, session: { region: string; maxConcurrency: number }) => Promise<T>,
): Promise<T> {
  const session = await openSession(args, context);
  try {
    const call: SessionCall = (action, params, signal) =>
      sessionCall(session, action, params, signal, (response) => response);
    return await body(call, {
      region: session.plan.region,
      maxConcurrency: session.plan.maxConcurrency,
    });
  } finally {
    session.close();
  }
}
