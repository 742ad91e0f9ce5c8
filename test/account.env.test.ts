/**
 * The peer's environment defaults (ALICLOUD_PROFILE, ALICLOUD_SHARED_CREDENTIALS_FILE,
 * ALICLOUD_CREDENTIALS_URI, ALICLOUD_ECS_ROLE_NAME, ALICLOUD_ASSUME_ROLE_*, ALIBABACLOUD_*) are
 * honoured like the matching stack config keys, or refused naming the variable. Each test fails
 * if its variable is ignored: everything else holds a key the emulator does not know.
 */
import path from "node:path";
import { ArgumentError } from "../core/args";
import { listSecrets, type LookupContext } from "../core/lookup";
import { startEmulator, type EmulatorAccessKey, type EmulatorHandle } from "../emulator";
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
const unknown = madeUpKey();
const REGION = { ALIBABA_CLOUD_REGION_ID: "cn-hangzhou" };

beforeAll(async () => {
  restoreEnv = isolateProcessEnv();
  ({ emulator, base, sts } = await accountEmulator());
  home = tempDir("kms-secrets-env-");
});
afterAll(async () => {
  await emulator.close();
  home.cleanup();
  restoreEnv();
});

/** Names listed with only `env` (and an empty home unless given), from `target`'s endpoint. */
async function names(
  env: Record<string, string>,
  extra: LookupContext = {},
  target: EmulatorHandle = emulator,
): Promise<string[]> {
  const context = { env, homeDir: path.join(home.dir, "empty"), ...extra };
  return (await listSecrets({ endpoint: target.endpoint }, context)).names;
}

test("ALICLOUD_PROFILE picks the CLI profile (the current one holds an unknown key)", async () => {
  const dir = path.join(home.dir, "profile");
  writeCliProfiles(path.join(dir, ".aliyun", "config.json"), "other", {
    other: { key: unknown },
    work: { key: sts, region: "ap-southeast-1" },
  });
  await expect(names(REGION, { homeDir: dir })).rejects.toThrow(/InvalidAccessKeyId/);
  expect(await names({ ...REGION, ALICLOUD_PROFILE: "work" }, { homeDir: dir })).toEqual(
    BASE_SECRETS,
  );
  // and, with no region anywhere else, the profile's region_id
  const result = await listSecrets(
    { endpoint: emulator.endpoint },
    { env: { ALICLOUD_PROFILE: "work" }, homeDir: dir },
  );
  expect(result.region).toBe("ap-southeast-1");
  await expect(names({ ...REGION, ALICLOUD_PROFILE: "nope" }, { homeDir: dir })).rejects.toThrow(
    /env ALICLOUD_PROFILE could not be used: profile "nope"/,
  );
});

test("ALICLOUD_SHARED_CREDENTIALS_FILE is read like alicloud:sharedCredentialsFile", async () => {
  const file = path.join(home.dir, "shared", "creds.json");
  writeCliProfiles(file, "main", {
    main: { key: base, region: "eu-central-1" },
    spare: { key: unknown },
  });
  const env = { ALICLOUD_SHARED_CREDENTIALS_FILE: file };
  const result = await listSecrets({ endpoint: emulator.endpoint }, { env, homeDir: home.dir });
  expect(result.names).toEqual(BASE_SECRETS);
  expect(result.region).toBe("eu-central-1");
  await expect(names({ ...REGION, ...env, ALICLOUD_PROFILE: "spare" })).rejects.toThrow(
    /InvalidAccessKeyId/,
  );
});

test("ALICLOUD_CREDENTIALS_URI and ALICLOUD_ECS_ROLE_NAME are asked (on 127.0.0.1)", async () => {
  const server = await jsonServer((req) => {
    if (req.url === "/creds") return sessionBody(sts);
    if (req.method === "PUT" && req.url === "/latest/api/token") return "metadata-token";
    if (req.url === "/latest/meta-data/ram/security-credentials/kms-node") return sessionBody(sts);
    return undefined;
  });
  try {
    expect(await names({ ...REGION, ALICLOUD_CREDENTIALS_URI: `${server.url}/creds` })).toEqual(
      BASE_SECRETS,
    );
    const ecs = { ...REGION, ALICLOUD_ECS_ROLE_NAME: "kms-node" };
    expect(await names(ecs, { metadataHost: server.host })).toEqual(BASE_SECRETS);
    expect(server.requests).toEqual(
      expect.arrayContaining([
        "GET /creds",
        "GET /latest/meta-data/ram/security-credentials/kms-node",
      ]),
    );
    await expect(
      names({ ...REGION, ALICLOUD_ECS_ROLE_NAME: "other" }, { metadataHost: server.host }),
    ).rejects.toThrow(/env ALICLOUD_ECS_ROLE_NAME could not be used: role "other"/);
  } finally {
    await server.close();
  }
});

test("ALIBABACLOUD_ACCESS_KEY_ID / _SECRET (Terraform's third spelling) are a key pair", async () => {
  const env = {
    ...REGION,
    ALIBABACLOUD_ACCESS_KEY_ID: base.accessKeyId,
    ALIBABACLOUD_ACCESS_KEY_SECRET: base.accessKeySecret,
  };
  expect(await names(env)).toEqual(BASE_SECRETS);
});

test("ALICLOUD_ASSUME_ROLE_ARN, _SESSION_NAME and _SESSION_EXPIRATION assume a role", async () => {
  const key = madeUpKey();
  const envRole = "acs:ram::3333444455556666:role/env-reader";
  const own = await startEmulator({
    accessKeys: [key],
    seed: [{ SecretName: "caller-only" }],
    roles: [{ roleArn: envRole, seed: [{ SecretName: "env-role-only" }] }],
  });
  try {
    const env = {
      ...REGION,
      ALIBABA_CLOUD_ACCESS_KEY_ID: key.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.accessKeySecret,
      ALIBABA_CLOUD_STS_ENDPOINT: own.endpoint,
    };
    expect(await names(env, {}, own)).toEqual(["caller-only"]);
    const role = {
      ...env,
      ALICLOUD_ASSUME_ROLE_ARN: envRole,
      ALICLOUD_ASSUME_ROLE_SESSION_NAME: "from-env",
      ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION: "1200",
    };
    expect(await names(role, {}, own)).toEqual(["env-role-only"]);
    expect(own.assumeRoleCalls().at(-1)).toMatchObject({
      roleArn: envRole,
      roleSessionName: "from-env",
      durationSeconds: 1200,
    });
    const bad = { ...role, ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION: "forever" };
    const err = await names(bad, {}, own).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArgumentError);
    expect((err as Error).message).toMatch(/ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION/);
  } finally {
    await own.close();
  }
});

test("a configured role keeps its ARN; the env fills only its missing session name", async () => {
  const config = {
    "alicloud:accessKey": base.accessKeyId,
    "alicloud:secretKey": base.accessKeySecret,
    "alicloud:region": "cn-hangzhou",
    "alicloud:assumeRole": JSON.stringify({ roleArn: ROLE_ARN, externalId: "ext-1" }),
  };
  const env = {
    ALIBABA_CLOUD_STS_ENDPOINT: emulator.endpoint,
    ALICLOUD_ASSUME_ROLE_ARN: "acs:ram::1:role/not-this-one",
    ALICLOUD_ASSUME_ROLE_SESSION_NAME: "env-session",
  };
  expect(await names(env, { config })).toEqual(ROLE_SECRETS);
  expect(emulator.assumeRoleCalls().at(-1)).toMatchObject({
    roleArn: ROLE_ARN,
    roleSessionName: "env-session",
  });
});

test("ALICLOUD_SOURCE_IP and the transport variables are refused by name, before any request", async () => {
  emulator.resetStats();
  const env = {
    ...REGION,
    ALIBABA_CLOUD_ACCESS_KEY_ID: base.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: base.accessKeySecret,
    ALICLOUD_SOURCE_IP: "192.0.2.1",
    ALIBABA_CLOUD_SECURE_TRANSPORT: "true",
  };
  const err = await names(env).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ArgumentError);
  expect((err as ArgumentError).issues.map((i) => i.path)).toEqual([
    "ALICLOUD_SOURCE_IP",
    "ALIBABA_CLOUD_SECURE_TRANSPORT",
  ]);
  expect(emulator.stats().requests).toBe(0);
  // the account id variables do not choose the account: accepted, not used
  expect(
    await names({
      ...env,
      ALICLOUD_SOURCE_IP: "",
      ALIBABA_CLOUD_SECURE_TRANSPORT: "",
      ALICLOUD_ACCOUNT_ID: "1",
    }),
  ).toEqual(BASE_SECRETS);
});
