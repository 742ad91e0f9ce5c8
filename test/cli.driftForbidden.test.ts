/**
 * drift never says "No drift" about a secret it could not read: one readable in the baseline
 * and denied now (Forbidden.NoPermission) is an unreadable-secret change in every format, exit 1.
 */
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv from "ajv";
import { startEmulator, type EmulatorHandle, type SeedSecret } from "../emulator";
import schema from "../schema/drift-report.schema.json";
import { credentialEnv, emulatorFlags, testAccessKey } from "./helpers/cliEnv";
import { runCli } from "./helpers/cliInProcess";

const key = testAccessKey();
const env = credentialEnv(key);
const validateReport = new Ajv({ allErrors: true, strict: true }).compile(schema);
const seed = (name: string, extra: Partial<SeedSecret> = {}): SeedSecret => ({
  SecretName: name,
  SecretType: "Generic",
  CreateTime: "2024-07-17T07:59:05Z",
  SecretData: `value-of-${name}`,
  VersionId: "v1",
  ...extra,
});

let emulator: EmulatorHandle;
let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "kms-drift-forbidden-"));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await emulator?.close();
});

test("a secret readable in the baseline and forbidden now is drift (exit 1), never 'No drift'", async () => {
  emulator = await startEmulator({
    accessKeys: [key],
    seed: [seed("app/api"), seed("app/locked", { Forbidden: true })],
  });
  const flags = emulatorFlags(emulator);
  const file = path.join(dir, "base.json");
  // the baseline already lists a forbidden secret, so drift turns --skip-forbidden on itself
  const listed = await runCli(
    ["list", ...flags, "--fetch-values", "--skip-forbidden", "--output", "json"],
    env,
  );
  expect(listed.code).toBe(0);
  await fs.writeFile(file, listed.stdout);
  expect(JSON.parse(listed.stdout)).toMatchObject({ forbidden: ["app/locked"] });

  const same = await runCli(["drift", ...flags, "--baseline", file], env);
  expect(same.stdout).toContain("No drift");
  expect(same.code).toBe(0);

  // app/api gets a new value and becomes forbidden
  emulator.putSecret(seed("app/api", { SecretData: "new", VersionId: "v2", Forbidden: true }));
  const drift = (output: string) =>
    runCli(["drift", ...flags, "--baseline", file, "--output", output], env);

  const text = await drift("text");
  expect(text.stdout).not.toContain("No drift");
  expect(text.stdout).toContain("? unreadable-secret app/api");
  expect(text.stdout).toContain("1 unreadable");
  expect(text.code).toBe(1);

  const json = await drift("json");
  const report: unknown = JSON.parse(json.stdout);
  expect(report).toMatchObject({ drift: true, unreadableSecrets: ["app/api"], failed: ["drift"] });
  expect(validateReport(report)).toBe(true);
  expect(json.code).toBe(1);

  const markdown = await drift("markdown");
  expect(markdown.stdout).toMatch(/\| \? \| app\/api \| unreadable\\-secret/);
  expect(markdown.code).toBe(1);

  const github = await drift("github");
  expect(github.stdout).toContain(
    "::error title=KMS drift%3A app/api::app/api: readable in the baseline",
  );
  expect(github.code).toBe(1);

  const junit = await drift("junit");
  expect(junit.stdout).toMatch(
    /name="app\/api">\s*<failure[^>]*type="drift"[^>]*message="unreadable-secret"/,
  );
  expect(junit.stdout).toContain('failures="1"');
  expect(junit.code).toBe(1);
});
