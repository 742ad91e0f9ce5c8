/**
 * Fault injection: a QPS limit per access key and action, random error/stall draws, and set
 * shifts between pages.
 */
import { seededRandom } from "./prng";
import type { FaultKind, FaultOptions } from "./types";

export const DEFAULT_STALL_MS = 60_000;

/** A random fault a request gets, drawn once per request. */
export type DrawnFault = Extract<FaultKind, "throttle" | "500" | "503" | "html502" | "stall">;

function rate(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) ? Math.min(Math.max(value, 0), 1) : 0;
}

export class FaultInjector {
  private options: FaultOptions = {};
  private random: () => number = seededRandom(1);
  private readonly windows = new Map<string, number[]>();
  private listRequests = 0;

  constructor(options: FaultOptions = {}) {
    this.set(options);
  }

  set(options: FaultOptions): void {
    this.options = { ...options };
    this.random = options.random ?? seededRandom(options.randomSeed ?? 1);
    this.windows.clear();
    this.listRequests = 0;
  }

  get current(): Readonly<FaultOptions> {
    return this.options;
  }

  get latencyMs(): number {
    return Math.max(0, this.options.latencyMs ?? 0);
  }

  get stallMs(): number {
    return Math.max(0, this.options.stallMs ?? DEFAULT_STALL_MS);
  }

  /** Counts a request against the key's sliding 1 s window for `action`; false when over the limit. */
  admitQps(accessKeyId: string, action: string, now: number): boolean {
    const limit = this.options.qpsLimitByAction?.[action] ?? this.options.qpsLimit;
    if (limit === undefined || limit <= 0) return true;
    const windowKey = `${accessKeyId} ${action}`;
    let window = this.windows.get(windowKey);
    if (!window) this.windows.set(windowKey, (window = []));
    let expired = 0;
    while (expired < window.length && (window[expired] as number) <= now - 1000) expired++;
    if (expired > 0) window.splice(0, expired);
    if (window.length >= limit) return false;
    window.push(now);
    return true;
  }

  /** One draw against the cumulative rates; undefined means no fault. */
  draw(): DrawnFault | undefined {
    const o = this.options;
    const rates: [DrawnFault, number][] = [
      ["throttle", rate(o.throttleRate)],
      ["500", rate(o.error500Rate)],
      ["503", rate(o.error503Rate)],
      ["html502", rate(o.html502Rate)],
      ["stall", rate(o.stallRate)],
    ];
    if (rates.every(([, r]) => r === 0)) return undefined;
    const x = this.random();
    let acc = 0;
    for (const [kind, r] of rates) {
      acc += r;
      if (x < acc) return kind;
    }
    return undefined;
  }

  /** Called after each answered ListSecrets; returns the mutation due now, if any. */
  onListServed(): { insert: number; remove: number } | undefined {
    const shift = this.options.shiftBetweenPages;
    if (!shift || !(shift.everyNRequests >= 1)) return undefined;
    this.listRequests++;
    if (this.listRequests % Math.floor(shift.everyNRequests) !== 0) return undefined;
    const remove = Math.max(0, shift.remove ?? 0);
    const insert = Math.max(0, shift.insert ?? (remove > 0 ? 0 : 1));
    return { insert, remove };
  }
}
