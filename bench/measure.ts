/**
 * Runs one scenario: the emulator in one process, each run of each algorithm in a fresh one,
 * rounds in rotating order. Requests and throttled answers are counted by the server.
 */
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { ClientResult } from "./client";
import type { ServerReady, ServerStats } from "./server";
import type { BaselineRun } from "./algorithms/popList";
import { quotas, wrongRequestCount, type Algorithm, type Scenario } from "./scenarios";
import type { EmulatorAccessKey } from "../emulator";

/** A run slower than this is measured once, so a slow contender cannot blow the 5-minute budget. */
export const SLOW_RUN_MS = 30_000;

export interface Sample {
  wallMs: number;
  cpuUs: number;
  requests: number;
  throttled: number;
  peakRssMb: number;
}

export interface Server {
  child: ChildProcess;
  endpoint: string;
  nextKey(): EmulatorAccessKey;
}

export interface ClientOptions {
  details: boolean;
  sample: number;
  repeat: number;
  /** Write a V8 CPU profile of the client into this directory. */
  profileDir: string | undefined;
  /** Ours only: one request at a time and no pacing (the CPU phase's split of ours' cost). */
  sequential?: boolean;
}

function once<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(message as T);
    };
    const onExit = (code: number | null) =>
      reject(new Error(`process exited (${code}) before "${type}"`));
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

export async function startServer(
  n: number,
  rttMs: number,
  quota: Record<string, number> | undefined,
  keys: number,
): Promise<Server> {
  const child = fork(join(__dirname, "server.js"), [], {
    env: {
      ...process.env,
      BENCH_N: String(n),
      BENCH_RTT_MS: String(rttMs),
      BENCH_KEYS: String(keys),
      ...(quota ? { BENCH_QUOTAS: JSON.stringify(quota) } : {}),
    },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const ready = await once<ServerReady>(child, "ready");
  let used = 0;
  return {
    child,
    endpoint: ready.endpoint,
    nextKey: () => {
      const key = ready.accessKeys[used++];
      if (!key) throw new Error("the bench server ran out of access keys");
      return key;
    },
  };
}

export function stopServer(server: Server): void {
  server.child.send({ type: "close" });
}

async function serverCounts(server: Server): Promise<{ requests: number; throttled: number }> {
  const reply = once<ServerStats>(server.child, "stats");
  server.child.send({ type: "stats" });
  const { stats } = await reply;
  const f = stats.faultsInjected;
  return { requests: stats.requests, throttled: (f.qps ?? 0) + (f.throttle ?? 0) };
}

export function runClient(
  algorithm: Algorithm,
  server: Server,
  options: ClientOptions,
): Promise<ClientResult> {
  const key = server.nextKey();
  const child = fork(join(__dirname, "client.js"), [], {
    env: {
      PATH: process.env.PATH,
      BENCH_ALGORITHM: algorithm,
      BENCH_DETAILS: options.details ? "1" : "0",
      BENCH_SAMPLE: String(options.sample),
      BENCH_REPEAT: String(options.repeat),
      BENCH_SEQUENTIAL: options.sequential ? "1" : "0",
      BENCH_ENDPOINT: server.endpoint,
      ALIBABA_CLOUD_ACCESS_KEY_ID: key.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.accessKeySecret,
      ALIBABA_CLOUD_REGION_ID: "cn-hangzhou",
    },
    execArgv: options.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.profileDir}`] : [],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return once<ClientResult>(child, "result");
}

/** A sampled baseline's time and CPU scaled to all N secrets (it is sequential: linear in calls). */
export function scaled(run: BaselineRun): { wallMs: number; cpuUs: number } {
  const factor = run.detailsFor > 0 ? run.count / run.detailsFor : 0;
  return {
    wallMs: run.listingMs + run.detailsMs * factor,
    cpuUs: run.listingCpuUs + run.detailsCpuUs * factor,
  };
}

/** The order of round `round`: the contenders rotated, so none always goes first. */
export function roundOrder<T>(contenders: readonly T[], round: number): T[] {
  return contenders.map((_, i) => contenders[(i + round) % contenders.length] as T);
}

export async function measureScenario(
  scenario: Scenario,
  profileDir: string | undefined,
  log: (line: string) => void,
): Promise<Partial<Record<Algorithm, Sample[]>>> {
  const algorithms = (["ours", "anchor", "naive"] as const).filter((a) => scenario.runs[a] > 0);
  const rounds = Math.max(...algorithms.map((a) => scenario.runs[a]));
  const keys = algorithms.reduce((sum, a) => sum + scenario.runs[a], 0);
  const server = await startServer(scenario.n, scenario.rttMs, quotas(scenario), keys);
  const out: Partial<Record<Algorithm, Sample[]>> = {};
  try {
    for (let round = 0; round < rounds; round++) {
      for (const algorithm of roundOrder([...algorithms], round)) {
        const done = out[algorithm] ?? [];
        if (done.length >= scenario.runs[algorithm]) continue;
        // the time budget: a run over SLOW_RUN_MS is not repeated (its median is that run)
        if (done.length > 0 && (done[0] as Sample).wallMs > SLOW_RUN_MS) continue;
        const sampled = algorithm !== "ours" && scenario.details ? scenario.sampleSecrets : 0;
        const before = await serverCounts(server);
        const result = await runClient(algorithm, server, {
          details: scenario.details,
          sample: sampled,
          repeat: 1,
          profileDir: algorithm === "ours" ? profileDir : undefined,
        });
        const after = await serverCounts(server);
        const run = result.listings[0] as BaselineRun;
        if (run.count !== scenario.n) {
          throw new Error(`${algorithm} listed ${run.count} of ${scenario.n} secrets`);
        }
        const skipped = run.detailsFor > 0 ? 2 * (run.count - run.detailsFor) : 0;
        const { wallMs, cpuUs } = sampled
          ? scaled(run)
          : { wallMs: run.listingMs, cpuUs: run.listingCpuUs };
        const sample: Sample = {
          wallMs,
          cpuUs,
          requests: after.requests - before.requests + skipped,
          throttled: after.throttled - before.throttled,
          peakRssMb: result.peakRssMb,
        };
        const wrong = algorithm === "ours" ? wrongRequestCount(scenario, sample) : undefined;
        if (wrong) throw new Error(`N=${scenario.n}, RTT ${scenario.rttMs} ms: ${wrong}`);
        (out[algorithm] ??= []).push(sample);
        log(
          `  ${algorithm}: ${Math.round(wallMs)} ms${sampled ? ` (per-secret calls timed on ${run.detailsFor}, scaled)` : ""}, ${sample.requests} requests, ${sample.throttled} throttled`,
        );
      }
    }
  } finally {
    stopServer(server);
  }
  return out;
}
