/**
 * Hostile data in secrets: a `__proto__` tag key survives JSON, CSV and baselines; CSV cells
 * cannot become formulas or carry control characters; table and names escape bidi controls.
 */
/* eslint-disable no-control-regex -- the test looks for control characters */
import { parseBaseline } from "../cli/baseline";
import { compareListings } from "../cli/drift";
import { formatCsv } from "../cli/format/csv";
import { formatJson } from "../cli/format/canonical";
import { formatNames } from "../cli/format/names";
import { formatTable } from "../cli/format/table";
import { result, secret } from "./helpers/cliFixtures";

function protoTags(): Record<string, string> {
  const tags = JSON.parse('{"__proto__":"x","env":"prod"}') as Record<string, string>;
  expect(Object.keys(tags)).toEqual(["__proto__", "env"]);
  return tags;
}

describe("a tag with key __proto__ is kept as data", () => {
  const live = result([secret("a", { tags: protoTags() })]);

  test("in JSON", () => {
    const parsed = JSON.parse(formatJson(live)) as { secrets: { tags: object }[] };
    expect(Object.keys(parsed.secrets[0]?.tags ?? {})).toEqual(["__proto__", "env"]);
  });

  test("in CSV", () => {
    expect(formatCsv(live)).toContain('""__proto__"":""x""');
  });

  test("in a baseline: no drift against itself, and a change to it is drift", () => {
    const baseline = parseBaseline(formatJson(live), "b.json");
    expect(Object.keys(baseline.secrets[0]?.tags ?? {}).sort()).toEqual(["__proto__", "env"]);
    expect(compareListings(baseline, live).drift).toBe(false);
    const changed = JSON.parse('{"__proto__":"y","env":"prod"}') as Record<string, string>;
    const report = compareListings(baseline, result([secret("a", { tags: changed })]));
    expect(report.drift).toBe(true);
  });
});

describe("CSV cells", () => {
  test.each([
    ['=HYPERLINK("http://x")', "'=HYPERLINK"],
    ["+1+1", "'+1+1"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
  ])("%j cannot run as a formula", (name, expected) => {
    const csv = formatCsv(result([secret(name, { description: name })]), { details: true });
    const row = csv.split("\n")[1] ?? "";
    expect(row.startsWith(expected) || row.startsWith(`"${expected}`)).toBe(true);
  });

  test("control and bidi characters are made visible", () => {
    const csv = formatCsv(result([secret("a\u001b[31mred\u202eevil")]));
    expect(csv).not.toMatch(/[\u001b\u202e]/);
    expect(csv).toContain("\\u001b[31mred\\u202eevil");
  });
});

test("table and names escape bidi overrides and control characters", () => {
  const live = result([secret("safe\u202etxt.exe\u2066x\u0007", { tags: { k: "v\u202e" } })]);
  const table = formatTable(live, { color: false });
  const names = formatNames(live);
  for (const out of [table, names]) {
    expect(out).not.toMatch(/[\u202e\u2066\u0007]/);
    expect(out).toContain("\\u202e");
  }
});
