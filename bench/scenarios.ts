/**
 * The benchmark's scenarios (full and --quick), the quotas they run under, and the physical
 * limit of each: the best any client could do at that RTT and quota. See docs/benchmark.md.
 */

/** The shared gateway's quotas per account, region and API (KMS performance data page). */
export const GATEWAY_QPS = { ListSecrets: 40, DescribeSecret: 40, GetSecretValue: 450 } as const;
export const PAGE_SIZE = 100;
export const ANCHOR_PAGE_SIZE = 50;

export type Algorithm = "ours" | "anchor" | "naive";

export interface Scenario {
  n: number;
  rttMs: number;
  /** The ListSecrets (and DescribeSecret) quota, or null for none. */
  qps: number | null;
  details: boolean;
  /** How many measured runs of each algorithm (0: not run); the order alternates by round. */
  runs: Record<Algorithm, number>;
  /**
   * With details, the sequential baselines make their per-secret calls for this many
   * secrets only, and their time is scaled to N (see `scaleSampled`); 0 = all of them.
   */
  sampleSecrets: number;
}

/** The emulator's faults for a scenario: latency per answer, quotas per key and action. */
export function quotas(scenario: Scenario): Record<string, number> | undefined {
  if (scenario.qps === null) return undefined;
  const scale = scenario.qps / GATEWAY_QPS.ListSecrets;
  return {
    ListSecrets: scenario.qps,
    DescribeSecret: Math.round(GATEWAY_QPS.DescribeSecret * scale),
    GetSecretValue: Math.round(GATEWAY_QPS.GetSecretValue * scale),
  };
}

export function pagesOf(n: number, pageSize = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(n / pageSize));
}

/**
 * The physical limit, ms. Listing: RTT for page 1 (it gives TotalCount), then the other
 * pages as fast as the quota lets them leave, the last answer one RTT after it left:
 *   RTT + max(RTT, (pages − 1) / qps).
 * With details, each secret's DescribeSecret and GetSecretValue can leave only once page 1
 * (at least) has named it, and each action has its own quota:
 *   RTT + max(RTT, (pages − 1) / qpsList, RTT + (N − 1) / qpsDescribe, RTT + (N − 1) / qpsGet).
 * Without a quota, concurrency is unbounded in principle, so the limit is 2 × RTT.
 */
export function limitMs(scenario: Scenario): number {
  const { rttMs: rtt, n } = scenario;
  const q = quotas(scenario);
  const spread = (count: number, qps: number | undefined) =>
    qps ? (Math.max(0, count - 1) / qps) * 1000 : 0;
  let after = Math.max(rtt, spread(pagesOf(n), q?.ListSecrets));
  if (scenario.details) {
    after = Math.max(after, rtt + spread(n, q?.DescribeSecret), rtt + spread(n, q?.GetSecretValue));
  }
  return Math.round(rtt + after);
}

/** The fewest requests that can answer: the pages, plus two calls per secret with details. */
export function minimumRequests(scenario: Pick<Scenario, "n" | "details">): number {
  return pagesOf(scenario.n) + (scenario.details ? 2 * scenario.n : 0);
}

/**
 * Why ours' run is wrong about requests, or undefined when its answered requests (requests −
 * throttled) are exactly the fewest that can answer: ⌈N/100⌉ pages, plus with details one
 * DescribeSecret and one GetSecretValue per secret. The bench fails on a wrong count.
 */
export function wrongRequestCount(
  scenario: Pick<Scenario, "n" | "details">,
  run: { requests: number; throttled: number },
): string | undefined {
  const useful = run.requests - run.throttled;
  const want = minimumRequests(scenario);
  if (useful === want) return undefined;
  const what = scenario.details
    ? `${pagesOf(scenario.n)} ListSecrets pages + ${scenario.n} DescribeSecret + ${scenario.n} GetSecretValue`
    : `${pagesOf(scenario.n)} ListSecrets pages`;
  return `ours sent ${run.requests} requests, ${run.throttled} throttled: ${useful} answered, expected ${want} (${what})`;
}

/** What a sequential baseline sends in full: its pages, plus two calls per secret with details. */
export function baselineRequests(scenario: Scenario, algorithm: "anchor" | "naive"): number {
  const pages =
    algorithm === "anchor"
      ? Math.floor(scenario.n / ANCHOR_PAGE_SIZE) + 1 // stops on a short (maybe empty) page
      : pagesOf(scenario.n);
  return pages + (scenario.details ? 2 * scenario.n : 0);
}

const all = (runs: number): Record<Algorithm, number> => ({
  ours: runs,
  anchor: runs,
  naive: runs,
});

export function fullScenarios(): Scenario[] {
  return [
    {
      n: 10_000,
      rttMs: 30,
      qps: 40,
      details: false,
      runs: { ours: 3, anchor: 2, naive: 3 },
      sampleSecrets: 0,
    },
    {
      n: 10_000,
      rttMs: 200,
      qps: 40,
      details: false,
      runs: { ours: 3, anchor: 1, naive: 1 },
      sampleSecrets: 0,
    },
    {
      n: 1_000,
      rttMs: 200,
      qps: 40,
      details: true,
      runs: { ours: 2, anchor: 1, naive: 1 },
      sampleSecrets: 15,
    },
    {
      n: 50_000,
      rttMs: 30,
      qps: 40,
      details: false,
      runs: { ours: 1, anchor: 0, naive: 0 },
      sampleSecrets: 0,
    },
  ];
}

/** CI: every code path (listing, details with sampling, ours alone), small and fast. */
export function quickScenarios(): Scenario[] {
  return [
    { n: 300, rttMs: 5, qps: 40, details: false, runs: all(1), sampleSecrets: 0 },
    { n: 30, rttMs: 5, qps: 40, details: true, runs: all(1), sampleSecrets: 10 },
    {
      n: 2_000,
      rttMs: 5,
      qps: null,
      details: false,
      runs: { ours: 1, anchor: 0, naive: 0 },
      sampleSecrets: 0,
    },
  ];
}
