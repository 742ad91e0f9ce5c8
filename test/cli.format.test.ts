import { canonicalResult, formatJson } from "../cli/format/canonical";
import { csvField, formatCsv } from "../cli/format/csv";
import { formatNames } from "../cli/format/names";
import { formatTable } from "../cli/format/table";
import { displayWidth } from "../cli/format/width";
import { getSecretsResultSchema } from "../core/result";
import { result, secret } from "./helpers/cliFixtures";

const sample = result([
  secret("app/db", { secretType: "Rds", tags: { team: "payments", env: "prod" } }),
  secret("legacy/token", { plannedDeleteTime: "2024-08-17T07:59:05Z" }),
  secret('odd,"name"', { tags: { note: "a, b" } }),
]);

/** Parses CSV per RFC 4180 (test-side reference implementation). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  return rows;
}

describe("list output formats", () => {
  test("json is the result itself: schema order, sorted tag keys, 2-space indent, newline", () => {
    const text = formatJson(sample);
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.split("\n")[1]).toBe('  "id": "query-cn-hangzhou",');
    const parsed = JSON.parse(text) as unknown;
    expect(parsed).toEqual(sample);
    expect(getSecretsResultSchema().parse(parsed)).toEqual(sample);
    expect(Object.keys((parsed as typeof sample).secrets[0]!.tags)).toEqual(["env", "team"]);
    expect(Object.keys((parsed as typeof sample).secrets[0]!)).toEqual([
      "id",
      "secretName",
      "secretType",
      "createTime",
      "updateTime",
      "tags",
    ]);
  });

  test("json is byte-identical whatever the input key order", () => {
    const shuffled = JSON.parse(JSON.stringify(sample), function (this: unknown, _k, v: unknown) {
      if (v && typeof v === "object" && !Array.isArray(v)) {
        return Object.fromEntries(Object.entries(v).reverse());
      }
      return v;
    }) as typeof sample;
    expect(formatJson(shuffled)).toBe(formatJson(sample));
  });

  test("json keeps fields it does not know about", () => {
    const extended = { ...sample, extra: 1 } as typeof sample;
    expect(JSON.parse(formatJson(extended))).toHaveProperty("extra", 1);
    expect(canonicalResult(sample)).toEqual(sample);
  });

  test("names: one per line", () => {
    expect(formatNames(sample)).toBe('app/db\nlegacy/token\nodd,"name"\n');
  });

  test("csv quotes commas, quotes and newlines and round-trips", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('a "b"')).toBe('"a ""b"""');
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField("a\nb")).toBe('"a\nb"');
    const rows = parseCsv(formatCsv(sample));
    expect(rows[0]).toEqual([
      "name",
      "type",
      "created",
      "updated",
      "scheduled_deletion",
      "owing_service",
      "tags",
    ]);
    expect(rows).toHaveLength(4);
    expect(rows[1]).toEqual([
      "app/db",
      "Rds",
      "2024-07-17T07:59:05Z",
      "2024-07-17T07:59:05Z",
      "",
      "",
      '{"env":"prod","team":"payments"}',
    ]);
    expect(rows[2]?.[4]).toBe("2024-08-17T07:59:05Z");
    expect(rows[3]?.[0]).toBe('odd,"name"');
    expect(JSON.parse(rows[3]?.[6] ?? "")).toEqual({ note: "a, b" });
  });

  test("table: headers, aligned columns, and a ! marker for scheduled deletion without color", () => {
    const text = formatTable(sample, { color: false });
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^ {2}NAME +TYPE +CREATED +UPDATED +SCHEDULED DELETION +TAGS$/);
    expect(lines[1]).toMatch(/^ {2}app\/db +Rds +.* +- +env=prod, team=payments$/);
    expect(lines[2]).toMatch(/^! legacy\/token +Generic +.*2024-08-17T07:59:05Z +-$/);
    expect(text).not.toContain("\u001b[");
    const typeColumn = lines[0]!.indexOf("TYPE");
    expect(lines[1]!.indexOf("Rds")).toBe(typeColumn);
    expect(lines[2]!.indexOf("Generic")).toBe(typeColumn);
    expect(text).toMatch(/3 secrets, 1 scheduled for deletion \(marked !\)\n$/);
  });

  test("table: color only paints scheduled rows red and the header bold", () => {
    const lines = formatTable(sample, { color: true }).split("\n");
    expect(lines[0]).toContain("\u001b[1m");
    expect(lines[1]).not.toContain("\u001b[");
    expect(lines[2]?.startsWith("\u001b[31m! legacy/token")).toBe(true);
    expect(lines[2]?.endsWith("\u001b[0m")).toBe(true);
  });

  test("table: control characters from the service cannot reach the terminal", () => {
    const evil = result([secret("x", { tags: { k: "\u001b[2Jboom" } })]);
    const text = formatTable(evil, { color: false });
    expect(text).not.toContain("\u001b");
    expect(text).toContain("k=\\u001b[2Jboom");
    expect(formatNames(result([secret("a\nb")]))).toBe("a\\u000ab\n");
  });

  test("table: wide (CJK) names keep the columns aligned", () => {
    const text = formatTable(result([secret("prod/東京-1"), secret("prod/abc-1")]), {
      color: false,
    });
    const [header, a, b] = text.split("\n");
    const column = (line: string, word: string): number =>
      displayWidth(line.slice(0, line.indexOf(word)));
    expect(column(a!, "Generic")).toBe(column(header!, "TYPE"));
    expect(column(b!, "Generic")).toBe(column(header!, "TYPE"));
    expect(displayWidth("東京")).toBe(4);
    expect(displayWidth("café")).toBe(4);
  });

  test("table: empty listing", () => {
    expect(formatTable(result([]), { color: false })).toBe("No secrets found.\n");
  });
});
