/** The benchmark's arithmetic: limits, the baselines' request counts, scaling, the round order and the CPU split. */
import { roundOrder, scaled } from "../bench/measure";
import {
  baselineRequests,
  fullScenarios,
  limitMs,
  minimumRequests,
  wrongRequestCount,
} from "../bench/scenarios";
import { wallTimeChart } from "../bench/chart";
import { docsFragment } from "../bench/docs";

describe("bench scenarios", () => {
  const [at30, at200, details, memory] = fullScenarios();

  it("limit = RTT + max(RTT, (pages − 1) / qps); with details the per-action quotas bound it", () => {
    expect(limitMs(at30!)).toBe(30 + 2475);
    expect(limitMs(at200!)).toBe(200 + 2475);
    expect(limitMs(details!)).toBe(200 + 200 + 24_975); // DescribeSecret: 999 / 40 s
    expect(limitMs(memory!)).toBe(30 + 12_475);
    expect(limitMs({ ...at30!, qps: null })).toBe(60);
  });

  it("counts the fewest requests and what the sequential baselines send", () => {
    expect(minimumRequests(at30!)).toBe(100);
    expect(minimumRequests(details!)).toBe(10 + 2000);
    expect(baselineRequests(at30!, "anchor")).toBe(201); // N a multiple of 50: one empty page more
    expect(baselineRequests({ ...at30!, n: 10_001 }, "anchor")).toBe(201);
    expect(baselineRequests(details!, "naive")).toBe(2010);
  });

  it("fails ours' run unless requests − throttled is exactly the pages (+ 2 calls per secret with details)", () => {
    expect(wrongRequestCount(at200!, { requests: 101, throttled: 1 })).toBeUndefined();
    expect(wrongRequestCount(at200!, { requests: 101, throttled: 0 })).toMatch(
      /101 answered, expected 100/,
    );
    expect(wrongRequestCount(details!, { requests: 2015, throttled: 5 })).toBeUndefined();
    expect(wrongRequestCount(details!, { requests: 2009, throttled: 0 })).toBe(
      "ours sent 2009 requests, 0 throttled: 2009 answered, expected 2010 (10 ListSecrets pages + 1000 DescribeSecret + 1000 GetSecretValue)",
    );
  });

  it("scales a sampled sequential run to every secret, and rotates the order by round", () => {
    const run = {
      count: 1000,
      detailsFor: 25,
      listingMs: 4000,
      listingCpuUs: 100,
      detailsMs: 10_000,
      detailsCpuUs: 50,
    };
    expect(scaled(run)).toEqual({ wallMs: 4000 + 400_000, cpuUs: 100 + 2000 });
    expect(scaled({ ...run, detailsFor: 0, detailsMs: 0 })).toEqual({ wallMs: 4000, cpuUs: 100 });
    expect(roundOrder(["ours", "anchor", "naive"], 1)).toEqual(["anchor", "naive", "ours"]);
  });

  it("draws one bar per measured value, the limit included", () => {
    const svg = wallTimeChart(
      [
        {
          n: 10,
          rttMs: 30,
          qps: 40,
          details: false,
          limitMs: 60,
          ours: { requests: 1, throttled: 0, wallMsMedian: 70, cpuUsPerSecret: 1, peakRssMb: 50 },
          anchor: { requests: 1, wallMsMedian: 700 },
        },
      ],
      "caption <&>",
    );
    expect(svg.match(/<rect x="230"/g)).toHaveLength(3);
    expect(svg).toContain("caption &lt;&amp;&gt;");
  });

  it("splits ours' CPU per secret into our code (sequential − naive) and pacing (ours − sequential)", () => {
    const row = (cold: number, warm: number) => ({ coldUsPerSecret: cold, warmUsPerSecret: warm });
    const cpu = {
      n: 10_000,
      rttMs: 30,
      processes: 2,
      repeat: 2,
      ours: row(40, 31),
      sequential: row(37, 28.5),
      naive: row(30, 20),
    };
    const doc = docsFragment({ machine: "m", totalSeconds: 1, scenarios: [] }, cpu, []);
    expect(doc).toContain("| cold | 30 | 37 | 40 | 7.00 | 3.00 | 1.33 |");
    expect(doc).toContain("| warm | 20 | 28.5 | 31 | 8.50 | 2.50 | 1.55 |");
  });
});
