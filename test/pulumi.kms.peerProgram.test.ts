/**
 * The drop-in promise at run time: the @pulumi/alicloud program in test/fixtures/peer-program,
 * with only its import line changed, runs under Pulumi mocks against the emulator with the right
 * values. That it compiles (and our types equal the peer's) is checked in template-program.test.ts.
 */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import ts from "typescript";
import * as dropin from "pulumi-alicloud-kms-secrets";
import { startEmulator, type EmulatorHandle } from "../emulator";
import { clearLookupMemo } from "../sdk/lookupMemo";
import { DROPIN_SEED } from "./helpers/dropinSeed";
import { dropinProgram } from "./helpers/peerProgram";
import { emulatorStackConfig, setPulumiMocks, settle, testAccessKey } from "./helpers/pulumiMocks";

/** Runs the program (transpiled to CommonJS) with our package and this test's Pulumi. */
function runProgram(source: string): Record<string, unknown> {
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 },
  }).outputText;
  const modules: Record<string, unknown> = {
    "@pulumi/pulumi": pulumi,
    "pulumi-alicloud-kms-secrets": dropin,
  };
  const exports: Record<string, unknown> = {};
  const load = (name: string): unknown => {
    if (!(name in modules)) throw new Error(`the program imports ${name}`);
    return modules[name];
  };
  new Function("exports", "require", "module", js)(exports, load, { exports });
  return exports;
}

async function resolved(value: unknown): Promise<{ value: unknown; secret: boolean }> {
  const inner = await value;
  if (pulumi.Output.isInstance(inner)) {
    const settled = await settle(inner as pulumi.Output<unknown>);
    expect(settled.known).toBe(true);
    return { value: settled.value, secret: settled.secret };
  }
  return { value: inner, secret: false };
}

describe("the @pulumi/alicloud program, import changed", () => {
  describe("runs under mocks with the right values", () => {
    const key = testAccessKey();
    let emulator: EmulatorHandle;
    let workDir: string;
    let cwd: string;
    beforeAll(async () => {
      emulator = await startEmulator({ seed: DROPIN_SEED, accessKeys: [key] });
      workDir = await fs.mkdtemp(path.join(os.tmpdir(), "kms-dropin-"));
      cwd = process.cwd();
      process.chdir(workDir);
    });
    afterAll(async () => {
      process.chdir(cwd);
      await fs.rm(workDir, { recursive: true, force: true });
      await emulator.close();
    });

    test("every export, secrets kept secret in the Output forms", async () => {
      await setPulumiMocks(emulatorStackConfig(emulator, key));
      clearLookupMemo();
      const exports = runProgram(dropinProgram());
      const values: Record<string, unknown> = {};
      const secret: string[] = [];
      for (const [name, value] of Object.entries(exports)) {
        const settled = await resolved(value);
        values[name] = settled.value;
        if (settled.secret) secret.push(name);
      }
      const arn = `acs:kms:${emulator.region}:1234567890123456:secret/db/password`;
      expect(values).toEqual({
        appNames: ["app/api-key", "app/config", "app/rotated"],
        appIds: ["app/api-key", "app/config", "app/rotated"],
        dbArn: arn,
        dbPassword: '{"AccountName":"app","AccountPassword":"rds-pw"}',
        dbVersion: "r1:ACSCurrent",
        dbEnableDetails: true,
        prodNames: ["app/api-key", "db/password"],
        prodTags: ["prod", "prod"],
        prodEcho: { tags: { env: "prod" }, fetchTags: true },
        filteredNames: ["app/api-key", "db/password"],
        filteredOutputFile: "kms-secrets.json",
        filteredFilters: '[{"Key":"SecretName","Values":["app/api-key","db/password"]}]',
        appValues: [
          "app/api-key=api-key-value",
          'app/config={"feature":true}',
          "app/rotated=pw-four",
        ],
        appTypes: ["Generic", "Generic", "Generic"],
        appDescriptions: ["the <api> key & more", "", ""],
        versionIds: ["v1", "v2", "v3", "v4"],
        versionValues: ["v1=pw-one", "v2=pw-two", "v3=pw-three", "v4=pw-four"],
        versionSecretName: "app/rotated",
        previousIds: ["v2"],
        previousStages: [["ACSPrevious"]],
        firstName: "app/api-key",
      });
      expect(secret.sort()).toEqual(["appDescriptions", "appTypes", "appValues", "dbPassword"]);
      const written = JSON.parse(await fs.readFile(path.join(workDir, "kms-secrets.json"), "utf8"));
      expect(written.map((r: { secret_name: string }) => r.secret_name)).toEqual([
        "app/api-key",
        "db/password",
      ]);
    });
  });
});
