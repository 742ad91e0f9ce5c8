/**
 * The emulator in its own process, so the client's CPU and memory are measured apart from
 * the server's. Latency is added server side to every answer; quotas are per key and action.
 * Each client run gets its own access key: a fresh quota window, as a new CI job would see.
 */
import { startEmulator, type EmulatorAccessKey, type EmulatorStats } from "../emulator";

export type ServerRequest = { type: "stats" } | { type: "close" };
export interface ServerReady {
  type: "ready";
  endpoint: string;
  accessKeys: EmulatorAccessKey[];
}
export interface ServerStats {
  type: "stats";
  stats: EmulatorStats;
}

async function main(): Promise<void> {
  const n = Number(process.env.BENCH_N);
  const latencyMs = Number(process.env.BENCH_RTT_MS);
  const quotas = process.env.BENCH_QUOTAS
    ? (JSON.parse(process.env.BENCH_QUOTAS) as Record<string, number>)
    : undefined;
  const keyCount = Number(process.env.BENCH_KEYS ?? "1");
  const accessKeys = Array.from({ length: keyCount }, (_, i) => ({
    accessKeyId: `bench-key-${i}`,
    accessKeySecret: `bench-secret-${i}-${Math.random().toString(36).slice(2)}`,
  }));
  const emulator = await startEmulator({
    demo: n,
    accessKeys,
    faults: { latencyMs, ...(quotas ? { qpsLimitByAction: quotas } : {}) },
  });
  process.on("message", (message: ServerRequest) => {
    if (message.type === "stats") {
      const reply: ServerStats = { type: "stats", stats: emulator.stats() };
      process.send?.(reply);
    }
    if (message.type === "close") void emulator.close().then(() => process.exit(0));
  });
  const ready: ServerReady = { type: "ready", endpoint: emulator.endpoint, accessKeys };
  process.send?.(ready);
}

void main();
