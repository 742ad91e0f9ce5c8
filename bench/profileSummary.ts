/**
 * `node dist/bench/profileSummary.js DIR...`: the CPU of V8 profiles (`--profile DIR` writes one
 * per client process) by area, the mean per process of each DIR side by side: our modules one
 * by one, pop-core, json-bigint, Node's HTTP, GC. Idle time is left out. See docs/benchmark.md.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

/** The parts of a `.cpuprofile` this reads. */
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a sampled frame's time goes: a package, our module by path, Node's own, or V8's. */
export function areaOf(frame: ProfileNode["callFrame"]): string {
  // the last node_modules segment names the package, whatever the layout (pnpm nests them)
  const packages = [...frame.url.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)];
  const pkg = packages[packages.length - 1];
  if (pkg) return pkg[1] as string;
  const ours = /\/dist\/((core|provider|sdk|cli|emulator|bench)\/.+)\.js$/.exec(frame.url);
  if (ours) return `${ours[2] === "bench" ? "bench" : "ours"}: ${ours[1]}`;
  const name = frame.functionName;
  if (/^node:(_http|https?$|net$|internal\/(http|stream_base|streams|net))/.test(frame.url))
    return "node: http, net and streams";
  if (frame.url === "" && ["writev", "writeBuffer", "writeUtf8String"].includes(name))
    return "node: http, net and streams"; // the socket writes' native frames
  if (
    /^node:(timers|events|internal\/(timers|event_target|abort_controller|process\/task_queues))/.test(
      frame.url,
    )
  )
    return "node: timers, events and abort signals";
  if (frame.url === "" && name === "(garbage collector)") return "GC";
  if (frame.url === "" && name === "(program)") return "(program): V8 and native, unattributed";
  if (frame.url.startsWith("node:") || frame.url === "") return "node: other (module loading, ...)";
  return "other";
}

/** Milliseconds of CPU per area in one profile, idle left out. */
export function msByArea(profile: CpuProfile): Map<string, number> {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id)?.callFrame;
    if (!frame || frame.functionName === "(idle)") return;
    const area = areaOf(frame);
    out.set(area, (out.get(area) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return out;
}

function isCpuProfile(value: unknown): value is CpuProfile {
  const p = value as Partial<CpuProfile> | null;
  return (
    typeof p === "object" &&
    p !== null &&
    Array.isArray(p.nodes) &&
    Array.isArray(p.samples) &&
    Array.isArray(p.timeDeltas)
  );
}

/** The mean per profile of each area over the `.cpuprofile` files of `dir`; throws if none. */
function meanOfDir(dir: string): Map<string, number> {
  const files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
  if (files.length === 0) throw new Error(`${dir} holds no .cpuprofile file`);
  const total = new Map<string, number>();
  for (const file of files) {
    const profile: unknown = JSON.parse(readFileSync(join(dir, file), "utf8"));
    if (!isCpuProfile(profile)) throw new Error(`${join(dir, file)} is not a V8 CPU profile`);
    for (const [area, ms] of msByArea(profile)) total.set(area, (total.get(area) ?? 0) + ms);
  }
  return new Map([...total].map(([area, ms]) => [area, ms / files.length]));
}

/** A markdown table: one row per area (largest first), one column per directory. */
export function summaryTable(columns: { name: string; ms: Map<string, number> }[]): string {
  const areas = new Map<string, number>();
  for (const { ms } of columns)
    for (const [a, v] of ms) areas.set(a, Math.max(areas.get(a) ?? 0, v));
  const rows = [...areas]
    .filter(([, most]) => most >= 1)
    .sort((a, b) => b[1] - a[1])
    .map(([area]) => [area, ...columns.map(({ ms }) => (ms.get(area) ?? 0).toFixed(1))]);
  const sum = (ms: Map<string, number>) => [...ms.values()].reduce((a, b) => a + b, 0).toFixed(1);
  rows.push(["**all but idle**", ...columns.map(({ ms }) => sum(ms))]);
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const header = ["ms of CPU per process", ...columns.map((c) => c.name)];
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

if (require.main === module) {
  const dirs = process.argv.slice(2);
  try {
    if (dirs.length === 0) throw new Error("usage: node dist/bench/profileSummary.js DIR...");
    const columns = dirs.map((dir) => ({ name: dir.replace(/\/+$/, ""), ms: meanOfDir(dir) }));
    process.stdout.write(`${summaryTable(columns)}\n`);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
}
