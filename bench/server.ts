/**
 * The emulator in its own process, so the client's CPU and memory are measured apart
 * from the server's. Driven over the fork IPC channel by bench/run.ts.
 */
import { startEmulator } from "../emulator";

export type ServerRequest = { type: "stats" } | { type: "resetStats" } | { type: "close" };
export interface ServerReady {
  type: "ready";
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
}

async function main(): Promise<void> {
  const n = Number(process.env.BENCH_N);
  const latencyMs = Number(process.env.BENCH_RTT_MS);
  const qpsLimit = process.env.BENCH_QPS ? Number(process.env.BENCH_QPS) : undefined;
  const emulator = await startEmulator({
    demo: n,
    faults: { latencyMs, ...(qpsLimit ? { qpsLimit } : {}) },
  });
  process.on("message", (message: ServerRequest) => {
    if (message.type === "stats") process.send?.({ type: "stats", stats: emulator.stats() });
    if (message.type === "resetStats") {
      emulator.resetStats();
      process.send?.({ type: "reset" });
    }
    if (message.type === "close") void emulator.close().then(() => process.exit(0));
  });
  const ready: ServerReady = {
    type: "ready",
    endpoint: emulator.endpoint,
    accessKeyId: emulator.accessKey.accessKeyId,
    accessKeySecret: emulator.accessKey.accessKeySecret,
  };
  process.send?.(ready);
}

void main();
