/**
 * Listings by one algorithm in a fresh process, so CPU and peak RSS belong to them alone.
 * BENCH_REPEAT > 1 lists again in the same process: the first listing is cold, later ones warm.
 * Reports each listing to bench/run.ts over the fork IPC channel.
 */
import { anchorList } from "./algorithms/anchor";
import { naiveList } from "./algorithms/naive";
import type { BaselineRun, BenchTarget } from "./algorithms/popList";
import type { Algorithm } from "./scenarios";
import { listSecrets } from "../core";

export interface ClientResult {
  type: "result";
  /** One entry per listing, the first one cold. */
  listings: BaselineRun[];
  peakRssMb: number;
}

// One request at a time, under a rate its round trips never reach: no pacing, no wake-ups
// beyond the naive loop's (the CPU phase's split of ours' cost, docs/benchmark.md).
const SEQUENTIAL = { maxConcurrency: 1, maxRequestsPerSecond: 1000 };

async function ours(target: BenchTarget, details: boolean): Promise<BaselineRun> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  // With details, ours fetches what Terraform's enable_details does: metadata and value.
  const result = await listSecrets({
    endpoint: target.endpoint,
    region: "cn-hangzhou",
    ...(details ? { enableDetails: true, fetchValues: true } : {}),
    ...(process.env.BENCH_SEQUENTIAL === "1" ? SEQUENTIAL : {}),
  });
  const cpu = process.cpuUsage(c0);
  return {
    count: result.secrets.length,
    detailsFor: details ? result.secrets.length : 0,
    listingMs: performance.now() - t0,
    listingCpuUs: cpu.user + cpu.system,
    detailsMs: 0,
    detailsCpuUs: 0,
  };
}

function run(algorithm: Algorithm, target: BenchTarget, details: boolean, sample: number) {
  if (algorithm === "anchor") return anchorList(target, details, sample);
  if (algorithm === "naive") return naiveList(target, details, sample);
  return ours(target, details);
}

async function main(): Promise<void> {
  const env = process.env;
  const algorithm = env.BENCH_ALGORITHM as Algorithm;
  const target = {
    endpoint: env.BENCH_ENDPOINT as string,
    accessKeyId: env.ALIBABA_CLOUD_ACCESS_KEY_ID as string,
    accessKeySecret: env.ALIBABA_CLOUD_ACCESS_KEY_SECRET as string,
  };
  const details = env.BENCH_DETAILS === "1";
  const sample = Number(env.BENCH_SAMPLE ?? "0");
  const repeat = Math.max(1, Number(env.BENCH_REPEAT ?? "1"));
  const listings: BaselineRun[] = [];
  for (let i = 0; i < repeat; i++) listings.push(await run(algorithm, target, details, sample));
  const result: ClientResult = {
    type: "result",
    listings,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.send?.(result, () => process.exit(0));
}

main().catch((err: unknown) => {
  process.stderr.write(`bench client (${process.env.BENCH_ALGORITHM}) failed: ${String(err)}\n`);
  process.exit(1);
});
