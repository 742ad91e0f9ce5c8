/**
 * Retries with the AWS SDK v3 "standard" strategy: exponential backoff with full jitter
 * (`delay = random() * min(maxDelay, base * 2^attempt)`, a larger base for throttling), and a
 * retry token bucket shared by one lookup, so a failing service gets a bounded number of
 * retries in total, not `maxRetries` per page times every page.
 *
 * Bucket (as in AWS SDK v3): starts at `budget` tokens; a retry costs 5 (10 after a timeout);
 * a retried call that finally succeeds refunds its cost; a first-try success adds 1.
 * An empty bucket stops retrying at once.
 */
import { isThrottlingCode } from "./classify";
import { KmsError, abortError, rewordError } from "./errors";

export interface RetryPolicy {
  /** Retries per call after the first attempt. */
  maxRetries: number;
  /** Backoff base for transient errors, ms. AWS: 100. */
  baseDelayMs: number;
  /** Backoff base for throttling errors, ms. AWS: 500. */
  throttlingBaseDelayMs: number;
  /** Cap of one backoff, ms. AWS: 20 s. */
  maxDelayMs: number;
  /** Sleeps `ms` (rejecting if the signal aborts). Injectable for tests. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** A number in [0, 1). Injectable for tests. */
  random: () => number;
}

export interface RetryOptions extends Partial<RetryPolicy> {
  /** Retry tokens of one lookup. AWS: 500. */
  budget?: number;
}

export const RETRY_COST = 5;
export const TIMEOUT_RETRY_COST = 10;
export const NO_RETRY_INCREMENT = 1;
export const DEFAULT_RETRY_BUDGET = 500;

/** A sleep that keeps the process alive while awaited, and is cleared on abort. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

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

/** The retry token bucket of one lookup. */
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

export interface AttemptHooks {
  /** Called with every failed attempt (retried or not). */
  onError?: (error: KmsError) => void;
  /** Called when an attempt succeeds. */
  onSuccess?: () => void;
}

/**
 * Runs `attempt` until it succeeds, a non-retryable KmsError is thrown, the retries of this
 * call are used up, or the lookup's budget is empty. The error thrown at the end is the last
 * one, with the number of attempts added to its message.
 */
export async function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  policy: RetryPolicy,
  budget: RetryBudget,
  hooks: AttemptHooks = {},
  signal?: AbortSignal,
): Promise<T> {
  let spent = 0;
  for (let n = 0; ; n++) {
    if (signal?.aborted) throw abortError(signal);
    try {
      const result = await attempt(n);
      budget.release(spent > 0 ? spent : NO_RETRY_INCREMENT);
      hooks.onSuccess?.();
      return result;
    } catch (err) {
      if (!(err instanceof KmsError)) throw err;
      hooks.onError?.(err);
      if (!err.retryable || signal?.aborted) throw err;
      if (n >= policy.maxRetries) throw gaveUp(err, n + 1, "retries exhausted");
      const cost = err.code === "RequestTimeout" ? TIMEOUT_RETRY_COST : RETRY_COST;
      if (!budget.tryAcquire(cost))
        throw gaveUp(err, n + 1, "retry budget of this lookup exhausted");
      spent += cost;
      const base = isThrottling(err) ? policy.throttlingBaseDelayMs : policy.baseDelayMs;
      await policy.sleep(backoffDelay(n, base, policy.maxDelayMs, policy.random), signal);
    }
  }
}

export function isThrottling(err: KmsError): boolean {
  return isThrottlingCode(err.code) || err.httpStatus === 429;
}

function gaveUp(err: KmsError, attempts: number, why: string): KmsError {
  const message = `${err.message} (gave up after ${attempts} attempt${attempts === 1 ? "" : "s"}: ${why})`;
  return rewordError(err, message, { attempts });
}
