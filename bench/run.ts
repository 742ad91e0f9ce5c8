/**
 * `npm run bench`: ours against the anchor (Terraform's algorithm) and a naive loop, in one
 * run, in alternating order, with the emulator in a separate process. Reports ratios and the
 * physical limit; asserts nothing. `--quick` runs a small N to keep the harness working in CI.
 */
import { fork, ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import type { Algorithm, ClientResult } from "./client";
import type { ServerReady } from "./server";
import { DEFAULT_MAX_CONCURRENCY } from "../core/args";

interface Scenario {
  n: number;
  server: "unlimited" | "qps40";
  rttMs: number;
  details: boolean;
}

interface Measured {
  requests: number;
  wallMsMedian: number;
  cpuUsPerSecret: number;
  peakRssMb: number;
  throttled: number;
  count: number;
}

type EmulatorStats = {
  requests: number;
  requestsByAction: Record<string, number>;
  faultsInjected: Record<string, number>;
};

const QPS_LIMIT = 40;
const PAGE_SIZE = 100;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
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

async function startServer(
  scenario: Scenario,
): Promise<{ child: ChildProcess; ready: ServerReady }> {
  const child = fork(join(__dirname, "server.js"), [], {
    env: {
      ...process.env,
      BENCH_N: String(scenario.n),
      BENCH_RTT_MS: String(scenario.rttMs),
      ...(scenario.server === "qps40" ? { BENCH_QPS: String(QPS_LIMIT) } : {}),
    },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  return { child, ready: await once<ServerReady>(child, "ready") };
}

async function serverStats(server: ChildProcess): Promise<EmulatorStats> {
  const reply = once<{ stats: EmulatorStats }>(server, "stats");
  server.send({ type: "stats" });
  return (await reply).stats;
}

async function runClient(
  algorithm: Algorithm,
  ready: ServerReady,
  details: boolean,
): Promise<ClientResult> {
  const child = fork(join(__dirname, "client.js"), [], {
    env: {
      PATH: process.env.PATH,
      BENCH_ALGORITHM: algorithm,
      BENCH_DETAILS: details ? "1" : "0",
      BENCH_ENDPOINT: ready.endpoint,
      ALIBABA_CLOUD_ACCESS_KEY_ID: ready.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: ready.accessKeySecret,
      ALIBABA_CLOUD_REGION_ID: "cn-hangzhou",
    },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return once<ClientResult>(child, "result");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Measurements = Partial<Record<Algorithm, Measured>> & Record<"ours" | "anchor", Measured>;

async function measure(scenario: Scenario, runs: number): Promise<Measurements> {
  const algorithms: Algorithm[] = ["ours", "anchor"];
  if (!scenario.details) algorithms.push("naive");
  if (scenario.server === "unlimited") algorithms.push("oursUncapped");
  const samples = new Map<
    Algorithm,
    { results: ClientResult[]; requests: number[]; throttled: number[] }
  >();
  for (const a of algorithms) samples.set(a, { results: [], requests: [], throttled: [] });
  const { child: server, ready } = await startServer(scenario);
  try {
    for (let run = 0; run < runs; run++) {
      const order = algorithms.map(
        (_, i) => algorithms[(i + run) % algorithms.length] as Algorithm,
      );
      for (const algorithm of order) {
        if (scenario.server === "qps40") await sleep(1_100); // let the server's 1 s window drain
        const before = await serverStats(server);
        const result = await runClient(algorithm, ready, scenario.details);
        const after = await serverStats(server);
        if (result.count !== scenario.n) {
          throw new Error(`${algorithm} listed ${result.count} of ${scenario.n} secrets`);
        }
        const sample = samples.get(algorithm)!;
        sample.results.push(result);
        sample.requests.push(after.requests - before.requests);
        const throttledOf = (s: EmulatorStats) =>
          (s.faultsInjected.qps ?? 0) + (s.faultsInjected.throttle ?? 0);
        sample.throttled.push(throttledOf(after) - throttledOf(before));
      }
    }
  } finally {
    server.send({ type: "close" });
  }
  const out = {} as Measurements;
  for (const [algorithm, sample] of samples) {
    out[algorithm] = {
      requests: Math.max(...sample.requests),
      wallMsMedian: Math.round(median(sample.results.map((r) => r.wallMs))),
      cpuUsPerSecret: Number(
        median(sample.results.map((r) => r.cpuUs / Math.max(1, scenario.n))).toFixed(2),
      ),
      peakRssMb: Math.round(Math.max(...sample.results.map((r) => r.peakRssMb))),
      throttled: Math.max(...sample.throttled),
      count: sample.results[0]?.count ?? 0,
    };
  }
  return out;
}

/** ListSecrets pages, plus DescribeSecret and GetSecretValue per secret with details. */
function minimumRequests(scenario: Scenario): { pages: number; perSecret: number } {
  const pages = Math.max(1, Math.ceil(scenario.n / PAGE_SIZE));
  return { pages, perSecret: scenario.details ? 2 * scenario.n : 0 };
}

/**
 * The best any client could do: round trips at full concurrency (detail calls after the
 * listing), or the server's QPS limit, which (like the gateway's) applies per action: the
 * pages, then the N DescribeSecret and N GetSecretValue calls side by side.
 */
function physicalLimitMs(scenario: Scenario): number {
  const { pages, perSecret } = minimumRequests(scenario);
  const rounds =
    Math.ceil(pages / DEFAULT_MAX_CONCURRENCY) + Math.ceil(perSecret / DEFAULT_MAX_CONCURRENCY);
  const byRtt = scenario.rttMs * rounds;
  const byQps = scenario.server === "qps40" ? ((pages + perSecret / 2) / QPS_LIMIT) * 1000 : 0;
  return Math.round(Math.max(byRtt, byQps));
}

async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  const option = (name: string) => {
    const at = process.argv.indexOf(name);
    return at > 0 ? process.argv[at + 1] : undefined;
  };
  const runs = Number(option("--runs") ?? (quick ? 1 : 3));
  const rttMs = quick ? 5 : 30;
  const sizes = (option("--sizes") ?? (quick ? "250" : "1000,10000,50000")).split(",").map(Number);
  const scenarios: Scenario[] = [];
  const detailSizes = (option("--details") ?? (quick ? "20" : "1000")).split(",").map(Number);
  for (const [list, details] of [
    [sizes, false],
    [detailSizes, true],
  ] as const) {
    for (const n of list) {
      if (!n) continue;
      for (const server of ["unlimited", "qps40"] as const)
        scenarios.push({ n, server, rttMs, details });
    }
  }
  const machine = `${cpus()[0]?.model ?? "unknown cpu"} x${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`;
  const rows: object[] = [];
  const report: { machine: string; scenarios: object[] } = { machine, scenarios: [] };
  for (const scenario of scenarios) {
    const m = await measure(scenario, runs);
    const limitMs = physicalLimitMs(scenario);
    const entry = {
      n: scenario.n,
      server: scenario.server,
      rttMs: scenario.rttMs,
      ...(scenario.details ? { enableDetails: true } : {}),
      limitMs,
      minimumRequests: minimumRequests(scenario).pages + minimumRequests(scenario).perSecret,
      ours: {
        requests: m.ours.requests,
        wallMsMedian: m.ours.wallMsMedian,
        cpuUsPerSecret: m.ours.cpuUsPerSecret,
        peakRssMb: m.ours.peakRssMb,
        throttled: m.ours.throttled,
      },
      anchor: { requests: m.anchor.requests, wallMsMedian: m.anchor.wallMsMedian },
      ...(m.naive
        ? { naive: { requests: m.naive.requests, wallMsMedian: m.naive.wallMsMedian } }
        : {}),
      ...(m.oursUncapped
        ? {
            oursUncapped: {
              requests: m.oursUncapped.requests,
              wallMsMedian: m.oursUncapped.wallMsMedian,
            },
          }
        : {}),
    };
    report.scenarios.push(entry);
    rows.push({
      n: scenario.n,
      server: scenario.server,
      details: scenario.details ? "yes" : "",
      "requests ours/min": `${m.ours.requests}/${entry.minimumRequests}`,
      "anchor req": m.anchor.requests,
      "ours ms": m.ours.wallMsMedian,
      "anchor ms": m.anchor.wallMsMedian,
      "naive ms": m.naive?.wallMsMedian ?? "-",
      "anchor/ours": (m.anchor.wallMsMedian / m.ours.wallMsMedian).toFixed(1),
      "naive/ours": m.naive ? (m.naive.wallMsMedian / m.ours.wallMsMedian).toFixed(1) : "-",
      "limit ms": limitMs,
      "ours/limit": (m.ours.wallMsMedian / limitMs).toFixed(2),
      "uncapped/limit": m.oursUncapped ? (m.oursUncapped.wallMsMedian / limitMs).toFixed(2) : "-",
      "cpu us/secret": m.ours.cpuUsPerSecret,
      "rss MB": m.ours.peakRssMb,
      throttled: m.ours.throttled,
    });
    process.stdout.write(`done: n=${scenario.n} ${scenario.server}\n`);
  }
  console.log(`\nmachine: ${machine}`);
  console.table(rows);
  const file = join(__dirname, "..", "..", "bench", quick ? "results.quick.json" : "results.json");
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${file}`);
}

main().catch((err: unknown) => {
  console.error(`bench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
