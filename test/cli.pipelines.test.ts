/**
 * `drift` in pipelines, in process against emulators: self-describing baselines replayed
 * (contradicting flags exit 2), --fail-on, created baselines, --quiet, and the JSON
 * report validated against the JSON Schema the package ships.
 */
import Ajv from "ajv";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DRIFT_FIELDS } from "../cli/drift";
import { startEmulator, type EmulatorHandle, type SeedSecret } from "../emulator";
import { runCli as runInProcess } from "./helpers/cliInProcess";
import { keyEnv, stsKey } from "./helpers/coreEmulator";
import schema from "../schema/drift-report.schema.json";

const key = stsKey();
const env = keyEnv(key);
const tag = (env: string): SeedSecret["Tags"] => ({ Tag: [{ TagKey: "env", TagValue: env }] });
const seed = (name: string, env: string, extra: Partial<SeedSecret> = {}): SeedSecret => ({
  SecretName: name,
  CreateTime: "2024-07-17T07:59:05Z",
  UpdateTime: "2024-07-17T07:59:05Z",
  Tags: tag(env),
  ...extra,
});

const validateReport = new Ajv({ allErrors: true, strict: true }).compile(schema);
function expectValidReport(stdout: string): Record<string, unknown> {
  const report = JSON.parse(stdout) as Record<string, unknown>;
  const ok = validateReport(report);
  if (!ok) throw new Error(JSON.stringify(validateReport.errors, null, 2));
  return report;
}

let emu: EmulatorHandle;
let dir: string;
let flags: string[];
const file = (name: string): string => path.join(dir, name);
const run = (args: readonly string[], extra: Record<string, string> = {}) =>
  runInProcess(args, { ...env, ...extra });

beforeAll(async () => {
  emu = await startEmulator({
    accessKeys: [key],
    seed: [seed("prod/db", "prod"), seed("prod/api", "prod"), seed("dev/db", "dev")],
  });
  flags = ["--region", emu.region, "--endpoint", emu.endpoint];
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "kms-pipelines-"));
});
afterAll(async () => {
  await emu?.close();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe("the report's JSON Schema", () => {
  test("ships in the package and names every compared field", async () => {
    const pkg = JSON.parse(await fs.readFile(path.join(__dirname, "..", "package.json"), "utf8"));
    expect(pkg.files).toContain("schema/");
    expect(pkg.exports["./schema/drift-report.schema.json"]).toBe(
      "./schema/drift-report.schema.json",
    );
    const field = schema.properties.changed.items.properties.changes.items.properties.field;
    expect(field.enum).toEqual([...DRIFT_FIELDS]);
    expect(validateReport({ schemaVersion: 2 })).toBe(false);
  });
});

describe("self-describing baselines", () => {
  test("--write-baseline on a missing file says it created one; then drift replays its query", async () => {
    const baseline = file("prod.json");
    const created = await run([
      "drift",
      ...flags,
      "--tag",
      "env=prod",
      "-b",
      baseline,
      "--write-baseline",
      "-o",
      "json",
    ]);
    expect(created.code).toBe(0);
    const report = expectValidReport(created.stdout);
    expect(report).toMatchObject({ baselineCreated: true, drift: false, failed: [] });
    expect(created.stderr).toContain(`created baseline ${baseline} (2 secrets)`);
    const text = await run(["drift", ...flags, "-b", file("other.json"), "--write-baseline"]);
    expect(text.stdout).toMatch(/did not exist; created it/);
    expect(text.stdout).not.toMatch(/No drift/);

    const saved = JSON.parse(await fs.readFile(baseline, "utf8"));
    expect(saved).toMatchObject({
      schemaVersion: 2,
      tool: { name: "kms-secrets", version: expect.any(String) },
      takenAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      query: { regions: [emu.region], tags: { env: "prod" }, fetchTags: true, ids: null },
      names: ["prod/api", "prod/db"],
    });

    // No lookup flags but the endpoint: the stored region and tag query are replayed.
    const replay = ["drift", "--endpoint", emu.endpoint, "-b", baseline];
    expect((await run(replay)).code).toBe(0);
    emu.putSecret(seed("dev/new", "dev"));
    expect((await run(replay)).code).toBe(0);
    emu.putSecret(seed("prod/new", "prod"));
    const drifted = await run([...replay, "-o", "json"]);
    expect(drifted.code).toBe(1);
    expect(expectValidReport(drifted.stdout)).toMatchObject({ added: ["prod/new"], removed: [] });
    emu.removeSecret("prod/new");
    emu.removeSecret("dev/new");
  });

  test("flags that contradict the stored query exit 2 naming each difference, before any request", async () => {
    const baseline = file("contradict.json");
    expect(
      (await run(["drift", ...flags, "--tag", "env=prod", "-b", baseline, "--write-baseline"]))
        .code,
    ).toBe(0);
    emu.resetStats();
    const clash = await run([
      "drift",
      "--endpoint",
      emu.endpoint,
      "--region",
      "cn-shanghai",
      "--tag",
      "env=dev",
      "--enable-details",
      "-b",
      baseline,
    ]);
    expect(clash.code).toBe(2);
    expect(clash.stdout).toBe("");
    expect(clash.stderr).toContain(`contradicts the query stored in baseline ${baseline}`);
    expect(clash.stderr).toContain(
      `  --region: baseline ${emu.region}, command line cn-shanghai\n`,
    );
    expect(clash.stderr).toContain("  --tag: baseline env=prod, command line env=dev\n");
    expect(clash.stderr).toContain("  --enable-details: baseline off, command line on\n");
    expect(emu.stats().requests).toBe(0);
    // The same values as stored are no contradiction.
    const same = await run([
      "drift",
      ...flags,
      "--tag",
      "env=prod",
      "--fetch-tags",
      "-b",
      baseline,
    ]);
    expect(same.code).toBe(0);
  });

  test("a baseline of today's format (no query) still works with the flags given", async () => {
    const baseline = file("v1.json");
    await fs.copyFile(path.join(__dirname, "fixtures", "baseline-v1.json"), baseline);
    const old = await startEmulator({
      accessKeys: [key],
      seed: [
        seed("app/api-key", "dev"),
        seed("app/db-password", "prod", {
          SecretType: "Rds",
          Tags: {
            Tag: [
              { TagKey: "env", TagValue: "prod" },
              { TagKey: "team", TagValue: "payments" },
            ],
          },
        }),
      ],
    });
    try {
      const args = ["drift", "--region", old.region, "--endpoint", old.endpoint, "-b", baseline];
      const clean = await run([...args, "-o", "json"]);
      expect(clean.code).toBe(0);
      expect(expectValidReport(clean.stdout)).toMatchObject({
        baseline: { schemaVersion: 1 },
        drift: false,
      });
      old.putSecret(seed("app/api-key", "prod"));
      const tagged = await run(args);
      expect(tagged.code).toBe(1);
      expect(tagged.stdout).toContain('tags.env: "dev" -> "prod"');
    } finally {
      await old.close();
    }
  });
});

describe("exit codes a job can branch on", () => {
  let baseline: string;
  beforeAll(async () => {
    baseline = file("failon.json");
    await run(["drift", ...flags, "-b", baseline, "--write-baseline"]);
    emu.putSecret(seed("late/arrival", "prod"));
  });
  afterAll(() => {
    emu.removeSecret("late/arrival");
  });
  const drift = (...more: string[]) =>
    run(["drift", ...flags, "-b", baseline, "-o", "json", ...more]);

  test("--fail-on picks what fails the run; the report says which failed", async () => {
    const [both, onlyReq, onlyDrift, none, reqMissing] = await Promise.all([
      drift(),
      drift("--fail-on", "requirements"),
      drift("--fail-on", "drift", "--require", "nope"),
      drift("--fail-on", "none", "--require", "nope"),
      drift("--fail-on", "requirements", "--require", "nope"),
    ]);
    expect([both.code, onlyReq.code, onlyDrift.code, none.code, reqMissing.code]).toEqual([
      1, 0, 1, 0, 1,
    ]);
    expect(expectValidReport(both.stdout)).toMatchObject({
      failOn: ["drift", "requirements"],
      failed: ["drift"],
    });
    expect(expectValidReport(onlyReq.stdout)).toMatchObject({ drift: true, failed: [] });
    expect(expectValidReport(onlyDrift.stdout)).toMatchObject({
      requirementsMet: false,
      failed: ["drift"],
    });
    expect(expectValidReport(none.stdout)).toMatchObject({ failOn: [], failed: [] });
    expect(expectValidReport(reqMissing.stdout)).toMatchObject({ failed: ["requirements"] });
    const text = await run(["drift", ...flags, "-b", baseline, "--fail-on", "requirements"]);
    expect(text.stdout).toMatch(/not failing the run \(--fail-on requirements\)\.\n$/);
    const bad = await drift("--fail-on", "drift,typos");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--fail-on must be a comma-separated list of drift, requirements/);
  });

  test("--quiet prints nothing; the exit code still tells", async () => {
    const quiet = await run(["drift", ...flags, "-b", baseline, "--quiet", "--write-baseline"]);
    expect(quiet).toEqual({ code: 1, stdout: "", stderr: "" });
    const after = await run(["drift", ...flags, "-b", baseline, "-q"]);
    expect(after).toEqual({ code: 0, stdout: "", stderr: "" });
  });
});
