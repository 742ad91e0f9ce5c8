/**
 * CPU per secret, cold and warm: ours, ours sequential (no pacing) and the naive loop over
 * pop-core list N secrets `repeat` times in one process each, against a server with latency
 * and no quota; the first listing of a process is cold. See docs/benchmark.md.
 */
import { join } from "node:path";
import { roundOrder, runClient, startServer, stopServer } from "./measure";

export interface CpuRow {
  coldUsPerSecret: number;
  warmUsPerSecret: number;
}

/** The CPU phase's size: N secrets at `rttMs`, `processes` per contender listing `repeat` times. */
export interface CpuPhase {
  n: number;
  rttMs: number;
  processes: number;
  repeat: number;
  /** Profile every process into `profileDir/cpu-<contender>` (bench/profileSummary.ts). */
  profileDir: string | undefined;
}

/** The CPU phase's contenders: ours with its defaults, ours one request at a time, naive. */
const CONTENDERS = ["ours", "sequential", "naive"] as const;
type Contender = (typeof CONTENDERS)[number];

export interface CpuTable extends Omit<CpuPhase, "profileDir"> {
  ours: CpuRow;
  /** Ours with maxConcurrency 1 and no pacing: it wakes once per page, as the naive loop does. */
  sequential: CpuRow;
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

export async function measureCpu(phase: CpuPhase, log: (line: string) => void): Promise<CpuTable> {
  const { n, rttMs, processes, repeat, profileDir } = phase;
  const server = await startServer(n, rttMs, undefined, CONTENDERS.length * processes);
  const cold: Record<Contender, number[]> = { ours: [], sequential: [], naive: [] };
  const warm: Record<Contender, number[]> = { ours: [], sequential: [], naive: [] };
  try {
    for (let round = 0; round < processes; round++) {
      for (const contender of roundOrder(CONTENDERS, round)) {
        const result = await runClient(contender === "naive" ? "naive" : "ours", server, {
          details: false,
          sample: 0,
          repeat,
          // one directory per contender, for bench/profileSummary.ts
          profileDir: profileDir && join(profileDir, `cpu-${contender}`),
          sequential: contender === "sequential",
        });
        const perSecret = result.listings.map((l) => l.listingCpuUs / Math.max(1, l.count));
        cold[contender].push(perSecret[0] as number);
        warm[contender].push(...perSecret.slice(1));
        log(`  cpu ${contender}: ${perSecret.map((x) => x.toFixed(1)).join(", ")} µs/secret`);
      }
    }
  } finally {
    stopServer(server);
  }
  const row = (c: Contender): CpuRow => ({
    coldUsPerSecret: round2(median(cold[c])),
    warmUsPerSecret: round2(median(warm[c])),
  });
  return {
    n,
    rttMs,
    processes,
    repeat,
    ours: row("ours"),
    sequential: row("sequential"),
    naive: row("naive"),
  };
}
