/**
 * How many page requests of one lookup run at once, adapted AIMD-style: a throttling answer
 * halves the limit (at most once per epoch, like TCP once per window), and each success adds
 * `1 / limit`, so the limit grows back by about one per round of successful requests.
 * The limit stays between 1 and the caller's `maxConcurrency`. Waiters are served in order.
 */
export class AdaptiveConcurrency {
  private limitValue: number;
  private active = 0;
  private epoch = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(readonly maxConcurrency: number) {
    this.limitValue = maxConcurrency;
  }

  /** The current limit (whole requests). */
  get limit(): number {
    return Math.max(1, Math.floor(this.limitValue));
  }

  get inFlight(): number {
    return this.active;
  }

  /** Runs `task` when a slot is free; `task` gets the epoch to report throttling against. */
  async run<T>(task: (epoch: number) => Promise<T>): Promise<T> {
    if (this.active >= this.limit) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await task(this.epoch);
    } finally {
      this.active--;
      this.drain();
    }
  }

  onThrottle(epoch: number): void {
    if (epoch !== this.epoch) return;
    this.epoch++;
    this.limitValue = Math.max(1, this.limitValue / 2);
  }

  onSuccess(): void {
    if (this.limitValue < this.maxConcurrency) {
      this.limitValue = Math.min(this.maxConcurrency, this.limitValue + 1 / this.limitValue);
      this.drain();
    }
  }

  /** Wakes waiters while there is room (a woken waiter takes its slot here). */
  private drain(): void {
    while (this.active < this.limit && this.waiters.length > 0) {
      this.active++;
      this.waiters.shift()?.();
    }
  }
}
