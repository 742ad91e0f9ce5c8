/**
 * Stack config (or a provider) mixed with the peer's environment defaults: the account and the
 * region come from one profile of one file; two spellings of one env setting with different
 * values are refused by name, before any request, without a value in the message.
 */
import path from "node:path";
import { ArgumentError } from "../core/args";
import { chosenSettings } from "../core/accountSettings";
import { withEnvDefaults } from "../core/credentialEnv";
import { resolveCredentials } from "../core/credentials";
import { listSecrets, type LookupContext } from "../core/lookup";
import { resolveRegion } from "../core/region";
import type { EmulatorAccessKey, EmulatorHandle } from "../emulator";
import {
  BASE_SECRETS,
  accountEmulator,
  isolateProcessEnv,
  madeUpKey,
  tempDir,
  writeCliProfiles,
} from "./helpers/accountFixtures";

let emulator: EmulatorHandle;
let base: EmulatorAccessKey;
let restoreEnv: () => void;
let home: { dir: string; cleanup: () => void };
const unknown = madeUpKey();
let file: string;

beforeAll(async () => {
  restoreEnv = isolateProcessEnv();
  ({ emulator, base } = await accountEmulator());
  home = tempDir("kms-secrets-envmix-");
  // ~/.aliyun/config.json has a "work" profile too: the wrong account, the wrong region
  writeCliProfiles(path.join(home.dir, ".aliyun", "config.json"), "work", {
    work: { key: unknown, region: "cn-shanghai" },
  });
  // the shared file: its current profile is the wrong account; "work" is the right one
  file = path.join(home.dir, "shared", "creds.json");
  writeCliProfiles(file, "other", {
    other: { key: unknown, region: "ap-southeast-1" },
    work: { key: base, region: "eu-central-1" },
  });
});
afterAll(async () => {
  await emulator.close();
  home.cleanup();
  restoreEnv();
});

function context(config: Record<string, string>, env: Record<string, string>): LookupContext {
  return { config, env, homeDir: home.dir };
}

interface Mix {
  config: Record<string, string>;
  env: Record<string, string>;
  /** How the credentials' source names the two settings. */
  named: RegExp;
}
const mixes: [string, () => Mix][] = [
  [
    "config alicloud:profile + env ALICLOUD_SHARED_CREDENTIALS_FILE",
    () => ({
      config: { "alicloud:profile": "work" },
      env: { ALICLOUD_SHARED_CREDENTIALS_FILE: file },
      named: /^Pulumi config alicloud:profile with env ALICLOUD_SHARED_CREDENTIALS_FILE "work"/,
    }),
  ],
  [
    "config alicloud:sharedCredentialsFile + env ALICLOUD_PROFILE",
    () => ({
      config: { "alicloud:sharedCredentialsFile": file },
      env: { ALICLOUD_PROFILE: "work" },
      named: /^env ALICLOUD_PROFILE with Pulumi config alicloud:sharedCredentialsFile "work"/,
    }),
  ],
];

test.each(mixes)("%s: the keys and the region are profile work of the file", async (_, mix) => {
  const { config, env, named } = mix();
  const result = await listSecrets({ endpoint: emulator.endpoint }, context(config, env));
  expect(result.names).toEqual(BASE_SECRETS);
  expect(result.region).toBe("eu-central-1");
  const region = resolveRegion(undefined, { config, env, homeDir: home.dir });
  expect(region.source).toBe(`the Alibaba Cloud CLI config ${file} profile "work"`);
  const credentials = await resolveCredentials({ config, env, homeDir: home.dir });
  expect(credentials.accessKeyId).toBe(base.accessKeyId);
  expect(credentials.source).toMatch(named);
  expect(credentials.source.endsWith(` in ${file}`)).toBe(true);
});

test("a setting filled from the environment is named as the variable when it fails", async () => {
  const missing = path.join(home.dir, "nowhere.json");
  const config = { "alicloud:profile": "work", "alicloud:region": "cn-hangzhou" };
  await expect(
    resolveCredentials({
      config,
      env: { ALICLOUD_SHARED_CREDENTIALS_FILE: missing },
      homeDir: home.dir,
    }),
  ).rejects.toThrow(/^env ALICLOUD_SHARED_CREDENTIALS_FILE could not be used: reading /);
  const nope = { "alicloud:profile": "nope" };
  await expect(
    resolveCredentials({
      config: nope,
      env: { ALICLOUD_SHARED_CREDENTIALS_FILE: file },
      homeDir: home.dir,
    }),
  ).rejects.toThrow(/^Pulumi config alicloud:profile could not be used: profile "nope"/);
});

test("ALIBABA_CLOUD_PROFILE does not pick the region of a file whose current profile gives the keys", async () => {
  const env = { ALIBABA_CLOUD_PROFILE: "work", ALICLOUD_SHARED_CREDENTIALS_FILE: file };
  const config = {};
  const credentials = await resolveCredentials({ config, env, homeDir: home.dir });
  expect(credentials.accessKeyId).toBe(unknown.accessKeyId); // the file's current: "other"
  expect(resolveRegion(undefined, { config, env, homeDir: home.dir }).region).toBe(
    "ap-southeast-1",
  );
});

describe("two spellings of one env setting", () => {
  const pair = (id: string, secret: string, k: EmulatorAccessKey) => ({
    [id]: k.accessKeyId,
    [secret]: k.accessKeySecret,
  });
  const REGION = { ALIBABA_CLOUD_REGION_ID: "cn-hangzhou" };

  test.each([
    [
      "ALICLOUD_ACCESS_KEY",
      "ALICLOUD_SECRET_KEY",
      "ALIBABA_CLOUD_ACCESS_KEY_ID",
      "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    ],
    [
      "ALICLOUD_ACCESS_KEY",
      "ALICLOUD_SECRET_KEY",
      "ALIBABACLOUD_ACCESS_KEY_ID",
      "ALIBABACLOUD_ACCESS_KEY_SECRET",
    ],
    [
      "ALIBABA_CLOUD_ACCESS_KEY_ID",
      "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
      "ALIBABACLOUD_ACCESS_KEY_ID",
      "ALIBABACLOUD_ACCESS_KEY_SECRET",
    ],
  ])(
    "%s and %s against %s and %s: refused with different values, fine with the same",
    async (id1, s1, id2, s2) => {
      emulator.resetStats();
      const env = { ...REGION, ...pair(id1, s1, base), ...pair(id2, s2, unknown) };
      const err = await listSecrets({ endpoint: emulator.endpoint }, context({}, env)).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ArgumentError);
      expect((err as ArgumentError).issues.map((i) => i.path)).toEqual([id1, s1]);
      expect((err as Error).message).toContain(
        `${id1} is set, and so is ${id2}, to a different value`,
      );
      expect((err as Error).message).toContain(
        `${s1} is set, and so is ${s2}, to a different value`,
      );
      for (const value of [
        base.accessKeyId,
        base.accessKeySecret,
        unknown.accessKeyId,
        unknown.accessKeySecret,
      ]) {
        expect((err as Error).message).not.toContain(value);
      }
      expect(emulator.stats().requests).toBe(0);
      const same = { ...REGION, ...pair(id1, s1, base), ...pair(id2, s2, base) };
      expect((await listSecrets({ endpoint: emulator.endpoint }, context({}, same))).names).toEqual(
        BASE_SECRETS,
      );
    },
  );

  test("security tokens and regions too; stack config keys and region leave the env unread", async () => {
    const keys = { ...REGION, ...pair("ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", base) };
    const tokens = {
      ...keys,
      ALICLOUD_SECURITY_TOKEN: "t-one",
      ALIBABA_CLOUD_SECURITY_TOKEN: "t-two",
    };
    await expect(resolveCredentials({ env: tokens, homeDir: home.dir })).rejects.toThrow(
      /^invalid arguments: ALICLOUD_SECURITY_TOKEN is set, and so is ALIBABA_CLOUD_SECURITY_TOKEN,/,
    );
    const regions = { ...keys, ALICLOUD_REGION: "cn-hangzhou", ALIBABA_CLOUD_REGION: "cn-beijing" };
    const err = await listSecrets({ endpoint: emulator.endpoint }, context({}, regions)).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ArgumentError);
    expect((err as ArgumentError).issues.map((i) => i.path)).toEqual(["ALICLOUD_REGION"]);
    expect((err as Error).message).toMatch(
      /and so is ALIBABA_CLOUD_REGION and ALIBABA_CLOUD_REGION_ID,/,
    );
    // config gives the key and the region: the peer reads no env for them either
    const config = {
      "alicloud:accessKey": base.accessKeyId,
      "alicloud:secretKey": base.accessKeySecret,
      "alicloud:region": "cn-hangzhou",
    };
    const both = {
      ...tokens,
      ...regions,
      ...pair("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", unknown),
    };
    const result = await listSecrets({ endpoint: emulator.endpoint }, context(config, both));
    expect(result.names).toEqual(BASE_SECRETS);
    expect(result.region).toBe("cn-hangzhou");
  });
});

test("filling from the environment is idempotent: the session fills once, region and key again", () => {
  const env = {
    ALICLOUD_PROFILE: "work",
    ALICLOUD_SHARED_CREDENTIALS_FILE: "/tmp/x.json",
    ALICLOUD_ASSUME_ROLE_ARN: "acs:ram::1:role/r",
    ALICLOUD_ASSUME_ROLE_SESSION_NAME: "s",
  };
  const once = withEnvDefaults(
    chosenSettings(undefined, { "alicloud:region": "cn-hangzhou" }),
    env,
  );
  expect(once).toMatchObject({
    profile: "work",
    sharedCredentialsFile: "/tmp/x.json",
    assumeRole: { roleArn: "acs:ram::1:role/r", sessionName: "s" },
  });
  expect(withEnvDefaults(once, env)).toEqual(once);
});
