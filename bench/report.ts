/**
 * bench/results.json entries from the samples, and the targets checked against them
 * (ratios from this one run). Nothing here fails the run (a wrong request count already did,
 * in measure.ts): a missed target is reported.
 */
import { median, type CpuTable } from "./cpu";
import type { Sample } from "./measure";
import { limitMs, minimumRequests, pagesOf, type Algorithm, type Scenario } from "./scenarios";

export interface ScenarioResult {
  n: number;
  rttMs: number;
  qps: number | null;
  details: boolean;
  limitMs: number;
  ours: {
    requests: number;
    throttled: number;
    wallMsMedian: number;
    cpuUsPerSecret: number;
    peakRssMb: number;
  };
  anchor?: { requests: number; wallMsMedian: number };
  naive?: { requests: number; wallMsMedian: number; cpuUsPerSecret: number };
}

export interface Results {
  machine: string;
  totalSeconds: number;
  scenarios: ScenarioResult[];
}

export interface Target {
  name: string;
  value: string;
  met: boolean;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** The run with the most requests: its requests and throttled answers belong together. */
function worst(samples: Sample[]): Sample {
  return samples.reduce((a, b) => (b.requests > a.requests ? b : a));
}

export function scenarioResult(
  scenario: Scenario,
  samples: Partial<Record<Algorithm, Sample[]>>,
): ScenarioResult {
  const wall = (s: Sample[]) => Math.round(median(s.map((x) => x.wallMs)));
  const cpu = (s: Sample[]) => round2(median(s.map((x) => x.cpuUs / Math.max(1, scenario.n))));
  const ours = samples.ours ?? [];
  const result: ScenarioResult = {
    n: scenario.n,
    rttMs: scenario.rttMs,
    qps: scenario.qps,
    details: scenario.details,
    limitMs: limitMs(scenario),
    ours: {
      requests: worst(ours).requests,
      throttled: worst(ours).throttled,
      wallMsMedian: wall(ours),
      cpuUsPerSecret: cpu(ours),
      peakRssMb: Math.round(Math.max(...ours.map((x) => x.peakRssMb))),
    },
  };
  if (samples.anchor?.length) {
    result.anchor = {
      requests: worst(samples.anchor).requests,
      wallMsMedian: wall(samples.anchor),
    };
  }
  if (samples.naive?.length) {
    result.naive = {
      requests: worst(samples.naive).requests,
      wallMsMedian: wall(samples.naive),
      cpuUsPerSecret: cpu(samples.naive),
    };
  }
  return result;
}

const x = (value: number) => `${value.toFixed(2)}×`;

/** The targets, each with its number from this run. */
export function checkTargets(results: Results, cpu: CpuTable | undefined): Target[] {
  const targets: Target[] = [];
  const find = (n: number, rttMs: number, details: boolean) =>
    results.scenarios.find(
      (s) => s.n === n && s.rttMs === rttMs && s.details === details && s.anchor,
    );
  for (const s of results.scenarios) {
    const useful = s.ours.requests - s.ours.throttled;
    const want = minimumRequests(s);
    targets.push({
      name: s.details
        ? `requests − throttled = ⌈N/100⌉ + 2N (N=${s.n}, RTT ${s.rttMs} ms, details)`
        : `requests − throttled = ⌈N/100⌉ (N=${s.n}, RTT ${s.rttMs} ms)`,
      value: s.details
        ? `${s.ours.requests} − ${s.ours.throttled} = ${useful}, ${pagesOf(s.n)} + 2 × ${s.n} = ${want}`
        : `${s.ours.requests} − ${s.ours.throttled} = ${useful}, ⌈N/100⌉ = ${want}`,
      met: useful === want,
    });
  }
  const vsLimitAndAnchor = (s: ScenarioResult | undefined, maxLimit: number, label: string) => {
    if (!s || !s.anchor) return;
    const ofLimit = s.ours.wallMsMedian / s.limitMs;
    const faster = s.anchor.wallMsMedian / s.ours.wallMsMedian;
    targets.push({
      name: `${label}: ours ≤ ${maxLimit}× limit`,
      value: x(ofLimit),
      met: ofLimit <= maxLimit,
    });
    targets.push({
      name: `${label}: ≥ 10× faster than the anchor`,
      value: x(faster),
      met: faster >= 10,
    });
  };
  vsLimitAndAnchor(find(10_000, 200, false), 1.3, "RTT 200 ms, N=10,000");
  const at30 = find(10_000, 30, false);
  if (at30) {
    const ofLimit = at30.ours.wallMsMedian / at30.limitMs;
    const share = at30.ours.throttled / Math.max(1, at30.ours.requests);
    targets.push({
      name: "RTT 30 ms, N=10,000: ours ≤ 1.2× limit",
      value: x(ofLimit),
      met: ofLimit <= 1.2,
    });
    targets.push({
      name: "RTT 30 ms, N=10,000: throttled ≤ 5% of requests",
      value: `${(share * 100).toFixed(1)}% (${at30.ours.throttled}/${at30.ours.requests})`,
      met: share <= 0.05,
    });
    if (at30.naive) {
      const ratio = at30.ours.cpuUsPerSecret / at30.naive.cpuUsPerSecret;
      targets.push({
        name: "CPU/secret ≤ 1.25× naive (cold, in the RTT 30 ms run)",
        value: x(ratio),
        met: ratio <= 1.25,
      });
    }
  }
  if (cpu) {
    for (const kind of ["cold", "warm"] as const) {
      const key = `${kind}UsPerSecret` as const;
      const ratio = cpu.ours[key] / cpu.naive[key];
      targets.push({
        name: `CPU/secret ≤ 1.25× naive (${kind}, CPU phase)`,
        value: x(ratio),
        met: ratio <= 1.25,
      });
    }
  }
  vsLimitAndAnchor(find(1_000, 200, true), 1.5, "details, N=1,000, RTT 200 ms");
  const memory = results.scenarios.find((s) => !s.anchor && !s.naive);
  if (memory) {
    targets.push({
      name: `peak RSS ≤ 200 MB at N=${memory.n}`,
      value: `${memory.ours.peakRssMb} MB`,
      met: memory.ours.peakRssMb <= 200,
    });
  }
  targets.push({
    name: "totalSeconds ≤ 300",
    value: `${results.totalSeconds} s`,
    met: results.totalSeconds <= 300,
  });
  return targets;
}
