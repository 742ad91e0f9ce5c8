/**
 * `npm run bench`: ours, the anchor (Terraform's algorithm) and the naive loop in one run,
 * alternating, the emulator in its own process; then results.json, the SVG chart and the
 * tables in docs/benchmark.md. Asserts nothing. `--quick`: small N, for CI (writes to .tmp/).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { wallTimeChart } from "./chart";
import { measureCpu, type CpuTable } from "./cpu";
import { updateDocs } from "./docs";
import { measureScenario } from "./measure";
import { checkTargets, scenarioResult, type Results } from "./report";
import { fullScenarios, quickScenarios } from "./scenarios";

const ROOT = join(__dirname, "..", "..");

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<void> {
  const started = performance.now();
  const quick = process.argv.includes("--quick");
  const profileDir = option("--profile");
  // --only 0,2: a subset of the scenarios (development); --only cpu: the CPU phase alone;
  // --no-cpu skips the CPU phase
  const onlyOption = option("--only");
  const only = onlyOption === "cpu" ? [] : onlyOption?.split(",").map(Number);
  const all = quick ? quickScenarios() : fullScenarios();
  const scenarios = only ? all.filter((_, i) => only.includes(i)) : all;
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const machine = `${cpus()[0]?.model ?? "unknown cpu"} x${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`;

  const noCpu = process.argv.includes("--no-cpu");
  let cpu: CpuTable | undefined;
  if (!noCpu) {
    const phase = quick
      ? { n: 300, rttMs: 5, processes: 1, repeat: 2 }
      : { n: 10_000, rttMs: 30, processes: 3, repeat: 2 };
    log(`CPU phase (N = ${phase.n}, RTT ${phase.rttMs} ms, no quota)`);
    cpu = await measureCpu({ ...phase, profileDir }, log);
  }
  const results: Results = { machine, totalSeconds: 0, scenarios: [] };
  for (const scenario of scenarios) {
    const q = scenario.qps === null ? "no quota" : `quota ${scenario.qps}`;
    log(`N=${scenario.n}, RTT ${scenario.rttMs} ms, ${q}${scenario.details ? ", details" : ""}`);
    const samples = await measureScenario(scenario, profileDir, log);
    results.scenarios.push(scenarioResult(scenario, samples));
  }
  results.totalSeconds = Math.round((performance.now() - started) / 1000);

  const targets = checkTargets(results, cpu);
  console.log(`\nmachine: ${machine}`);
  console.table(
    results.scenarios.map((s) => ({
      n: s.n,
      rttMs: s.rttMs,
      qps: s.qps ?? "-",
      details: s.details ? "yes" : "",
      "limit ms": s.limitMs,
      "ours ms": s.ours.wallMsMedian,
      "anchor ms": s.anchor?.wallMsMedian ?? "-",
      "naive ms": s.naive?.wallMsMedian ?? "-",
      "ours/limit": (s.ours.wallMsMedian / s.limitMs).toFixed(2),
      "anchor/ours": s.anchor ? (s.anchor.wallMsMedian / s.ours.wallMsMedian).toFixed(1) : "-",
      "req ours": s.ours.requests,
      throttled: s.ours.throttled,
      "cpu µs ours": s.ours.cpuUsPerSecret,
      "cpu µs naive": s.naive?.cpuUsPerSecret ?? "-",
      "rss MB": s.ours.peakRssMb,
    })),
  );
  if (cpu)
    console.log(
      "CPU µs/secret (cold / warm):",
      JSON.stringify({ ours: cpu.ours, sequential: cpu.sequential, naive: cpu.naive }),
    );
  for (const t of targets) console.log(`${t.met ? "met   " : "MISSED"} ${t.name}: ${t.value}`);
  console.log(`total ${results.totalSeconds} s`);

  if (results.scenarios.length === 0) {
    console.log("no scenario ran: nothing written");
    return;
  }
  // a partial, quick or profiled run writes under .tmp/, never over the committed results
  const scratch = quick || only !== undefined || noCpu || profileDir !== undefined;
  const outDir = scratch ? join(ROOT, ".tmp") : join(ROOT, "bench");
  const svgPath = scratch ? join(outDir, "benchmark.svg") : join(ROOT, "docs", "benchmark.svg");
  mkdirSync(outDir, { recursive: true });
  mkdirSync(dirname(svgPath), { recursive: true });
  const file = join(outDir, quick ? "results.quick.json" : "results.json");
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(
    svgPath,
    wallTimeChart(results.scenarios, `${machine}; total ${results.totalSeconds} s`),
  );
  console.log(`wrote ${file} and ${svgPath}`);
  if (!scratch) await updateDocs(join(ROOT, "docs", "benchmark.md"), results, cpu, targets, log);
}

main().catch((err: unknown) => {
  console.error(`bench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
