/**
 * Retries as smithy's util-retry StandardRetryStrategy: full-jitter exponential backoff (a
 * larger base for throttling), `Retry-After` honoured up to the backoff cap, and one retry
 * quota per lookup (costs and refunds as smithy; see docs/lookup-core.md).
 */
import { KmsError, abortError, rewordError } from "./errors";
import { isThrottlingCode } from "./classify";
import { sleep } from "./abort";

export interface RetryPolicy {
  /** Retries per call after the first attempt. */
  maxRetries: number;
  /** Backoff base for transient errors, ms. smithy: 100. */
  baseDelayMs: number;
  /** Backoff base for throttling errors, ms. smithy: 500. */
  throttlingBaseDelayMs: number;
  /** Cap of one backoff, `Retry-After` included, ms. smithy: 20 s. */
  maxDelayMs: number;
  /** Sleeps `ms` (rejecting if the signal aborts). Injectable for tests. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** A number in [0, 1). Injectable for tests. */
  random: () => number;
}

export interface RetryOptions extends Partial<RetryPolicy> {
  /** Retry quota of one lookup. smithy: 500. */
  budget?: number;
}

/** A retry after a throttling or other retryable answer. */
export const RETRY_COST = 5;
/** A retry after a transient failure: timeout, network error, HTTP 500/502/503/504. */
export const TIMEOUT_RETRY_COST = 10;
/** A success without a retry adds this back. */
export const NO_RETRY_INCREMENT = 1;
export const DEFAULT_RETRY_BUDGET = 500;

const TRANSIENT_STATUSES = new Set([500, 502, 503, 504]);

export function retryPolicy(maxRetries: number, options: RetryOptions = {}): RetryPolicy {
  return {
    maxRetries: options.maxRetries ?? maxRetries,
    baseDelayMs: options.baseDelayMs ?? 100,
    throttlingBaseDelayMs: options.throttlingBaseDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 20_000,
    sleep: options.sleep ?? sleep,
    random: options.random ?? Math.random,
  };
}

/** Full jitter: uniform in [0, min(cap, base * 2^attempt)). `attempt` counts from 0. */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/** The retry quota of one lookup. */
export class RetryBudget {
  private tokens: number;
  constructor(readonly capacity: number = DEFAULT_RETRY_BUDGET) {
    this.tokens = capacity;
  }
  get available(): number {
    return this.tokens;
  }
  tryAcquire(cost: number): boolean {
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }
  release(amount: number): void {
    this.tokens = Math.min(this.capacity, this.tokens + amount);
  }
}

export function isThrottling(err: KmsError): boolean {
  return isThrottlingCode(err.code) || err.httpStatus === 429;
}

/** What retrying `err` costs: smithy charges TRANSIENT errors 10, everything else 5. */
export function retryCost(err: KmsError): number {
  if (isThrottling(err)) return RETRY_COST;
  const transient =
    err.kind === "network" ||
    (err.httpStatus !== undefined && TRANSIENT_STATUSES.has(err.httpStatus));
  return transient ? TIMEOUT_RETRY_COST : RETRY_COST;
}

/** The wait before retry `attempt` (from 0): jittered backoff, or longer if the service asked. */
export function retryDelay(err: KmsError, attempt: number, policy: RetryPolicy): number {
  const base = isThrottling(err) ? policy.throttlingBaseDelayMs : policy.baseDelayMs;
  const backoff = backoffDelay(attempt, base, policy.maxDelayMs, policy.random);
  return Math.min(policy.maxDelayMs, Math.max(backoff, err.retryAfterMs ?? 0));
}

/**
 * Runs `attempt` until it succeeds, a non-retryable error is thrown, the retries of this call
 * are used up, or the lookup's quota is empty. The error thrown at the end is the last one,
 * with the number of attempts added (and the last error as its cause).
 */
export async function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  policy: RetryPolicy,
  budget: RetryBudget,
  signal?: AbortSignal,
): Promise<T> {
  let lastCost: number | undefined;
  for (let n = 0; ; n++) {
    if (signal?.aborted) throw abortError(signal);
    try {
      const result = await attempt(n);
      // smithy: refund the last retry's cost, or add the no-retry increment
      budget.release(lastCost ?? NO_RETRY_INCREMENT);
      return result;
    } catch (err) {
      if (!(err instanceof KmsError)) throw err;
      if (!err.retryable || signal?.aborted) throw err;
      if (n >= policy.maxRetries) throw gaveUp(err, n + 1, "retries exhausted");
      const cost = retryCost(err);
      if (!budget.tryAcquire(cost)) {
        throw gaveUp(err, n + 1, "retry budget of this lookup exhausted");
      }
      lastCost = cost;
      await policy.sleep(retryDelay(err, n, policy), signal);
    }
  }
}

function gaveUp(err: KmsError, attempts: number, why: string): KmsError {
  const message = `${err.message} (gave up after ${attempts} attempt${attempts === 1 ? "" : "s"}: ${why})`;
  return rewordError(err, message, { attempts });
}
