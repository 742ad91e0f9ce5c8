import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  BASELINE_SCHEMA_VERSION,
  formatBaseline,
  parseBaseline,
  parseBaselineFile,
  readBaseline,
  writeBaseline,
} from "../cli/baseline";
import { queryOf, type BaselineMeta } from "../cli/baselineQuery";
import { UsageError } from "../cli/errors";
import { formatJson } from "../cli/format/canonical";
import { result, secret } from "./helpers/cliFixtures";

const META: BaselineMeta = {
  schemaVersion: 2,
  tool: { name: "kms-secrets", version: "9.9.9" },
  takenAt: "2026-01-02T03:04:05.000Z",
  query: queryOf({ tags: { env: "prod" }, enableDetails: true }, ["cn-hangzhou"]),
};

async function problem(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof UsageError) {
      expect(err.exitCode).toBe(2);
      expect(err.problem).toBe("baseline");
      return err.message;
    }
    throw err;
  }
  throw new Error("expected a baseline error");
}

describe("baseline files", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "kms-baseline-"));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  const sample = result([secret("a", { tags: { z: "1", a: "2" } }), secret("b")]);

  test("write then read round-trips, canonical bytes, no temp file left", async () => {
    const file = path.join(dir, "baseline.json");
    await writeBaseline(file, sample, META);
    const text = await fs.readFile(file, "utf8");
    expect(text).toBe(formatBaseline(sample, META));
    // the meta keys first, then the listing exactly as list --output json writes it
    expect(
      text.replace(
        /^\{\n(?: {2}"(?:schemaVersion|tool|takenAt|query)".*\n(?: {4}.*\n| {2}\},?\n)*)*/,
        "{\n",
      ),
    ).toBe(formatJson(sample));
    expect(await readBaseline(file)).toEqual({ result: sample, meta: META });
    expect(await fs.readdir(dir)).toEqual(["baseline.json"]);
  });

  test("rewriting replaces the file by rename (an open reader keeps the old content)", async () => {
    const file = path.join(dir, "baseline.json");
    await writeBaseline(file, sample, META);
    const before = await fs.stat(file);
    await writeBaseline(file, result([secret("c")]), META);
    const after = await fs.stat(file);
    expect(after.ino).not.toBe(before.ino);
    expect((await readBaseline(file)).result.names).toEqual(["c"]);
  });

  test("a failed write leaves no temp file and names the file", async () => {
    const file = path.join(dir, "missing-dir", "baseline.json");
    expect(await problem(() => writeBaseline(file, sample, META))).toBe(
      `cannot write baseline file ${file} (ENOENT)`,
    );
    expect(await fs.readdir(dir)).toEqual([]);
  });

  test("missing file, directory, empty, not JSON, wrong shape, duplicates", async () => {
    const missing = path.join(dir, "nope.json");
    expect(await problem(() => readBaseline(missing))).toBe(
      `baseline file ${missing} does not exist`,
    );
    expect(await problem(() => readBaseline(dir))).toBe(`baseline file ${dir} is a directory`);
    expect(() => parseBaseline("  \n", "f")).toThrow(/baseline file f is empty/);
    expect(() => parseBaseline('{"id": ', "f")).toThrow(/baseline file f is not valid JSON: /);
    const wrong = { ...sample, secrets: [{ ...sample.secrets[0], secretName: 7 }] };
    expect(() => parseBaseline(JSON.stringify(wrong), "f")).toThrow(
      /baseline file f does not match the list --output json format:\n {2}secrets\.0\.secretName: /,
    );
    expect(() => parseBaseline("[]", "f")).toThrow(/\(top level\): /);
    const dup = { ...sample, secrets: [sample.secrets[1], sample.secrets[1]] };
    expect(() => parseBaseline(JSON.stringify(dup), "f")).toThrow(
      /baseline file f lists secret "b" more than once/,
    );
  });

  test("unknown fields are tolerated (forward compatible)", () => {
    const text = JSON.stringify({ ...sample, producedBy: "future" });
    expect(parseBaseline(text, "f").names).toEqual(["a", "b"]);
  });

  test("a baseline of today's format (a bare list --output json) still loads, without meta", async () => {
    const file = path.join(__dirname, "fixtures", "baseline-v1.json");
    const loaded = await readBaseline(file);
    expect(loaded.meta).toBeUndefined();
    expect(loaded.result.names).toEqual(["app/api-key", "app/db-password"]);
    expect(loaded.result.secrets[1]?.tags).toEqual({ env: "prod", team: "payments" });
  });

  test("version 2 records schemaVersion, tool, time and the full query; newer versions and bad meta are exit 2", () => {
    const parsed = JSON.parse(formatBaseline(sample, META));
    expect(Object.keys(parsed).slice(0, 4)).toEqual(["schemaVersion", "tool", "takenAt", "query"]);
    expect(parsed.schemaVersion).toBe(BASELINE_SCHEMA_VERSION);
    expect(parsed.query).toEqual({
      regions: ["cn-hangzhou"],
      filters: [],
      nameRegex: null,
      ids: null,
      tags: { env: "prod" },
      fetchTags: true,
      enableDetails: true,
      fetchValues: false,
      versionStage: null,
      versionId: null,
      skipForbidden: false,
    });
    const newer = JSON.stringify({ ...parsed, schemaVersion: 3 });
    expect(() => parseBaseline(newer, "f")).toThrow(
      /schemaVersion 3, newer than this kms-secrets reads \(2\)/,
    );
    const broken = JSON.stringify({ ...parsed, query: { ...parsed.query, regions: [] } });
    expect(() => parseBaseline(broken, "f")).toThrow(
      /has a schemaVersion but not the baseline format:\n {2}query\.regions: /,
    );
    expect(parseBaselineFile(JSON.stringify(parsed), "f").meta).toEqual(META);
  });

  test("the same name in two regions is two secrets; twice in one region is a duplicate", () => {
    const two = {
      ...result([secret("a", { regionId: "cn-hangzhou" })]),
      region: "cn-hangzhou,cn-shanghai",
      regions: ["cn-hangzhou", "cn-shanghai"],
    };
    two.secrets.push(secret("a", { id: "cn-shanghai:a", regionId: "cn-shanghai" }));
    expect(parseBaseline(JSON.stringify(two), "f").secrets).toHaveLength(2);
    two.secrets.push(secret("a", { id: "x", regionId: "cn-shanghai" }));
    expect(() => parseBaseline(JSON.stringify(two), "f")).toThrow(
      /lists secret "a" more than once/,
    );
  });
});

describe("a corrupt baseline that holds values (saved with --show-values)", () => {
  const VALUE = `hunter2-${Math.random().toString(36).slice(2)}`;
  const withValue = (name: string) => secret(name, { versionId: "v1", secretData: VALUE });
  const text = formatJson({
    id: "0000000000000000",
    region: "cn-hangzhou",
    ids: ["app/db"],
    names: ["app/db"],
    secrets: [withValue("app/db")],
  });

  test.each([
    ["a quote lost before the value", text.replace(`"${VALUE}"`, `${VALUE}"`)],
    ["a quote lost after the value", text.replace(`"${VALUE}"`, `"${VALUE}`)],
    ["cut off inside the value", text.slice(0, text.indexOf(VALUE) + 4)],
    ["a stray character after the value", text.replace(`"${VALUE}"`, `"${VALUE}"x`)],
  ])("%s: exit-2 message names the problem, never the value", (_case, corrupt) => {
    let message = "";
    try {
      parseBaseline(corrupt, "b.json");
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/^baseline file b\.json is not valid JSON/);
    expect(message).not.toContain(VALUE);
    expect(message).not.toContain(VALUE.slice(0, 4));
  });
});
