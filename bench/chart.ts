/**
 * The SVG chart of wall time per scenario (ours, anchor, naive, physical limit), on a log
 * scale since the anchor is 10–20× slower. Plain SVG text: no dependency needed.
 */
import type { ScenarioResult } from "./report";

const BARS = [
  { key: "ours", label: "ours", fill: "#2b7bb9" },
  { key: "anchor", label: "anchor (Terraform's algorithm)", fill: "#d9822b" },
  { key: "naive", label: "naive loop (pop-core)", fill: "#8a8a8a" },
  { key: "limit", label: "physical limit", fill: "none" },
] as const;

const WIDTH = 800;
const LABEL_W = 230;
const RIGHT_PAD = 70;
const BAR_H = 13;
const GROUP_GAP = 16;
const TOP = 58;

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function seconds(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(1)} s`;
}

function valueOf(s: ScenarioResult, key: (typeof BARS)[number]["key"]): number | undefined {
  if (key === "ours") return s.ours.wallMsMedian;
  if (key === "limit") return s.limitMs;
  return s[key]?.wallMsMedian;
}

function title(s: ScenarioResult): string[] {
  const n = s.n.toLocaleString("en-US");
  const quota = s.qps === null ? "no quota" : `quota ${s.qps}/s`;
  return [`N = ${n}${s.details ? ", with details" : ""}`, `RTT ${s.rttMs} ms, ${quota}`];
}

export function wallTimeChart(scenarios: ScenarioResult[], caption: string): string {
  const values = scenarios.flatMap((s) => BARS.map((b) => valueOf(s, b.key) ?? NaN));
  const finite = values.filter((v) => Number.isFinite(v) && v > 0);
  const lo = 10 ** Math.floor(Math.log10(Math.min(...finite)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...finite)));
  const plotW = WIDTH - LABEL_W - RIGHT_PAD;
  const xOf = (ms: number) => LABEL_W + (Math.log10(ms / lo) / Math.log10(hi / lo)) * plotW;
  const groupH = (s: ScenarioResult) =>
    BARS.filter((b) => valueOf(s, b.key) !== undefined).length * BAR_H + GROUP_GAP;
  const plotH = scenarios.reduce((sum, s) => sum + groupH(s), 0);
  const height = TOP + plotH + 40;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    `<text x="10" y="18" font-size="13" font-weight="bold">Wall time per scenario (median, log scale)</text>`,
  ];
  BARS.forEach((b, i) => {
    const x = 10 + i * 190;
    const stroke = b.fill === "none" ? ` stroke="#000" stroke-dasharray="3,2"` : "";
    out.push(`<rect x="${x}" y="30" width="12" height="10" fill="${b.fill}"${stroke}/>`);
    out.push(`<text x="${x + 16}" y="39">${escape(b.label)}</text>`);
  });
  for (let tick = lo; tick <= hi; tick *= 10) {
    const x = xOf(tick).toFixed(1);
    out.push(`<line x1="${x}" y1="${TOP - 4}" x2="${x}" y2="${TOP + plotH}" stroke="#ddd"/>`);
    out.push(`<text x="${x}" y="${TOP + plotH + 14}" text-anchor="middle">${seconds(tick)}</text>`);
  }
  let y = TOP;
  for (const s of scenarios) {
    const bars = BARS.filter((b) => valueOf(s, b.key) !== undefined);
    const mid = y + (bars.length * BAR_H) / 2;
    const [line1, line2] = title(s);
    out.push(`<text x="10" y="${mid - 2}" font-weight="bold">${escape(line1 ?? "")}</text>`);
    out.push(`<text x="10" y="${mid + 11}">${escape(line2 ?? "")}</text>`);
    for (const b of bars) {
      const ms = valueOf(s, b.key) as number;
      const w = Math.max(1, xOf(ms) - LABEL_W).toFixed(1);
      const stroke = b.fill === "none" ? ` stroke="#000" stroke-dasharray="3,2"` : "";
      out.push(
        `<rect x="${LABEL_W}" y="${y + 1}" width="${w}" height="${BAR_H - 2}" fill="${b.fill}"${stroke}><title>${escape(`${b.label}: ${seconds(ms)}`)}</title></rect>`,
      );
      out.push(`<text x="${xOf(ms) + 4}" y="${y + BAR_H - 3}">${seconds(ms)}</text>`);
      y += BAR_H;
    }
    y += GROUP_GAP;
  }
  out.push(`<text x="10" y="${height - 8}" fill="#555">${escape(caption)}</text>`);
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}
