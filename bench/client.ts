/**
 * One listing by one algorithm in a fresh process, so peak RSS and CPU belong to that
 * listing alone. Reports its measurements to bench/run.ts over the fork IPC channel.
 */
import { anchorList } from "./algorithms/anchor";
import { naiveList } from "./algorithms/naive";
import { listSecrets } from "../core";

/**
 * `oursUncapped` is ours with the process-wide rate limit lifted (1,000 requests/s), run on
 * the unlimited server only: it shows what the default 30 requests/s cap costs there.
 */
export type Algorithm = "ours" | "oursUncapped" | "anchor" | "naive";

export interface ClientResult {
  type: "result";
  count: number;
  wallMs: number;
  cpuUs: number;
  peakRssMb: number;
}

async function run(algorithm: Algorithm, details: boolean): Promise<number> {
  const endpoint = process.env.BENCH_ENDPOINT as string;
  const target = {
    endpoint,
    accessKeyId: process.env.ALIBABA_CLOUD_ACCESS_KEY_ID as string,
    accessKeySecret: process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET as string,
  };
  if (algorithm === "anchor") return anchorList(target, details);
  if (algorithm === "naive") return naiveList(target);
  // With details, ours fetches what Terraform's enable_details does: metadata and value.
  const result = await listSecrets(
    {
      endpoint,
      region: "cn-hangzhou",
      ...(details ? { enableDetails: true, fetchValues: true } : {}),
    },
    algorithm === "oursUncapped" ? { rateLimit: { requestsPerSecond: 1000, burst: 100 } } : {},
  );
  return result.secrets.length;
}

async function main(): Promise<void> {
  const algorithm = process.env.BENCH_ALGORITHM as Algorithm;
  const details = process.env.BENCH_DETAILS === "1";
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const count = await run(algorithm, details);
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const result: ClientResult = {
    type: "result",
    count,
    wallMs,
    cpuUs: cpu.user + cpu.system,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.send?.(result, () => process.exit(0));
}

main().catch((err: unknown) => {
  process.stderr.write(`bench client (${process.env.BENCH_ALGORITHM}) failed: ${String(err)}\n`);
  process.exit(1);
});
