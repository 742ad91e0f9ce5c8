/**
 * `kms-secrets` in-process (cli/run.ts) against emulators started here: every output format,
 * every exit code, and no credential in any output. The built bin: cli.builtBin.test.ts.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { startEmulator, type EmulatorHandle, type SeedSecret } from "../emulator";
import { getSecretsResultSchema, type GetSecretsResult } from "../core/result";
import { formatJson } from "../cli/format/canonical";
import {
  closedPort,
  credentialEnv,
  emulatorFlags,
  testAccessKey,
  useCliEmulator,
  type CliEnv,
  type CliRun,
} from "./helpers/cliEnv";
import { runCli } from "./helpers/cliInProcess";

const key = testAccessKey();
const env = credentialEnv(key);
const SECRET_VALUES = [key.accessKeySecret, key.securityToken];

const T0 = "2024-07-17T07:59:05Z";
function seedSecret(name: string, extra: Partial<SeedSecret> = {}): SeedSecret {
  return { SecretName: name, SecretType: "Generic", CreateTime: T0, UpdateTime: T0, ...extra };
}
const tags = (pairs: Record<string, string>): SeedSecret["Tags"] => ({
  Tag: Object.entries(pairs).map(([TagKey, TagValue]) => ({ TagKey, TagValue })),
});

const SEED: SeedSecret[] = [
  seedSecret("app/db-password", {
    SecretType: "Rds",
    Tags: tags({ env: "prod", team: "payments" }),
  }),
  seedSecret("app/api-key", { Tags: tags({ env: "dev", note: 'a, "quoted" value' }) }),
  seedSecret("legacy/token", { PlannedDeleteTime: "2024-08-17T07:59:05Z" }),
  ...Array.from({ length: 37 }, (_, i) =>
    seedSecret(`bulk/secret-${String(i).padStart(3, "0")}`, { Tags: tags({ env: "staging" }) }),
  ),
];
const SEED_NAMES = SEED.map((s) => s.SecretName).sort();

/** Every run goes through here: whatever happened, no credential may appear in the output. */
async function cli(args: readonly string[], runEnv: CliEnv = env): Promise<CliRun> {
  const run = await runCli(args, runEnv);
  for (const value of SECRET_VALUES) {
    expect(run.stdout).not.toContain(value);
    expect(run.stderr).not.toContain(value);
  }
  return run;
}

function expectNoStack(run: CliRun): void {
  expect(run.stderr).not.toMatch(/^\s+at /m);
}

const cliEmu = useCliEmulator({ accessKeys: [key], seed: SEED }, "kms-cli-test-");

describe("kms-secrets: help, version and usage", () => {
  test("help and version exit 0; a missing or unknown command exits 2", async () => {
    const pkg = JSON.parse(await fs.readFile(path.join(__dirname, "..", "package.json"), "utf8"));
    const [help, version, none, unknown, listHelp, driftHelp, emulatorHelp, helpDrift, badFlag] =
      await Promise.all([
        cli(["--help"]),
        cli(["--version"]),
        cli([]),
        cli(["frobnicate"]),
        cli(["list", "--help"]),
        cli(["drift", "--help"]),
        cli(["emulator", "--help"]),
        cli(["help", "drift"]),
        cli(["list", "--access-key-secret", "x"]),
      ]);
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toContain("kms-secrets list");
    expect(help.stdout).toMatch(/Exit codes[\s\S]*2 {2}bad usage[\s\S]*3 {2}the service/);
    expect(version).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: "" });
    expect(none.code).toBe(2);
    expect(none.stdout).toBe("");
    expect(none.stderr).toContain("Usage:");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/usage error: unknown command "frobnicate"/);
    expect(listHelp.code).toBe(0);
    expect(listHelp.stdout).toContain("--output FORMAT");
    expect(driftHelp.code).toBe(0);
    expect(driftHelp.stdout).toContain("--write-baseline");
    expect(helpDrift.stdout).toBe(driftHelp.stdout);
    expect(emulatorHelp.code).toBe(0);
    expect(emulatorHelp.stdout).toContain("Usage: kms-secrets emulator");
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/Unknown option '--access-key-secret'/);
    expect(badFlag.stderr).toContain("kms-secrets list --help");
  });
});

describe("kms-secrets list: output formats", () => {
  test("json is the complete GetSecretsResult in canonical form; also the default in a pipe", async () => {
    const [json, byDefault] = await Promise.all([
      cli(["list", ...cliEmu.flags, "--fetch-tags", "--page-size", "10", "--output", "json"]),
      cli(["list", ...cliEmu.flags, "--fetch-tags", "--page-size", "10"]),
    ]);
    expect(json.code).toBe(0);
    expect(json.stderr).toBe("");
    const listed: GetSecretsResult = getSecretsResultSchema().parse(JSON.parse(json.stdout));
    expect(listed.names).toEqual(SEED_NAMES);
    expect(listed.ids).toEqual(SEED_NAMES);
    expect(listed.region).toBe(cliEmu.emulator.region);
    expect(json.stdout).toBe(formatJson(listed));
    const db = listed.secrets.find((s) => s.secretName === "app/db-password");
    expect(db).toMatchObject({ secretType: "Rds", tags: { env: "prod", team: "payments" } });
    const legacy = listed.secrets.find((s) => s.secretName === "legacy/token");
    expect(legacy?.plannedDeleteTime).toBe("2024-08-17T07:59:05Z");
    expect(byDefault).toEqual(json);
  });

  test("names, csv and table", async () => {
    const [names, csv, table] = await Promise.all([
      cli(["list", ...cliEmu.flags, "--output", "names"]),
      cli(["list", ...cliEmu.flags, "-o", "csv"]), // table and csv fetch tags by themselves
      cli(["list", ...cliEmu.flags, "--output", "table"]),
    ]);
    expect(names).toEqual({
      code: 0,
      stdout: SEED_NAMES.map((n) => `${n}\n`).join(""),
      stderr: "",
    });

    expect(csv.code).toBe(0);
    const csvLines = csv.stdout.trimEnd().split("\n");
    expect(csvLines[0]).toBe("name,type,created,updated,scheduled_deletion,owing_service,tags");
    expect(csvLines).toHaveLength(SEED.length + 1);
    expect(csv.stdout).toContain(
      `app/api-key,Generic,${T0},${T0},,,"{""env"":""dev"",""note"":""a, \\""quoted\\"" value""}"\n`,
    );
    expect(csv.stdout).toContain(`legacy/token,Generic,${T0},${T0},2024-08-17T07:59:05Z,,\n`);

    expect(table.code).toBe(0);
    const rows = table.stdout.split("\n");
    expect(rows[0]).toMatch(/^ {2}NAME +TYPE +CREATED +UPDATED +SCHEDULED DELETION +TAGS$/);
    expect(table.stdout).toMatch(/^ {2}app\/db-password +Rds .* env=prod, team=payments$/m);
    expect(table.stdout).toMatch(/^! legacy\/token +Generic .*2024-08-17T07:59:05Z +-$/m);
    expect(table.stdout).toContain(`${SEED.length} secrets, 1 scheduled for deletion (marked !)`);
    expect(table.stdout).not.toContain("\u001b["); // not a terminal: no color
    expect(table.stderr).toBe(""); // not a terminal: no progress line
  });

  test("lookup flags reach the core: --tag, --name-regex, --id, --filter", async () => {
    const [byTag, byRegex, byId, byFilter] = await Promise.all([
      cli(["list", ...cliEmu.flags, "--tag", "env=prod", "-o", "names"]),
      cli(["list", ...cliEmu.flags, "--name-regex", "^app/", "-o", "names"]),
      cli([
        "list",
        ...cliEmu.flags,
        "--id",
        "legacy/token",
        "--id",
        "bulk/secret-001",
        "-o",
        "names",
      ]),
      cli(["list", ...cliEmu.flags, "--filter", "SecretType=Rds,Redis", "-o", "names"]),
    ]);
    expect(byTag.stdout).toBe("app/db-password\n");
    expect(byRegex.stdout).toBe("app/api-key\napp/db-password\n");
    expect(byId.stdout).toBe("bulk/secret-001\nlegacy/token\n");
    expect(byFilter.stdout).toBe("app/db-password\n");
  });
});

describe("exit code 2: bad usage, argument, config", () => {
  test("bad arguments are refused before any request, naming the flag", async () => {
    cliEmu.emulator.resetStats();
    const runs = await Promise.all([
      cli(["list", ...cliEmu.flags, "--page-size", "0"]),
      cli(["list", ...cliEmu.flags, "--filter", "Colour=red"]),
      cli(["list", ...cliEmu.flags, "--output", "yaml"]),
      cli(["list", "--region", "Mars", "--endpoint", cliEmu.emulator.endpoint]),
      cli(["list", ...cliEmu.flags, "--page-size"]),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2, 2]);
    expect(runs[0]?.stderr).toMatch(/^kms-secrets: argument error: --page-size: /);
    expect(runs[1]?.stderr).toMatch(/--filter #1: Key must be one of SecretName/);
    expect(runs[2]?.stderr).toMatch(/--output must be one of table, json, names, csv, got "yaml"/);
    expect(runs[3]?.stderr).toMatch(/--region: /);
    expect(runs[4]?.stderr).toMatch(/--page-size <value>' argument missing/);
    for (const run of runs) {
      expect(run.stdout).toBe("");
      expectNoStack(run);
    }
    expect(cliEmu.emulator.stats().requests).toBe(0);
  });

  test("no credentials anywhere, half a key, or no region: config error", async () => {
    const [none, half, noRegion, noneDebug] = await Promise.all([
      cli(["list", ...cliEmu.flags], {}),
      cli(["list", ...cliEmu.flags], { ALIBABA_CLOUD_ACCESS_KEY_ID: key.accessKeyId }),
      cli(["list", "--endpoint", cliEmu.emulator.endpoint], env),
      cli(["list", ...cliEmu.flags, "--debug"], {}),
    ]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^kms-secrets: config error: Credentials\.NotFound: /);
    expectNoStack(none);
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(
      /config error: Credentials\.Incomplete: .*ALIBABA_CLOUD_ACCESS_KEY_SECRET/,
    );
    expect(noRegion.code).toBe(2);
    expect(noRegion.stderr).toMatch(/^kms-secrets: config error: --region: /);
    expect(noRegion.stderr).toMatch(/ALIBABA_CLOUD_REGION_ID/);
    expect(noneDebug.code).toBe(2);
    expect(noneDebug.stderr).toMatch(/^\s+at /m); // --debug shows the stack
  });
});

test("two spellings of the key or the region with different values: config error, names only", async () => {
  const other = testAccessKey();
  const keys = {
    ...env,
    ALICLOUD_ACCESS_KEY: other.accessKeyId,
    ALICLOUD_SECRET_KEY: key.accessKeySecret,
  };
  const region = { ...env, ALICLOUD_REGION: "cn-beijing", ALIBABA_CLOUD_REGION: "cn-hangzhou" };
  cliEmu.emulator.resetStats();
  const [twoKeys, twoRegions] = await Promise.all([
    cli(["list", ...cliEmu.flags], keys),
    cli(["list", "--endpoint", cliEmu.emulator.endpoint], region),
  ]);
  expect(twoKeys.code).toBe(2);
  expect(twoKeys.stderr).toMatch(
    /config error: ALICLOUD_ACCESS_KEY: is set, and so is ALIBABA_CLOUD_ACCESS_KEY_ID, to a different value/,
  );
  expect(twoKeys.stderr).not.toContain(other.accessKeyId);
  expect(twoKeys.stderr).not.toContain(key.accessKeyId);
  expect(twoRegions.code).toBe(2);
  expect(twoRegions.stderr).toMatch(
    /config error: ALICLOUD_REGION: is set, and so is ALIBABA_CLOUD_REGION,/,
  );
  expect(cliEmu.emulator.stats().requests).toBe(0);
});

describe("exit code 3: the service or the network failed", () => {
  let faulty: EmulatorHandle;
  beforeAll(async () => {
    faulty = await startEmulator({ accessKeys: [key], seed: SEED, faults: { error503Rate: 1 } });
  });
  afterAll(async () => {
    await faulty?.close();
  });

  test("a wrong key, a wrong secret, a dead endpoint, a failing service (with and without --debug)", async () => {
    const port = await closedPort();
    const wrongId = { ...env, ALIBABA_CLOUD_ACCESS_KEY_ID: "testkey-unknown" };
    const wrongSecret = { ...env, ALIBABA_CLOUD_ACCESS_KEY_SECRET: `${key.accessKeySecret}x` };
    const dead = ["--region", "cn-hangzhou", "--endpoint", `http://127.0.0.1:${port}`];
    const fast = ["--max-retries", "1", "--request-timeout", "2000"];
    const failing = [...emulatorFlags(faulty), "--max-retries", "1"];
    const cases: [string[], CliEnv][] = [
      [["list", ...cliEmu.flags], wrongId],
      [["list", ...cliEmu.flags], wrongSecret],
      [["list", ...dead, ...fast], env],
      [["list", ...failing], env],
    ];
    const runs = await Promise.all([
      ...cases.map(([args, e]) => cli(args, e)),
      ...cases.map(([args, e]) => cli([...args, "--debug"], e)),
    ]);
    for (const run of runs) {
      expect(run.code).toBe(3);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(/^kms-secrets: service error: ListSecrets failed: /);
      // the secret and the token were checked by cli(); the id of a rejected key may be named,
      // but never inside a signed URL or a string to sign
      expect(run.stderr).not.toMatch(/(Signature|SecurityToken)(=|%3D)(?!\[REDACTED\])/);
      expect(run.stderr).toMatch(/\n {2}code=\S+ (http=\d+ )?requestId=/);
    }
    const requestId = /requestId=[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}/i;
    const [badId, badSecret, deadEndpoint, unavailable] = runs;
    expect(badId?.stderr).toMatch(/code=InvalidAccessKeyId\.NotFound http=404 requestId=/);
    expect(badId?.stderr).toMatch(requestId);
    expect(badSecret?.stderr).toMatch(/code=SignatureDoesNotMatch http=400 requestId=/);
    expect(badSecret?.stderr).toMatch(requestId);
    expect(deadEndpoint?.stderr).toMatch(/code=NetworkError requestId=none .* attempts=2\n/);
    expect(unavailable?.stderr).toMatch(
      /code=ServiceUnavailable http=503 requestId=\S+ attempts=2\n/,
    );
    for (const run of runs.slice(0, 4)) expectNoStack(run);
    for (const run of runs.slice(4)) expect(run.stderr).toMatch(/^\s+at /m);
  });
});

describe("kms-secrets drift", () => {
  // each test changes the data: a fresh emulator per test
  let live: EmulatorHandle;
  let liveFlags: string[];
  beforeEach(async () => {
    live = await startEmulator({ accessKeys: [key], seed: SEED });
    liveFlags = emulatorFlags(live);
  });
  afterEach(async () => {
    await live?.close();
  });

  const file = (name: string): string => path.join(cliEmu.dir, name);

  test("a corrupt, mismatched or missing baseline is exit 2, naming the file, before any request", async () => {
    await fs.writeFile(file("broken.json"), '{"id": "x", "secrets": [', "utf8");
    await fs.writeFile(
      file("shape.json"),
      JSON.stringify({ id: "x", region: "r", ids: [] }),
      "utf8",
    );
    live.resetStats();
    const runs = await Promise.all([
      cli(["drift", ...liveFlags, "--baseline", file("broken.json")]),
      cli(["drift", ...liveFlags, "--baseline", file("shape.json")]),
      cli(["drift", ...liveFlags, "--baseline", file("absent.json")]),
      cli(["drift", ...liveFlags]),
      cli(["drift", ...liveFlags, "--baseline", file("absent.json"), "--ignore-field", "colour"]),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2, 2]);
    expect(runs[0]?.stderr).toContain(
      `baseline error: baseline file ${file("broken.json")} is not valid JSON`,
    );
    expect(runs[1]?.stderr).toContain(`baseline file ${file("shape.json")} does not match`);
    expect(runs[1]?.stderr).toMatch(/names: /);
    expect(runs[2]?.stderr).toContain(`baseline file ${file("absent.json")} does not exist`);
    expect(runs[3]?.stderr).toMatch(/usage error: drift needs --baseline FILE/);
    expect(runs[4]?.stderr).toMatch(/--ignore-field "colour" is not a compared field/);
    for (const run of runs) expectNoStack(run);
    expect(live.stats().requests).toBe(0);
  });

  test("no change: exit 0; each kind of change: exit 1 with a field-by-field report", async () => {
    const baseline = file("baseline.json");
    const listed = await cli(["list", ...liveFlags, "--fetch-tags", "--output", "json"]);
    expect(listed.code).toBe(0);
    await fs.writeFile(baseline, listed.stdout, "utf8");

    const clean = await cli(["drift", ...liveFlags, "--baseline", baseline]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/No drift \(0 added, 0 removed, 0 changed\)\.\n$/);

    const later = "2025-01-01T00:00:00Z";
    live.putSecret(seedSecret("app/new-secret", { Tags: tags({ env: "prod" }) }));
    live.removeSecret("bulk/secret-000");
    live.putSecret(seedSecret("app/api-key", { Tags: tags({ env: "prod", owner: "me" }) }));
    live.putSecret(
      seedSecret("bulk/secret-001", { SecretType: "Redis", Tags: tags({ env: "staging" }) }),
    );
    live.putSecret(
      seedSecret("bulk/secret-002", { PlannedDeleteTime: later, Tags: tags({ env: "staging" }) }),
    );
    live.putSecret(
      seedSecret("bulk/secret-003", { UpdateTime: later, Tags: tags({ env: "staging" }) }),
    );
    live.putSecret(seedSecret("legacy/token")); // deletion cancelled

    const base = ["drift", ...liveFlags, "--baseline", baseline];
    const [json, text, ignoring, required] = await Promise.all([
      cli([...base, "--output", "json"]),
      cli(base),
      cli([...base, "--ignore-field", "updateTime", "--ignore-field", "tags", "-o", "json"]),
      cli([
        ...base,
        "--require",
        "bulk/secret-002",
        "--require",
        "bulk/secret-000",
        "--require",
        "app/db-password",
      ]),
    ]);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report).toEqual({
      schemaVersion: 1,
      drift: true,
      requirementsMet: true,
      failOn: ["drift", "requirements"],
      failed: ["drift"],
      baselineCreated: false,
      baseline: {
        id: expect.any(String),
        region: live.region,
        regions: [live.region],
        secrets: SEED.length,
        schemaVersion: 1,
      },
      live: {
        id: expect.any(String),
        region: live.region,
        regions: [live.region],
        secrets: SEED.length,
      },
      unreadableRegions: [],
      ignoredFields: [],
      added: ["app/new-secret"],
      removed: ["bulk/secret-000"],
      changed: [
        {
          id: "app/api-key",
          secretName: "app/api-key",
          regionId: live.region,
          changes: [
            { field: "tags", key: "note", before: 'a, "quoted" value', after: null },
            { field: "tags", key: "owner", before: null, after: "me" },
            { field: "tags", key: "env", before: "dev", after: "prod" },
          ].sort((a, b) => (a.key < b.key ? -1 : 1)),
        },
        {
          id: "bulk/secret-001",
          secretName: "bulk/secret-001",
          regionId: live.region,
          changes: [{ field: "secretType", before: "Generic", after: "Redis" }],
        },
        {
          id: "bulk/secret-002",
          secretName: "bulk/secret-002",
          regionId: live.region,
          changes: [{ field: "plannedDeleteTime", before: null, after: later }],
        },
        {
          id: "bulk/secret-003",
          secretName: "bulk/secret-003",
          regionId: live.region,
          changes: [{ field: "updateTime", before: T0, after: later }],
        },
        {
          id: "legacy/token",
          secretName: "legacy/token",
          regionId: live.region,
          changes: [{ field: "plannedDeleteTime", before: "2024-08-17T07:59:05Z", after: null }],
        },
      ],
      unreadableSecrets: [],
      requirementFailures: [],
    });
    expect(report.baseline.id).toBe(report.live.id);
    expect(json.stdout.endsWith("}\n")).toBe(true);

    expect(text.code).toBe(1);
    expect(text.stdout).toContain("  + added    app/new-secret\n");
    expect(text.stdout).toContain("  - removed  bulk/secret-000\n");
    expect(text.stdout).toContain('      tags.env: "dev" -> "prod"\n');
    expect(text.stdout).toContain('      secretType: "Generic" -> "Redis"\n');
    expect(text.stdout).toContain(
      `      plannedDeleteTime: (none) -> "${later}"  (scheduled for deletion)\n`,
    );
    expect(text.stdout).toContain(`      updateTime: "${T0}" -> "${later}"\n`);
    expect(text.stdout).toMatch(/Drift found: 1 added, 1 removed, 5 changed\.\n$/);
    expect(text.stderr).toBe("");

    const ignored = JSON.parse(ignoring.stdout);
    expect(ignoring.code).toBe(1);
    expect(ignored.ignoredFields).toEqual(["updateTime", "tags"]);
    expect(ignored.changed.map((c: { secretName: string }) => c.secretName)).toEqual([
      "bulk/secret-001",
      "bulk/secret-002",
      "legacy/token",
    ]);

    expect(required.code).toBe(1);
    expect(required.stdout).toContain(`  ! required bulk/secret-000 is missing\n`);
    expect(required.stdout).toContain(
      `  ! required bulk/secret-002 is scheduled for deletion at ${later}\n`,
    );
    expect(required.stdout).not.toContain("required app/db-password");

    // Refresh the baseline atomically: the run still reports the drift (1), the next run is clean.
    const refresh = await cli([...base, "--write-baseline"]);
    expect(refresh.code).toBe(1);
    expect(refresh.stderr).toContain(`updated baseline ${baseline} (${SEED.length} secrets)`);
    expect((await fs.readdir(cliEmu.dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    const after = await cli(base);
    expect(after.code).toBe(0);
    const requiredOnly = await cli([...base, "--require", "bulk/secret-002"]);
    expect(requiredOnly.code).toBe(1);
    expect(requiredOnly.stdout).toMatch(/No drift .*; 1 required secret\(s\) failing\.\n$/);
  });

  test("--write-baseline creates a missing baseline; a drifting tag-less query warns nothing", async () => {
    const fresh = file("fresh.json");
    const created = await cli([
      "drift",
      ...liveFlags,
      "--fetch-tags",
      "--baseline",
      fresh,
      "--write-baseline",
    ]);
    expect(created.code).toBe(0);
    expect(created.stderr).toContain(`created baseline ${fresh}`);
    const saved = getSecretsResultSchema().parse(JSON.parse(await fs.readFile(fresh, "utf8")));
    expect(saved.names).toEqual(live.listSecretNames().sort());
    // The baseline holds tags, so drift fetches them even without --fetch-tags.
    const again = await cli(["drift", ...liveFlags, "--baseline", fresh]);
    expect(again.code).toBe(0);
  });
});
