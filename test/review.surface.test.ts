/**
 * Review findings on the Pulumi surface and the CLI: each test pins a defect that was
 * found and fixed.
 */
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../emulator";
import type { GetSecretsResult } from "../core/result";
import { formatJson } from "../cli/format/canonical";
import { parseBaseline } from "../cli/baseline";
import { UsageError } from "../cli/errors";
import { execFile } from "node:child_process";
import * as pulumi from "@pulumi/pulumi";
import { getSecretsOutput } from "pulumi-alicloud-kms-secrets";
import { clearLookupMemo } from "../sdk/lookupMemo";
import {
  emulatorStackConfig,
  setPulumiMocks,
  settle,
  testAccessKey as pulumiTestAccessKey,
} from "./helpers/pulumiMocks";
import { BUILT_CLI, credentialEnv, emulatorFlags, testAccessKey } from "./helpers/cliProcess";

const key = testAccessKey();
const env = credentialEnv(key);

/**
 * Runs the built CLI as `kms-secrets ARGS | head -c 100` in bash with pipefail: a real
 * pipe (not the socket pair child_process uses), closed by a reader that leaves early.
 * The code is the CLI's own exit code.
 */
function runCliIntoHead(
  args: readonly string[],
  home: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const quoted = [process.execPath, BUILT_CLI, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`);
  const script = `set -o pipefail; ${quoted.join(" ")} | head -c 100`;
  return new Promise((resolve, reject) => {
    execFile(
      "bash",
      ["-c", script],
      {
        env: {
          PATH: process.env.PATH,
          HOME: home,
          ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true",
          ...env,
        },
        timeout: 30_000,
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") return reject(error);
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

describe("drift with a reader that leaves early (| head)", () => {
  let emulator: EmulatorHandle;
  let dir: string;

  beforeAll(async () => {
    emulator = await startEmulator({ accessKeys: [key], demo: 1500 });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "kms-review-"));
  });

  afterAll(async () => {
    await emulator?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  test("--write-baseline still reports the drift (exit 1) and replaces the baseline", async () => {
    // A baseline whose secrets are all gone: the report (1500 added, 1500 removed) is
    // larger than a pipe buffer, so the CLI is still writing when the reader leaves.
    const secrets = Array.from({ length: 1500 }, (_, i) => {
      const name = `gone/secret-${String(i).padStart(5, "0")}`;
      return {
        id: name,
        secretName: name,
        secretType: "Generic",
        createTime: "2024-01-01T00:00:00Z",
        updateTime: "2024-01-01T00:00:00Z",
        tags: {},
      };
    });
    const names = secrets.map((s) => s.secretName);
    const baseline: GetSecretsResult = {
      id: "0000000000000000",
      region: emulator.region,
      ids: names,
      names,
      secrets,
    };
    const file = path.join(dir, "baseline.json");
    await fs.writeFile(file, formatJson(baseline));

    const run = await runCliIntoHead(
      [
        "drift",
        ...emulatorFlags(emulator),
        "--max-rps",
        "1000",
        "--baseline",
        file,
        "--write-baseline",
      ],
      dir,
    );

    expect(run.stdout.length).toBeGreaterThan(0);
    expect(run.code).toBe(1); // drift was found: a closed pipe must not turn it into 0
    const written = JSON.parse(await fs.readFile(file, "utf8")) as GetSecretsResult;
    expect(written.secrets).toHaveLength(1500);
    expect(written.names).not.toContain("gone/secret-00000");
    expect((await fs.readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(run.stderr).not.toContain(key.accessKeySecret);
    expect(run.stderr).not.toContain(key.securityToken);
  });
});

describe("a corrupt baseline that holds values (saved with --show-values)", () => {
  const VALUE = `hunter2-${Math.random().toString(36).slice(2)}`;
  const withValue = (name: string) => ({
    id: name,
    secretName: name,
    secretType: "Generic",
    createTime: "2024-01-01T00:00:00Z",
    updateTime: "2024-01-01T00:00:00Z",
    tags: {},
    versionId: "v1",
    secretData: VALUE,
  });
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

describe("getSecretsOutput with dependsOn during preview", () => {
  const pulumiKey = pulumiTestAccessKey();
  let kms: EmulatorHandle;

  beforeAll(async () => {
    kms = await startEmulator({
      accessKeys: [pulumiKey],
      seed: [
        {
          SecretName: "app/db",
          SecretType: "Generic",
          CreateTime: "2024-01-01T00:00:00Z",
          UpdateTime: "2024-01-01T00:00:00Z",
        },
      ],
    });
  });

  afterAll(async () => {
    await kms?.close();
  });

  /** A resource the engine would create in this update: its id is unknown in preview. */
  class Pending extends pulumi.CustomResource {
    constructor(name: string) {
      super("test:index:Pending", name, {});
    }
  }

  async function previewMocks(): Promise<void> {
    await setPulumiMocks(emulatorStackConfig(kms, pulumiKey), { preview: true });
    await pulumi.runtime.setMocks(
      {
        // no id: what a preview gets back for a resource still to be created
        newResource: async (args) => ({ id: undefined, state: args.inputs }),
        call: async () => ({}),
      },
      "kms-secrets-test",
      "review",
      true,
    );
    clearLookupMemo();
    kms.resetStats();
  }

  test("a dependency still to be created makes the result unknown, and nothing is listed", async () => {
    jest.spyOn(pulumi.log, "info").mockResolvedValue(undefined);
    await previewMocks();
    const pending = new Pending("new-secret");
    expect((await settle(pending.id)).known).toBe(false);

    const result = getSecretsOutput({ nameRegex: "^app/" }, { dependsOn: [pending] });
    // Like Pulumi's own invokes: a listing taken before the dependency exists would be
    // a known but wrong preview (it misses what the dependency creates).
    expect((await settle(result)).known).toBe(false);
    expect(kms.stats().requestsByAction["ListSecrets"] ?? 0).toBe(0);
  });
});

describe("getSecretsOutput with dependsOn during an update", () => {
  const pulumiKey = pulumiTestAccessKey();
  let kms: EmulatorHandle;
  const seedSecret = (name: string) => ({
    SecretName: name,
    SecretType: "Generic",
    CreateTime: "2024-01-01T00:00:00Z",
    UpdateTime: "2024-01-01T00:00:00Z",
  });

  beforeAll(async () => {
    kms = await startEmulator({ accessKeys: [pulumiKey], seed: [seedSecret("app/db")] });
  });

  afterAll(async () => {
    await kms?.close();
  });

  /** Creating it adds a KMS secret, like an `alicloud.kms.Secret` would. */
  class KmsSecret extends pulumi.CustomResource {
    constructor(name: string) {
      super("test:index:KmsSecret", name, { secretName: name });
    }
  }

  test("a lookup ordered after a resource does not reuse a listing taken before it", async () => {
    jest.spyOn(pulumi.log, "info").mockResolvedValue(undefined);
    await setPulumiMocks(emulatorStackConfig(kms, pulumiKey));
    await pulumi.runtime.setMocks(
      {
        newResource: async (args) => {
          kms.putSecret(seedSecret(String(args.inputs["secretName"])));
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: async () => ({}),
      },
      "kms-secrets-test",
      "review",
      false,
    );
    clearLookupMemo();

    const before = getSecretsOutput({ nameRegex: "^app/" });
    expect((await settle(before)).value?.names).toEqual(["app/db"]);

    const created = new KmsSecret("app/new");
    const after = getSecretsOutput({ nameRegex: "^app/" }, { dependsOn: [created] });
    expect((await settle(after)).value?.names).toEqual(["app/db", "app/new"]);

    // Calls with the same dependencies still share one listing.
    kms.resetStats();
    const again = getSecretsOutput({ nameRegex: "^app/" }, { dependsOn: [created] });
    expect((await settle(again)).value?.names).toEqual(["app/db", "app/new"]);
    expect(kms.stats().requestsByAction["ListSecrets"] ?? 0).toBe(0);
  });
});
