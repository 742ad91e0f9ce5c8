/**
 * Every account and region source against the emulator: each test fails if its source is
 * ignored (the other places hold an unknown key, or a region / secret set that differs).
 */
import path from "node:path";
import { ArgumentError } from "../core/args";
import { resolveCredentials } from "../core/credentials";
import { KmsError, redact } from "../core/errors";
import { listSecrets, type LookupContext } from "../core/lookup";
import type { EmulatorAccessKey, EmulatorHandle } from "../emulator";
import {
  BASE_SECRETS,
  ROLE_ARN,
  ROLE_SECRETS,
  accountEmulator,
  isolateProcessEnv,
  jsonServer,
  madeUpKey,
  sessionBody,
  tempDir,
  writeCliProfiles,
} from "./helpers/accountFixtures";

let emulator: EmulatorHandle;
let base: EmulatorAccessKey;
let sts: Required<EmulatorAccessKey>;
let restoreEnv: () => void;
let home: { dir: string; cleanup: () => void };
/** A key the emulator does not know: wherever it is used, the lookup fails. */
const unknown = madeUpKey();
const unknownEnv = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: unknown.accessKeyId,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: unknown.accessKeySecret,
  ALIBABA_CLOUD_REGION_ID: "eu-central-1",
};

beforeAll(async () => {
  restoreEnv = isolateProcessEnv();
  ({ emulator, base, sts } = await accountEmulator());
  home = tempDir("kms-secrets-account-");
});
afterAll(async () => {
  await emulator.close();
  home.cleanup();
  restoreEnv();
});

function keyConfig(key: EmulatorAccessKey, prefix = "alicloud:"): Record<string, string> {
  return {
    [`${prefix}accessKey`]: key.accessKeyId,
    [`${prefix}secretKey`]: key.accessKeySecret,
    ...(key.securityToken ? { [`${prefix}securityToken`]: key.securityToken } : {}),
  };
}

function context(extra: LookupContext): LookupContext {
  return { env: unknownEnv, homeDir: path.join(home.dir, "no-home"), ...extra };
}

async function names(extra: LookupContext, region?: string): Promise<string[]> {
  const result = await listSecrets(
    { endpoint: emulator.endpoint, ...(region ? { region } : {}) },
    context(extra),
  );
  return result.names;
}

describe("explicit provider settings win over stack config and the environment", () => {
  test("provider keys", async () => {
    const config = keyConfig(unknown);
    expect(await names({ config, provider: keyConfig(base) })).toEqual(BASE_SECRETS);
    await expect(names({ config })).rejects.toThrow(/InvalidAccessKeyId/);
  });

  test("provider securityToken", async () => {
    const { securityToken: _token, ...withoutToken } = sts;
    await expect(names({ provider: keyConfig(withoutToken) })).rejects.toThrow(/SecurityToken/);
    expect(await names({ provider: keyConfig(sts) })).toEqual(BASE_SECRETS);
  });

  test("provider region", async () => {
    const config = { ...keyConfig(base), "alicloud:region": "cn-shanghai" };
    const provider = { ...keyConfig(base), "alicloud:region": "ap-southeast-1" };
    const result = await listSecrets(
      { endpoint: emulator.endpoint },
      context({ config, provider }),
    );
    expect(result.region).toBe("ap-southeast-1");
    const fromConfig = await listSecrets({ endpoint: emulator.endpoint }, context({ config }));
    expect(fromConfig.region).toBe("cn-shanghai");
  });

  test("provider profile (and the profile's region_id)", async () => {
    const dir = path.join(home.dir, "provider-profile");
    writeCliProfiles(path.join(dir, ".aliyun", "config.json"), "other", {
      other: { key: unknown, region: "cn-beijing" },
      work: { key: base, region: "us-west-1" },
    });
    const provider = { "alicloud:profile": "work" };
    const result = await listSecrets(
      { endpoint: emulator.endpoint },
      { env: {}, homeDir: dir, config: keyConfig(unknown), provider },
    );
    expect(result.names).toEqual(BASE_SECRETS);
    expect(result.region).toBe("us-west-1");
  });
});

describe("stack config", () => {
  test("alicloud:profile", async () => {
    const dir = path.join(home.dir, "stack-profile");
    writeCliProfiles(path.join(dir, ".aliyun", "config.json"), "other", {
      other: { key: unknown },
      work: { key: sts },
    });
    const config = { "alicloud:profile": "work", "alicloud:region": "cn-hangzhou" };
    expect(await names({ config, homeDir: dir })).toEqual(BASE_SECRETS);
    const missing = { ...config, "alicloud:profile": "nope" };
    await expect(names({ config: missing, homeDir: dir })).rejects.toThrow(
      /Pulumi config alicloud:profile could not be used: profile "nope"/,
    );
  });

  test("alicloud:sharedCredentialsFile (with and without alicloud:profile)", async () => {
    const file = path.join(home.dir, "shared", "my-credentials.json");
    writeCliProfiles(file, "main", { main: { key: base }, spare: { key: unknown } });
    const config = { "alicloud:sharedCredentialsFile": file, "alicloud:region": "cn-hangzhou" };
    expect(await names({ config })).toEqual(BASE_SECRETS);
    await expect(names({ config: { ...config, "alicloud:profile": "spare" } })).rejects.toThrow(
      /InvalidAccessKeyId/,
    );
  });

  test("alicloud:credentialsUri", async () => {
    const server = await jsonServer((req) => (req.url === "/creds" ? sessionBody(sts) : undefined));
    try {
      const config = {
        "alicloud:credentialsUri": `${server.url}/creds`,
        "alicloud:region": "cn-hangzhou",
      };
      expect(await names({ config })).toEqual(BASE_SECRETS);
      expect(server.requests).toContain("GET /creds");
      // what the URI handed out is redacted from any later error of this process
      expect(redact(`oops ${sts.accessKeySecret} ${sts.securityToken}`)).not.toContain(
        sts.securityToken,
      );
    } finally {
      await server.close();
    }
  });

  test("alicloud:ecsRoleName is asked of the metadata service (redirected to 127.0.0.1)", async () => {
    const server = await jsonServer((req) => {
      if (req.method === "PUT" && req.url === "/latest/api/token") return "metadata-token";
      if (req.url === "/latest/meta-data/ram/security-credentials/kms-node")
        return sessionBody(sts);
      return undefined;
    });
    try {
      const config = { "alicloud:ecsRoleName": "kms-node", "alicloud:region": "cn-hangzhou" };
      expect(await names({ config, metadataHost: server.host })).toEqual(BASE_SECRETS);
      expect(server.requests).toContain("GET /latest/meta-data/ram/security-credentials/kms-node");
      const other = { ...config, "alicloud:ecsRoleName": "another-role" };
      await expect(names({ config: other, metadataHost: server.host })).rejects.toThrow(
        /Pulumi config alicloud:ecsRoleName could not be used: role "another-role"/,
      );
    } finally {
      await server.close();
    }
  });

  test("alicloud:assumeRole, end to end through the emulator's STS", async () => {
    const role = {
      roleArn: ROLE_ARN,
      sessionName: "pipeline",
      policy: '{"Version":"1","Statement":[]}',
      sessionExpiration: 1800,
      externalId: "ext-1",
    };
    const config = {
      ...keyConfig(base),
      "alicloud:region": "cn-hangzhou",
      "alicloud:assumeRole": JSON.stringify(role),
      "alicloud:endpoints": JSON.stringify([{ sts: emulator.endpoint }]),
    };
    expect(await names({ config })).toEqual(ROLE_SECRETS);
    expect(emulator.assumeRoleCalls().at(-1)).toEqual({
      roleArn: ROLE_ARN,
      roleSessionName: "pipeline",
      durationSeconds: 1800,
      callerAccessKeyId: base.accessKeyId,
      policy: role.policy,
      externalId: "ext-1",
    });
    // the STS endpoint from the environment, and a refused ExternalId that leaks no key
    const { "alicloud:endpoints": _sts, ...viaEnv } = config;
    const env = { ALIBABA_CLOUD_STS_ENDPOINT: emulator.endpoint };
    expect(await names({ config: viaEnv, env })).toEqual(ROLE_SECRETS);
    const wrong = {
      ...viaEnv,
      "alicloud:assumeRole": JSON.stringify({ ...role, externalId: "x" }),
    };
    const err = (await names({ config: wrong, env }).catch((e: unknown) => e)) as KmsError;
    expect(err).toBeInstanceOf(KmsError);
    expect(err.message).toMatch(
      /Pulumi config alicloud:assumeRole could not be used: .*NoPermission/,
    );
    expect(err.message).not.toContain(base.accessKeySecret);
  });

  test("the assumed role's session key is remembered by the redactor", async () => {
    const settings = {
      ...keyConfig(base),
      "alicloud:assumeRole": JSON.stringify({ roleArn: ROLE_ARN, externalId: "ext-1" }),
    };
    const found = await resolveCredentials({
      config: settings,
      env: { ALIBABA_CLOUD_STS_ENDPOINT: emulator.endpoint },
    });
    expect(found.accessKeyId).toMatch(/^STS\./);
    expect(found.source).toContain(ROLE_ARN);
    const text = `failed with ${found.accessKeySecret} and ${found.securityToken ?? ""}`;
    expect(redact(text)).toBe("failed with [REDACTED] and [REDACTED]");
  });
});

describe("settings that are not honoured are refused, naming them, before any request", () => {
  test.each([
    [
      "alicloud:assumeRoleWithOidc",
      '{"roleArn":"r","oidcProviderArn":"p"}',
      /alicloud:assumeRoleWithOidc/,
    ],
    ["alicloud:sourceIp", "10.0.0.1", /alicloud:sourceIp/],
    ["alicloud:someFutureSetting", "x", /alicloud:someFutureSetting is not a setting/],
    [
      "alicloud:assumeRole",
      '{"roleArn":"r","mfa":"x"}',
      /alicloud:assumeRole Unrecognized key: "mfa": only roleArn/,
    ],
  ])("stack config %s", async (key, value, message) => {
    emulator.resetStats();
    const config = { ...keyConfig(base), "alicloud:region": "cn-hangzhou", [key]: value };
    const err = await names({ config }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArgumentError);
    expect(String((err as Error).message)).toMatch(message);
    expect(emulator.stats().requests).toBe(0);
  });

  test("a provider setting is named as the provider's", async () => {
    const provider = { ...keyConfig(base), "alicloud:assumeRoleWithOidc": "{}" };
    await expect(names({ provider })).rejects.toThrow(/opts\.provider\.assumeRoleWithOidc/);
  });

  test("settings that do not choose the account or region are accepted", async () => {
    const config = {
      ...keyConfig(base),
      "alicloud:region": "cn-hangzhou",
      "alicloud:accountId": "1234",
      "alicloud:skipRegionValidation": "true",
      "alicloud:endpoints": JSON.stringify([{ ecs: "ecs.example.com" }]),
    };
    expect(await names({ config })).toEqual(BASE_SECRETS);
  });
});

test("explicit settings hold whatever ALIBABA_CLOUD_* the shell sets (the library reads process.env)", async () => {
  const dir = path.join(home.dir, "hostile-shell");
  writeCliProfiles(path.join(dir, ".aliyun", "config.json"), "work", { work: { key: base } });
  Object.assign(process.env, {
    ...unknownEnv,
    ALIBABA_CLOUD_CLI_PROFILE_DISABLED: "true",
    ALIBABA_CLOUD_PROFILE: "nope",
    ALIBABA_CLOUD_ROLE_ARN: "acs:ram::1:role/other",
    ALIBABA_CLOUD_STS_REGION: "eu-central-1",
    ALIBABA_CLOUD_CREDENTIALS_FILE: path.join(dir, "missing"),
  });
  try {
    const config = {
      "alicloud:profile": "work",
      "alicloud:region": "cn-hangzhou",
      "alicloud:assumeRole": JSON.stringify({ roleArn: ROLE_ARN, externalId: "ext-1" }),
      "alicloud:endpoints": JSON.stringify([{ sts: emulator.endpoint }]),
    };
    const result = await listSecrets({ endpoint: emulator.endpoint }, { config, homeDir: dir });
    expect(result.names).toEqual(ROLE_SECRETS);
  } finally {
    restoreEnv();
    restoreEnv = isolateProcessEnv();
  }
});
