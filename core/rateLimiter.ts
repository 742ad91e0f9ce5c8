/**
 * A process-wide request rate limit per endpoint and access key, so that parallel lookups
 * in one program (several `getSecrets` calls, a CLI check of many queries) share one budget
 * and stay well under the gateway's ~40 QPS per account and region.
 *
 * It is a token bucket in its GCRA form: each request reserves the next slot, one every
 * `1000 / rate` ms, with `burst` slots allowed at once. Slots are handed out in call order.
 *
 * The rate adapts (AIMD, as in the AWS SDK "adaptive" retry mode, simplified):
 * - a throttling answer multiplies it by 0.7 (CUBIC's beta), at most once per epoch (answers
 *   to requests sent before the last decrease do not count) and once per 500 ms (gateways
 *   count in 1 s windows: one overload should not collapse the rate to the floor);
 * - successes raise it back linearly in time, by a fifth of the ceiling per second, up to
 *   the configured rate.
 */
import { createHash } from "node:crypto";
import { abortError } from "./errors";
import { sleep } from "./retry";

/**
 * 30 requests/s leaves a quarter of the gateway's ~40 QPS to everything else on the account,
 * yet beats a sequential client, which a 30 ms round trip already holds to ~33 QPS.
 */
export const DEFAULT_REQUESTS_PER_SECOND = 30;
/** With the burst, the first second sends at most 8 + 30 = 38 requests: under 40. */
export const DEFAULT_BURST = 8;
export const MIN_REQUESTS_PER_SECOND = 1;
/** Multiplicative decrease on throttling. */
export const THROTTLE_DECREASE_FACTOR = 0.7;
/** At most one decrease per this many ms. */
export const DECREASE_COOLDOWN_MS = 500;
/** Recovery speed: this fraction of the ceiling per second. */
export const RECOVERY_PER_SECOND = 0.2;

export interface RateLimitOptions {
  /** The ceiling of the rate, requests per second (default 30). */
  requestsPerSecond?: number;
  /** Requests allowed at once before spacing starts (default 8). */
  burst?: number;
}

export interface RateLimiterClock {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** A permit: which epoch the request was sent in, to tell the limiter how it went. */
export interface RatePermit {
  epoch: number;
}

export class RateLimiter {
  private maxRate: number;
  private burst: number;
  private rate: number;
  /** Theoretical arrival time of the next request (GCRA). */
  private tat = 0;
  private epoch = 0;
  private lastDecreaseAt = Number.NEGATIVE_INFINITY;
  private lastIncreaseAt = 0;
  private readonly clock: RateLimiterClock;

  constructor(options: RateLimitOptions = {}, clock?: Partial<RateLimiterClock>) {
    this.maxRate = options.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND;
    this.burst = Math.max(1, Math.floor(options.burst ?? DEFAULT_BURST));
    this.rate = this.maxRate;
    this.clock = { now: clock?.now ?? (() => performance.now()), sleep: clock?.sleep ?? sleep };
  }

  /** The current rate (requests per second), after adaptation. */
  get currentRate(): number {
    return this.rate;
  }

  get configuredRate(): number {
    return this.maxRate;
  }

  /** Changes the ceiling and burst, and restarts adaptation from the new ceiling. */
  configure(options: RateLimitOptions): void {
    if (options.requestsPerSecond !== undefined && options.requestsPerSecond !== this.maxRate) {
      this.maxRate = options.requestsPerSecond;
      this.rate = this.maxRate;
    }
    if (options.burst !== undefined) this.burst = Math.max(1, Math.floor(options.burst));
  }

  /** Waits for the next slot. */
  async acquire(signal?: AbortSignal): Promise<RatePermit> {
    const now = this.clock.now();
    const interval = 1000 / this.rate;
    const tat = Math.max(this.tat, now);
    const allowedAt = tat - interval * (this.burst - 1);
    this.tat = tat + interval;
    const permit = { epoch: this.epoch };
    const wait = allowedAt - now;
    if (wait > 0.5) await this.clock.sleep(Math.ceil(wait), signal);
    else if (signal?.aborted) throw abortError(signal);
    return permit;
  }

  /** A throttling answer: slow down (once per epoch and cooldown). */
  onThrottle(permit: RatePermit): void {
    if (permit.epoch !== this.epoch) return;
    const now = this.clock.now();
    if (now - this.lastDecreaseAt < DECREASE_COOLDOWN_MS) return;
    this.epoch++;
    this.lastDecreaseAt = now;
    this.lastIncreaseAt = now;
    this.rate = Math.max(MIN_REQUESTS_PER_SECOND, this.rate * THROTTLE_DECREASE_FACTOR);
  }

  /** A success: raise the rate back, linearly in time since the last change. */
  onSuccess(): void {
    const now = this.clock.now();
    if (this.rate < this.maxRate) {
      const elapsed = Math.max(0, now - this.lastIncreaseAt) / 1000;
      this.rate = Math.min(this.maxRate, this.rate + elapsed * this.maxRate * RECOVERY_PER_SECOND);
    }
    this.lastIncreaseAt = now;
  }
}

/**
 * The registry lives on `globalThis` under a registered symbol, so that every copy of this
 * module in a process (compiled and source, two installs) shares it, and no module-scope
 * value is captured when Pulumi serializes a closure.
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
 * `accessKeyId`. One per action, because the gateway sets its quotas per API (the ~40 QPS
 * is ListSecrets'); so ListSecrets, DescribeSecret and GetSecretValue each get the default
 * rate. The key id is hashed, so the registry holds no credential. `options`, when given,
 * reconfigure the shared limiter (last caller wins).
 */
export function sharedRateLimiter(
  endpoint: string,
  accessKeyId: string,
  action: string,
  options?: RateLimitOptions,
): RateLimiter {
  const keyHash = createHash("sha256").update(accessKeyId).digest("hex").slice(0, 16);
  const key = `${endpoint} ${keyHash} ${action}`;
  const shared = registry();
  let limiter = shared.get(key);
  if (!limiter) {
    limiter = new RateLimiter(options);
    shared.set(key, limiter);
  } else if (options) {
    limiter.configure(options);
  }
  return limiter;
}
