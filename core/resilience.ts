/**
 * One resilience strategy per lookup, as smithy's RetryStrategy with its rate limiter behind
 * it: a cap on calls in flight, the shared per-action rate limiter (with this lookup's own
 * ceiling), and retries within the lookup's quota. It counts requests and throttled answers.
 */
import { KmsError } from "./errors";
import { RateLimiter, sharedRateLimiter, type RateLimitOptions } from "./rateLimiter";
import {
  RetryBudget,
  isThrottling,
  withRetries,
  type RetryOptions,
  type RetryPolicy,
} from "./retry";

/** What the strategy saw during one lookup. */
export interface CallStats {
  /** Requests sent, retries included. */
  requests: number;
  /** Requests answered with throttling. */
  throttled: number;
}

/** Runs every API call of one lookup. */
export interface ResilienceStrategy {
  /** Runs `attempt` (one request) for `action`, paced, capped and retried; rejects with the last error. */
  run<T>(action: string, attempt: () => Promise<T>, signal: AbortSignal): Promise<T>;
  /** Counts so far. */
  readonly stats: Readonly<CallStats>;
}

export interface ResilienceOptions {
  policy: RetryPolicy;
  retry?: RetryOptions;
  /** Calls in flight at once, at most. */
  maxConcurrency: number;
  /** This lookup's hard cap per action, requests per second (`maxRequestsPerSecond`). */
  maxRequestsPerSecond?: number;
  /** This lookup's burst above its cap (tests). */
  burst?: number;
  /** The limiter of an action: the process-wide one for this endpoint and key. */
  limiterFor: (action: string) => RateLimiter;
}

/** Calls in flight at first; more only while calls queue for a slot (RTT is the bound). */
export const INITIAL_CONCURRENCY = 4;
/** A call held this long by the rate limiter was paced: the rate, not RTT, was the bound. */
const PACED_WAIT_MS = 1;
/** At most one halving per this many ms. */
const CUT_COOLDOWN_MS = 500;

/**
 * A FIFO gate on calls in flight. Until its first cut it opens at once to what the pace needs
 * at the round trip seen so far (rate × shortest round trip, plus one: the bandwidth-delay
 * product, as TCP's slow start before its first loss); while calls wait for a slot its limit
 * also grows by about one per round of successes, up to the cap; it halves on a throttle or a
 * timeout (overload), at most once per cooldown. It grows only while RTT is the bound: not for
 * calls the rate limiter held.
 */
export class InFlightGate {
  private active = 0;
  private limit: number;
  private lastCut = Number.NEGATIVE_INFINITY;
  private shortestMs = Number.POSITIVE_INFINITY;
  private readonly waiters: (() => void)[] = [];
  constructor(private readonly cap: number) {
    this.limit = Math.min(cap, INITIAL_CONCURRENCY);
  }
  async acquire(): Promise<void> {
    if (this.active < Math.floor(this.limit)) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
  release(count = 1): void {
    this.active -= count;
    while (this.active < Math.floor(this.limit) && this.waiters.length > 0) {
      this.active++;
      this.waiters.shift()?.();
    }
  }
  /** Calls allowed in flight now. */
  get allowed(): number {
    return Math.floor(this.limit);
  }
  /**
   * A success `roundTripMs` after it was sent at `rate` requests per second; `paced`: it waited
   * for the rate limiter, which then is the bound, so more calls in flight would only wait too.
   */
  onSuccess(roundTripMs = 0, rate = 0, paced = false): void {
    this.shortestMs = Math.min(this.shortestMs, roundTripMs);
    const needed = Math.ceil((rate * this.shortestMs) / 1000) + 1;
    const neverCut = this.lastCut === Number.NEGATIVE_INFINITY;
    if (neverCut && needed > this.limit) {
      this.limit = Math.min(this.cap, needed);
      this.release(0);
    }
    // about one more per round of successes, as TCP's additive increase, while RTT is the bound
    if (!paced && this.waiters.length > 0 && this.limit < this.cap) {
      this.limit = Math.min(this.cap, this.limit + 1 / Math.floor(this.limit));
      this.release(0);
    }
  }
  onOverload(): void {
    const now = performance.now();
    if (now - this.lastCut < CUT_COOLDOWN_MS) return;
    this.lastCut = now;
    this.limit = Math.max(1, Math.floor(this.limit / 2));
  }
}

/** The endpoint's shared limiters for `accessKeyId`, looked up once per action. */
export function sharedLimiters(
  endpoint: string,
  accessKeyId: string,
): (action: string) => RateLimiter {
  const limiters = new Map<string, RateLimiter>();
  return (action) => {
    let limiter = limiters.get(action);
    if (!limiter) {
      limiter = sharedRateLimiter(endpoint, accessKeyId, action);
      limiters.set(action, limiter);
    }
    return limiter;
  };
}

export function standardResilience(options: ResilienceOptions): ResilienceStrategy {
  const { policy, maxRequestsPerSecond: cap, burst } = options;
  const budget = new RetryBudget(options.retry?.budget);
  const inFlight = new InFlightGate(Math.max(1, options.maxConcurrency));
  const stats: CallStats = { requests: 0, throttled: 0 };
  // this lookup's own cap, per action, when it is below the shared pace
  const caps = new Map<string, RateLimiter | undefined>();
  const capFor = (action: string, shared: RateLimiter): RateLimiter | undefined => {
    if (!caps.has(action)) {
      const own: RateLimitOptions = { requestsPerSecond: cap, burst };
      caps.set(
        action,
        cap !== undefined && cap < shared.configuredRate
          ? new RateLimiter(own, { sleep: policy.sleep })
          : undefined,
      );
    }
    return caps.get(action);
  };
  return {
    stats,
    async run(action, attempt, signal) {
      const shared = options.limiterFor(action);
      const own = capFor(action, shared);
      // a cap above the shared pace raises this lookup's ceiling there (dedicated gateways)
      const ceiling = cap === undefined ? undefined : Math.max(cap, shared.configuredRate);
      await inFlight.acquire();
      try {
        return await withRetries(
          async () => {
            const readyAt = performance.now();
            if (own) await own.acquire(signal);
            const permit = await shared.acquire(signal, ceiling, burst);
            stats.requests++;
            const sentAt = performance.now();
            try {
              const result = await attempt();
              shared.onSuccess();
              inFlight.onSuccess(
                performance.now() - sentAt,
                own ? own.currentRate : permit.rate,
                sentAt - readyAt >= PACED_WAIT_MS,
              );
              return result;
            } catch (err) {
              if (err instanceof KmsError && isThrottling(err)) {
                stats.throttled++;
                shared.onThrottle(permit);
              }
              if (err instanceof KmsError && (isThrottling(err) || err.code === "RequestTimeout")) {
                inFlight.onOverload();
              }
              throw err;
            }
          },
          policy,
          budget,
          signal,
        );
      } finally {
        inFlight.release();
      }
    },
  };
}
