/**
 * The drop-in promise: the @pulumi/alicloud program in test/fixtures/peer-program, with only its
 * import line changed, type-checks against our sources (TypeScript API, template options) and
 * runs under Pulumi mocks against the emulator with the right values.
 */
import { promises as fs, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import ts from "typescript";
import * as dropin from "pulumi-alicloud-kms-secrets";
import { startEmulator, type EmulatorHandle } from "../emulator";
import { clearLookupMemo } from "../sdk/lookupMemo";
import { DROPIN_SEED } from "./helpers/dropinSeed";
import { emulatorStackConfig, setPulumiMocks, settle, testAccessKey } from "./helpers/pulumiMocks";

const ROOT = path.resolve(__dirname, "..");
const FIXTURE = path.join(ROOT, "test/fixtures/peer-program/index.ts");
const PEER_IMPORT = 'import * as alicloud from "@pulumi/alicloud";';
const OUR_IMPORT = 'import * as alicloud from "pulumi-alicloud-kms-secrets";';

/** The fixture with only its import line changed. */
function dropinProgram(): string {
  const source = readFileSync(FIXTURE, "utf8");
  const lines = source.split("\n");
  expect(lines.filter((line) => line === PEER_IMPORT)).toHaveLength(1);
  return lines.map((line) => (line === PEER_IMPORT ? OUR_IMPORT : line)).join("\n");
}

/** Type-checks virtual files (path -> text) with the `pulumi new typescript` options; diagnostics per file. */
function typeCheck(
  files: Record<string, string>,
  paths: ts.MapLike<string[]>,
): Record<string, string[]> {
  const options: ts.CompilerOptions = {
    strict: true,
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
    noEmit: true,
    // Our sources are checked by `npm run lint`; here only the program's use of our types counts.
    skipLibCheck: true,
    types: ["node"],
    baseUrl: ROOT,
    paths,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => files[name] ?? readFile(name);
  host.fileExists = (name) => name in files || fileExists(name);
  host.getSourceFile = (name, language, onError, create) =>
    name in files
      ? ts.createSourceFile(name, files[name] as string, language)
      : getSourceFile(name, language, onError, create);
  const program = ts.createProgram(Object.keys(files), options, host);
  const out: Record<string, string[]> = {};
  for (const name of Object.keys(files)) {
    const file = program.getSourceFile(name);
    const diagnostics = file
      ? [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]
      : [];
    out[name] = diagnostics.map((d) => {
      const where =
        d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      return `${where ? `${where.line + 1}:${where.character + 1} ` : ""}TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
  }
  return out;
}

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

/** Field for field: each of our types and the peer's accept each other (names, types, optionality). */
const SAME_TYPES = `
import * as peer from "@pulumi/alicloud";
import * as ours from "pulumi-alicloud-kms-secrets";
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Keys<A, B> = Same<keyof A, keyof B>;
export const checks: true[] = [
  true as Same<ours.kms.GetSecretsArgs, peer.kms.GetSecretsArgs>,
  true as Keys<ours.kms.GetSecretsArgs, peer.kms.GetSecretsArgs>,
  true as Same<ours.kms.GetSecretsOutputArgs, peer.kms.GetSecretsOutputArgs>,
  true as Same<ours.kms.GetSecretsResult, peer.kms.GetSecretsResult>,
  true as Keys<ours.kms.GetSecretsResult, peer.kms.GetSecretsResult>,
  true as Same<ours.kms.GetSecretsSecret, peer.types.output.kms.GetSecretsSecret>,
  true as Keys<ours.kms.GetSecretsSecret, peer.types.output.kms.GetSecretsSecret>,
  true as Same<ours.kms.GetSecretVersionsArgs, peer.kms.GetSecretVersionsArgs>,
  true as Keys<ours.kms.GetSecretVersionsArgs, peer.kms.GetSecretVersionsArgs>,
  true as Same<ours.kms.GetSecretVersionsOutputArgs, peer.kms.GetSecretVersionsOutputArgs>,
  true as Same<ours.kms.GetSecretVersionsResult, peer.kms.GetSecretVersionsResult>,
  true as Keys<ours.kms.GetSecretVersionsResult, peer.kms.GetSecretVersionsResult>,
  true as Same<ours.kms.GetSecretVersionsVersion, peer.types.output.kms.GetSecretVersionsVersion>,
  true as Same<typeof ours.kms.getSecrets, typeof peer.kms.getSecrets>,
  true as Same<typeof ours.kms.getSecretsOutput, typeof peer.kms.getSecretsOutput>,
  true as Same<typeof ours.kms.getSecretVersions, typeof peer.kms.getSecretVersions>,
  true as Same<typeof ours.kms.getSecretVersionsOutput, typeof peer.kms.getSecretVersionsOutput>,
];
`;

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
  test("type-checks against our sources under the template's strict options", () => {
    const program = dropinProgram();
    const dropinFile = path.join(ROOT, "test/fixtures/peer-program/dropin.ts");
    // A control: the same program reading a field the peer does not have must fail to compile.
    const brokenFile = path.join(ROOT, "test/fixtures/peer-program/broken.ts");
    const broken = program.replace("r.secrets[0].arn", "r.secrets[0].arnn");
    const result = typeCheck(
      { [dropinFile]: program, [brokenFile]: broken },
      { "pulumi-alicloud-kms-secrets": ["sdk/index.ts"] },
    );
    expect(result[dropinFile]).toEqual([]);
    expect(result[brokenFile]?.join("\n")).toMatch(/TS2551.*arnn/);
  });

  // The other half: the fixture against the real @pulumi/alicloud declarations. They are not a
  // devDependency (the package is ~8,700 files); point PEER_ALICLOUD_DIR at an unpacked
  // `npm pack @pulumi/alicloud@3` (its node_modules must resolve @pulumi/pulumi) to run it.
  const peerDir = process.env["PEER_ALICLOUD_DIR"];
  (peerDir ? test : test.skip)(
    "compiles against the real @pulumi/alicloud declarations",
    () => {
      const file = path.join(ROOT, "test/fixtures/peer-program/peer.ts");
      const same = path.join(ROOT, "test/fixtures/peer-program/same.ts");
      const broken = path.join(ROOT, "test/fixtures/peer-program/sameBroken.ts");
      const result = typeCheck(
        {
          [file]: readFileSync(FIXTURE, "utf8"),
          [same]: SAME_TYPES,
          // A control: one optional field where the peer's is required must fail.
          [broken]: SAME_TYPES.replace(
            "ours.kms.GetSecretsSecret,",
            'Omit<ours.kms.GetSecretsSecret, "arn"> & { arn?: string },',
          ),
        },
        {
          "@pulumi/alicloud": [path.join(peerDir as string, "index.d.ts")],
          "pulumi-alicloud-kms-secrets": ["sdk/index.ts"],
        },
      );
      expect(result[file]).toEqual([]);
      expect(result[same]).toEqual([]);
      expect(result[broken]?.length).toBeGreaterThan(0);
    },
    120_000,
  );

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
