/**
 * `node dist/bench/profileSummary.js DIR...`: the CPU of V8 profiles (`--profile DIR` writes one
 * per client process) by area, the mean per process of each DIR side by side: our modules one
 * by one, pop-core, json-bigint, Node's HTTP, GC. Idle time is left out. See docs/benchmark.md.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
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

/** Where a sampled frame's time goes: our module by path, a package, Node's own, or V8's. */
export function areaOf(frame: ProfileNode["callFrame"]): string {
  const ours = /\/dist\/((?:core|provider|sdk|cli|emulator)\/[^/]+)\.js$/.exec(frame.url);
  if (ours) return `ours: ${ours[1]}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(frame.url);
  if (pkg) return pkg[1] as string;
  const name = frame.functionName;
  if (/^node:(_http|https?$|net$|internal\/(http|stream_base|streams|net))/.test(frame.url))
    return "node: http, net and streams";
  if (
    frame.url === "" &&
    (name === "writev" || name === "writeBuffer" || name === "writeUtf8String")
  )
    return "node: http, net and streams"; // the socket writes' native frames
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

/** The mean per profile of each area over the `.cpuprofile` files of `dir`. */
function meanOfDir(dir: string): Map<string, number> {
  const files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
  const total = new Map<string, number>();
  for (const file of files) {
    const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile;
    for (const [area, ms] of msByArea(profile)) total.set(area, (total.get(area) ?? 0) + ms);
  }
  return new Map([...total].map(([area, ms]) => [area, ms / Math.max(1, files.length)]));
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
  const dirs = process.argv.slice(2).filter((d) => statSync(d).isDirectory());
  if (dirs.length === 0) {
    process.stderr.write("usage: node dist/bench/profileSummary.js DIR...\n");
    process.exit(2);
  }
  const columns = dirs.map((dir) => ({ name: dir.replace(/\/+$/, ""), ms: meanOfDir(dir) }));
  process.stdout.write(`${summaryTable(columns)}\n`);
}
