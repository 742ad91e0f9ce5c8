/**
 * The request rate of one API action against one endpoint and key, shared by every lookup in
 * the process: a GCRA token bucket starting near the gateway's quota, adaptive (AIMD) only
 * after the first throttling answer, as AWS's adaptive retry mode. See docs/lookup-core.md.
 */
import { createHash } from "node:crypto";
import { sleep } from "./abort";
import { abortError } from "./errors";

/** The shared gateway's quota per action, requests per second (dedicated gateways: none). */
export const GATEWAY_QUOTAS: Readonly<Record<string, number>> = {
  ListSecrets: 40,
  DescribeSecret: 40,
  GetSecretValue: 450,
  ListSecretVersionIds: 40,
};
/** For an action whose quota we do not know. */
export const DEFAULT_GATEWAY_QUOTA = 40;
/**
 * We pace at this share of the quota: the gateway counts arrivals in a sliding second, and
 * network jitter would otherwise push the 41st request into the window now and then.
 */
export const QUOTA_HEADROOM = 0.95;
/** Requests allowed at once before spacing starts: a burst would overrun a sliding window. */
export const DEFAULT_BURST = 1;
export const MIN_REQUESTS_PER_SECOND = 1;
/** Multiplicative decrease on throttling. */
export const THROTTLE_DECREASE_FACTOR = 0.7;
/** At most one decrease per this many ms. */
export const DECREASE_COOLDOWN_MS = 500;
/** Recovery speed: this fraction of the ceiling per second. */
export const RECOVERY_PER_SECOND = 0.2;

/** The paced rate for `action` when nobody says otherwise. */
export function defaultRate(action: string): number {
  return (GATEWAY_QUOTAS[action] ?? DEFAULT_GATEWAY_QUOTA) * QUOTA_HEADROOM;
}

export interface RateLimitOptions {
  /** The ceiling of the rate, requests per second. */
  requestsPerSecond?: number;
  /** Requests allowed at once before spacing starts (default 1). */
  burst?: number;
}

export interface RateLimiterClock {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** A permit: the epoch and rate the request was sent at, to report throttling against. */
export interface RatePermit {
  epoch: number;
  rate: number;
}

export class RateLimiter {
  private readonly maxRate: number;
  private readonly burst: number;
  /** The rate learned from throttling; undefined (no adaptation) until the first one. */
  private learned: number | undefined;
  /** The ceiling of the latest acquire: recovery climbs towards it. */
  private ceiling: number;
  /** Theoretical arrival time of the next request (GCRA). */
  private tat = 0;
  private epoch = 0;
  private lastDecreaseAt = Number.NEGATIVE_INFINITY;
  private lastIncreaseAt = 0;
  private readonly clock: RateLimiterClock;

  constructor(options: RateLimitOptions = {}, clock?: Partial<RateLimiterClock>) {
    this.maxRate = options.requestsPerSecond ?? defaultRate("ListSecrets");
    this.burst = Math.max(1, Math.floor(options.burst ?? DEFAULT_BURST));
    this.ceiling = this.maxRate;
    this.clock = { now: clock?.now ?? (() => performance.now()), sleep: clock?.sleep ?? sleep };
  }

  /** The current rate (requests per second) at this limiter's own ceiling. */
  get currentRate(): number {
    return Math.min(this.maxRate, this.learned ?? Number.POSITIVE_INFINITY);
  }

  /** The rate this limiter paces at when a caller gives no ceiling. */
  get configuredRate(): number {
    return this.maxRate;
  }

  /** Whether throttling has been seen and the rate is still below the ceiling. */
  get adapting(): boolean {
    return this.learned !== undefined;
  }

  /**
   * Waits for the next slot. `ceiling` is the caller's rate (default: this limiter's); the
   * slot is spaced at the lower of it and the rate learned from throttling.
   */
  async acquire(signal?: AbortSignal, ceiling?: number, burst?: number): Promise<RatePermit> {
    this.ceiling = ceiling ?? this.maxRate;
    const rate = Math.min(this.ceiling, this.learned ?? Number.POSITIVE_INFINITY);
    const now = this.clock.now();
    const interval = 1000 / rate;
    const tat = Math.max(this.tat, now);
    const allowedAt = tat - interval * (Math.max(1, Math.floor(burst ?? this.burst)) - 1);
    this.tat = tat + interval;
    const permit = { epoch: this.epoch, rate };
    const wait = allowedAt - now;
    if (wait > 0.5) await this.clock.sleep(Math.ceil(wait), signal);
    else if (signal?.aborted) throw abortError(signal);
    return permit;
  }

  /** A throttling answer: slow down from the rate it was sent at (once per epoch and cooldown). */
  onThrottle(permit: RatePermit): void {
    if (permit.epoch !== this.epoch) return;
    const now = this.clock.now();
    if (now - this.lastDecreaseAt < DECREASE_COOLDOWN_MS) return;
    this.epoch++;
    this.lastDecreaseAt = now;
    this.lastIncreaseAt = now;
    const from = Math.min(permit.rate, this.learned ?? Number.POSITIVE_INFINITY);
    this.learned = Math.max(MIN_REQUESTS_PER_SECOND, from * THROTTLE_DECREASE_FACTOR);
  }

  /** A success: climb back linearly in time; at the ceiling, adaptation is off again. */
  onSuccess(): void {
    const now = this.clock.now();
    if (this.learned !== undefined) {
      const elapsed = Math.max(0, now - this.lastIncreaseAt) / 1000;
      const raised = this.learned + elapsed * this.ceiling * RECOVERY_PER_SECOND;
      this.learned = raised >= this.ceiling ? undefined : raised;
    }
    this.lastIncreaseAt = now;
  }
}

/**
 * The registry lives on `globalThis` under a registered symbol, so that every copy of this
 * module in a process shares it, and no module-scope value is captured by Pulumi's closure
 * serialization.
 */
function registry(): Map<string, RateLimiter> {
  const key = Symbol.for("pulumi-alicloud-kms-secrets.rateLimiters");
  const holder = globalThis as unknown as Record<symbol, Map<string, RateLimiter> | undefined>;
  let map = holder[key];
  if (!map) {
    map = new Map();
    holder[key] = map;
  }
  return map;
}

/**
 * The limiter shared by every lookup in this process that calls `action` on `endpoint` with
 * `accessKeyId` (the gateway's quotas are per key and API). Its settings are fixed: callers
 * pass their own ceiling to `acquire`, so no lookup reconfigures another. The key id is
 * hashed: the registry holds no credential.
 */
export function sharedRateLimiter(
  endpoint: string,
  accessKeyId: string,
  action: string,
): RateLimiter {
  const keyHash = createHash("sha256").update(accessKeyId).digest("hex").slice(0, 16);
  const key = `${endpoint} ${keyHash} ${action}`;
  const shared = registry();
  let limiter = shared.get(key);
  if (!limiter) {
    limiter = new RateLimiter({ requestsPerSecond: defaultRate(action) });
    shared.set(key, limiter);
  }
  return limiter;
}
