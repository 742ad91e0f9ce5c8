/**
 * The CLI (in-process) with --enable-details / --fetch-values / --show-values / --skip-forbidden
 * against the emulator: no value is printed or saved without --show-values, in any format,
 * and drift sees value changes by version and by keyed hash without printing them.
 */
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { startEmulator, type EmulatorHandle, type SeedSecret } from "../emulator";
import { getSecretsResultSchema } from "../core/result";
import { compareValue } from "../cli/drift";
import { formatProgress } from "../cli/progress";
import { presentValues, readHashKey, valueHash, VALUE_PLACEHOLDER } from "../cli/values";
import { result, secret } from "./helpers/cliFixtures";
import {
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
const HASH_KEY = `hashkey-${randomBytes(12).toString("hex")}`;
const run = randomBytes(4).toString("hex");
const valueFor = (i: number): string => `S3cret-value-${i}-${run}`;

const SEED: SeedSecret[] = Array.from({ length: 8 }, (_, i) => ({
  SecretName: `app/secret-${i}`,
  SecretType: i === 0 ? "Rds" : "Generic",
  CreateTime: "2024-07-17T07:59:05Z",
  Description: `secret number ${i}`,
  EncryptionKeyId: `key-${i}`,
  SecretData: valueFor(i),
  VersionId: `v1`,
  ...(i === 0 ? { AutomaticRotation: "Enabled", RotationInterval: "604800s" } : {}),
}));
const FORBIDDEN = "app/secret-5";
(SEED[5] as SeedSecret).Forbidden = true;

/** Every value the emulator may hand out, and the credentials: none may be printed. */
const leaks: string[] = [...SEED.map((s) => s.SecretData as string), key.accessKeySecret, HASH_KEY];

async function cli(args: readonly string[], runEnv: CliEnv = env): Promise<CliRun> {
  const result = await runCli(args, runEnv);
  for (const value of leaks) {
    expect({ value, stdout: result.stdout.includes(value) }).toEqual({ value, stdout: false });
    expect({ value, stderr: result.stderr.includes(value) }).toEqual({ value, stderr: false });
  }
  return result;
}

const cliEmu = useCliEmulator({ accessKeys: [key], seed: SEED }, "kms-cli-values-");
const ALL = ["--enable-details", "--fetch-values", "--skip-forbidden"];

describe("list never prints a value without --show-values", () => {
  test.each(["table", "json", "names", "csv"])("--output %s", async (format) => {
    const listed = await cli(["list", ...cliEmu.flags, ...ALL, "--output", format]);
    expect(listed.code).toBe(0);
    if (format !== "names") expect(listed.stdout).toContain(VALUE_PLACEHOLDER);
    if (format === "table") {
      expect(listed.stdout).toMatch(/ROTATION\s+VERSION\s+VALUE/);
      expect(listed.stdout).toContain("(forbidden)");
      expect(listed.stdout).toContain(
        `1 secret not readable (Forbidden.NoPermission, skipped): ${FORBIDDEN}`,
      );
    } else {
      expect(listed.stderr).toContain(`listed without the denied fields: ${FORBIDDEN}`);
    }
    if (format === "csv") {
      expect(listed.stdout.split("\n")[0]).toBe(
        "name,type,created,updated,scheduled_deletion,owing_service,tags,arn,description,encryption_key_id,automatic_rotation,rotation_interval,last_rotation_date,next_rotation_date,dkms_instance_id,extended_config,version_id,version_stages,secret_data_type,secret_data",
      );
    }
    if (format === "json") {
      const parsed = getSecretsResultSchema().parse(JSON.parse(listed.stdout));
      expect(parsed.forbidden).toEqual([FORBIDDEN]);
      const first = parsed.secrets[0];
      expect(first).toMatchObject({
        secretName: "app/secret-0",
        arn: expect.stringContaining("secret/app/secret-0"),
        description: "secret number 0",
        automaticRotation: "Enabled",
        rotationInterval: "604800s",
        versionId: "v1",
        versionStages: ["ACSCurrent"],
        secretData: VALUE_PLACEHOLDER,
      });
      expect(first).not.toHaveProperty("secretDataHash");
    }
  });

  test("--show-values prints them (json and table)", async () => {
    const json = await runCli(
      [
        "list",
        ...cliEmu.flags,
        "--fetch-values",
        "--id",
        "app/secret-2",
        "--output",
        "json",
        "--show-values",
      ],
      env,
    );
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).secrets[0].secretData).toBe(valueFor(2));
    const table = await runCli(
      [
        "list",
        ...cliEmu.flags,
        "--fetch-values",
        "--id",
        "app/secret-3",
        "--output",
        "table",
        "--show-values",
      ],
      env,
    );
    expect(table.stdout).toContain(valueFor(3));
  });

  test("KMS_SECRETS_HASH_KEY adds a keyed hash to json, never the value", async () => {
    const listed = await cli(
      ["list", ...cliEmu.flags, "--fetch-values", "--id", "app/secret-1", "--output", "json"],
      { ...env, KMS_SECRETS_HASH_KEY: HASH_KEY },
    );
    const hash = JSON.parse(listed.stdout).secrets[0].secretDataHash as string;
    expect(hash).toMatch(/^hmac-sha256:[0-9a-f]{8}:[0-9a-f]{64}$/);
    const hashKey = readHashKey({ KMS_SECRETS_HASH_KEY: HASH_KEY });
    expect(hash).toBe(valueHash(hashKey!, "app/secret-1", valueFor(1)));
    const short = await cli(["list", ...cliEmu.flags, "--fetch-values", "--output", "json"], {
      ...env,
      KMS_SECRETS_HASH_KEY: "short",
    });
    expect(short.code).toBe(2);
    expect(short.stderr).toContain("KMS_SECRETS_HASH_KEY must be at least 16 characters");
  });

  test("refusals name the flag (exit 2), before any request", async () => {
    cliEmu.emulator.resetStats();
    const [show, stage, skip] = await Promise.all([
      cli(["list", ...cliEmu.flags, "--show-values"]),
      cli(["list", ...cliEmu.flags, "--version-stage", "ACSPrevious"]),
      cli(["list", ...cliEmu.flags, "--skip-forbidden"]),
    ]);
    expect(show).toMatchObject({ code: 2, stderr: expect.stringContaining("--show-values") });
    expect(stage).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        "--version-stage: selects the version of fetched values: set --fetch-values too",
      ),
    });
    expect(skip).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        "--skip-forbidden: applies to the per-secret calls: set --enable-details or --fetch-values too",
      ),
    });
    expect(cliEmu.emulator.stats().requests).toBe(0);
  });

  test("a forbidden value without --skip-forbidden fails (exit 3) naming the secret", async () => {
    const failed = await cli(["list", ...cliEmu.flags, "--fetch-values", "--output", "json"]);
    expect(failed.code).toBe(3);
    expect(failed.stdout).toBe("");
    expect(failed.stderr).toContain(`secret "${FORBIDDEN}"`);
    expect(failed.stderr).toContain("code=Forbidden.NoPermission http=403");
  });
});

describe("drift compares values by version and keyed hash, never printing them", () => {
  const hashEnv = (): CliEnv => ({ ...env, KMS_SECRETS_HASH_KEY: HASH_KEY });
  const lookup = ["--id", "app/secret-1", "--id", "app/secret-2"];
  // the test changes values: its own emulator, so the listing tests never see them
  let emulator: EmulatorHandle;
  let flags: string[];
  beforeEach(async () => {
    emulator = await startEmulator({ accessKeys: [key], seed: SEED });
    flags = emulatorFlags(emulator);
  });
  afterEach(async () => {
    await emulator?.close();
  });

  test("a baseline holds no value; a new version and a same-version value change are both caught", async () => {
    const file = path.join(cliEmu.dir, "values-baseline.json");
    const listed = await cli(
      ["list", ...flags, ...lookup, "--fetch-values", "--enable-details", "--output", "json"],
      hashEnv(),
    );
    await fs.writeFile(file, listed.stdout);
    const text = await fs.readFile(file, "utf8");
    for (const value of leaks) expect(text).not.toContain(value);

    // no change: exit 0 (details and values fetched because the baseline has them)
    emulator.resetStats();
    const same = await cli(["drift", ...flags, ...lookup, "--baseline", file], hashEnv());
    expect(same.code).toBe(0);
    expect(same.stderr).toBe("");
    expect(emulator.stats().requestsByAction).toMatchObject({
      DescribeSecret: 2,
      GetSecretValue: 2,
    });

    // a new version (how KMS changes a value): seen without the hash key too
    emulator.putSecret({
      ...(SEED[1] as SeedSecret),
      SecretData: `rotated-${run}`,
      VersionId: "v2",
    });
    // the same version with another value (only an emulator can do this): only the hash sees it
    emulator.putSecret({ ...(SEED[2] as SeedSecret), SecretData: `tampered-${run}` });
    leaks.push(`rotated-${run}`, `tampered-${run}`);

    const withKey = await cli(
      ["drift", ...flags, ...lookup, "--baseline", file, "--output", "json"],
      hashEnv(),
    );
    expect(withKey.code).toBe(1);
    const report = JSON.parse(withKey.stdout);
    expect(report.changed).toEqual([
      {
        id: "app/secret-1",
        secretName: "app/secret-1",
        regionId: "cn-hangzhou",
        changes: [
          { field: "versionId", before: "v1", after: "v2" },
          { field: "secretData", before: VALUE_PLACEHOLDER, after: VALUE_PLACEHOLDER },
        ],
      },
      {
        id: "app/secret-2",
        secretName: "app/secret-2",
        regionId: "cn-hangzhou",
        changes: [{ field: "secretData", before: VALUE_PLACEHOLDER, after: VALUE_PLACEHOLDER }],
      },
    ]);

    const text2 = await cli(["drift", ...flags, ...lookup, "--baseline", file], hashEnv());
    expect(text2.stdout).toContain(
      'secretData: "(secret)" -> "(secret)"  (value changed; compared by hash, never shown)',
    );

    // without the key: the hashes cannot be checked (said on stderr); the version still shows
    const noKey = await cli(["drift", ...flags, ...lookup, "--baseline", file, "--output", "json"]);
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain(
      "value hashes cannot be checked (KMS_SECRETS_HASH_KEY is not set)",
    );
    expect(JSON.parse(noKey.stdout).changed).toEqual([
      {
        id: "app/secret-1",
        secretName: "app/secret-1",
        regionId: "cn-hangzhou",
        changes: [{ field: "versionId", before: "v1", after: "v2" }],
      },
    ]);

    // --write-baseline stores the new state, still without values
    const written = await cli(
      ["drift", ...flags, ...lookup, "--baseline", file, "--write-baseline"],
      hashEnv(),
    );
    expect(written.code).toBe(1);
    const rewritten = await fs.readFile(file, "utf8");
    for (const value of leaks) expect(rewritten).not.toContain(value);
    expect(rewritten).toContain('"secretDataHash": "hmac-sha256:');
    expect((await cli(["drift", ...flags, ...lookup, "--baseline", file], hashEnv())).code).toBe(0);
  });
});

describe("value helpers", () => {
  test("the terminal progress line counts per-secret calls after the listing", () => {
    expect(
      formatProgress({
        pagesFetched: 2,
        totalPages: 2,
        secretsFetched: 150,
        listing: 1,
        callsDone: 40,
        callsTotal: 300,
      }),
    ).toBe("Fetching details and values: 40/300 calls");
  });

  test("presentValues masks values (copying), hashes with a key, and leaves value-less results alone", () => {
    const listing = result([secret("a", { secretData: "pw-a", versionId: "v1" }), secret("b")]);
    const masked = presentValues(listing, { showValues: false });
    expect(masked.secrets[0]).toMatchObject({ secretData: VALUE_PLACEHOLDER, versionId: "v1" });
    expect(masked.secrets[0]).not.toHaveProperty("secretDataHash");
    expect(listing.secrets[0]?.secretData).toBe("pw-a");
    const shown = presentValues(listing, { showValues: true });
    expect(shown.secrets[0]?.secretData).toBe("pw-a");
    const key = readHashKey({ KMS_SECRETS_HASH_KEY: HASH_KEY });
    const hashed = presentValues(listing, { showValues: false, hashKey: key });
    expect(hashed.secrets[0]?.secretDataHash).toBe(valueHash(key!, "a", "pw-a"));
    const plain = result([secret("c")]);
    expect(presentValues(plain, { showValues: false })).toBe(plain);
  });

  test("compareValue: plain values by digest, hashes by key id, undefined when incomparable", () => {
    const key = readHashKey({ KMS_SECRETS_HASH_KEY: HASH_KEY })!;
    const other = readHashKey({ KMS_SECRETS_HASH_KEY: `${HASH_KEY}-other` })!;
    const s = (data?: string, hash?: string) =>
      secret("x", {
        ...(data !== undefined ? { secretData: data } : {}),
        ...(hash !== undefined ? { secretDataHash: hash } : {}),
      });
    expect(compareValue(s("a"), s("a"))).toBe(false);
    expect(compareValue(s("a"), s("b"))).toBe(true);
    expect(compareValue(s(VALUE_PLACEHOLDER), s("b"))).toBeUndefined();
    expect(compareValue(s(VALUE_PLACEHOLDER, valueHash(key, "x", "a")), s("a"), key)).toBe(false);
    expect(compareValue(s(VALUE_PLACEHOLDER, valueHash(key, "x", "a")), s("b"), key)).toBe(true);
    expect(
      compareValue(s(VALUE_PLACEHOLDER, valueHash(other, "x", "a")), s("b"), key),
    ).toBeUndefined();
    expect(compareValue(s(VALUE_PLACEHOLDER, valueHash(key, "x", "a")), s("b"))).toBeUndefined();
    // the same value in two secrets hashes differently
    expect(valueHash(key, "x", "a")).not.toBe(valueHash(key, "y", "a"));
  });
});
