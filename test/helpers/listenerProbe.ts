/**
 * A rate limiter (no pacing to speak of) that samples, at every acquire, the abort listeners on
 * the call's signal and the most Node allows before its MaxListenersExceededWarning.
 */
import { getEventListeners, getMaxListeners } from "node:events";
import { RateLimiter, type RatePermit } from "../../core/rateLimiter";

export class ListenerProbe extends RateLimiter {
  /** The most abort listeners seen on one signal at an acquire. */
  peak = 0;
  /** The lowest listener limit seen on those signals. */
  limit = Number.POSITIVE_INFINITY;

  constructor() {
    super({ requestsPerSecond: 100_000, burst: 1000 });
  }

  override acquire(signal?: AbortSignal, ceiling?: number, burst?: number): Promise<RatePermit> {
    if (signal) {
      this.peak = Math.max(this.peak, getEventListeners(signal, "abort").length);
      this.limit = Math.min(this.limit, getMaxListeners(signal));
    }
    return super.acquire(signal, ceiling, burst);
  }
}
