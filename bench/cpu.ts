/**
 * CPU per secret, cold and warm: ours and the naive loop over pop-core list N secrets `repeat`
 * times in one process each, against a server with latency and no quota; the first listing of
 * a process is cold. See docs/benchmark.md.
 */
import { roundOrder, runClient, startServer, stopServer } from "./measure";

export interface CpuRow {
  coldUsPerSecret: number;
  warmUsPerSecret: number;
}

export interface CpuTable {
  n: number;
  rttMs: number;
  processes: number;
  repeat: number;
  ours: CpuRow;
  naive: CpuRow;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return NaN;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export async function measureCpu(
  n: number,
  rttMs: number,
  processes: number,
  repeat: number,
  log: (line: string) => void,
): Promise<CpuTable> {
  const server = await startServer(n, rttMs, undefined, 2 * processes);
  const cold = { ours: [] as number[], naive: [] as number[] };
  const warm = { ours: [] as number[], naive: [] as number[] };
  try {
    for (let round = 0; round < processes; round++) {
      for (const algorithm of roundOrder(["ours", "naive"], round)) {
        if (algorithm === "anchor") continue;
        const result = await runClient(algorithm, server, {
          details: false,
          sample: 0,
          repeat,
          profileDir: undefined,
        });
        const perSecret = result.listings.map((l) => l.listingCpuUs / Math.max(1, l.count));
        cold[algorithm].push(perSecret[0] as number);
        warm[algorithm].push(...perSecret.slice(1));
        log(`  cpu ${algorithm}: ${perSecret.map((x) => x.toFixed(1)).join(", ")} µs/secret`);
      }
    }
  } finally {
    stopServer(server);
  }
  const row = (a: "ours" | "naive"): CpuRow => ({
    coldUsPerSecret: round2(median(cold[a])),
    warmUsPerSecret: round2(median(warm[a])),
  });
  return { n, rttMs, processes, repeat, ours: row("ours"), naive: row("naive") };
}
