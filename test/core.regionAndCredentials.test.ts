/** Region and credential resolution: order, aliases, CLI profile, and errors that say where we looked. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ArgumentError } from "../core/args";
import { resolveCredentials } from "../core/credentials";
import { KmsError } from "../core/errors";
import { listSecrets } from "../core/lookup";
import { resolveRegion } from "../core/region";
import { FakeKms, fakeContext, fakeSecrets, testKey } from "./helpers/coreFakes";

let home: string;
const emptyHome = path.join(os.tmpdir(), "kms-secrets-core-no-home");

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), "kms-secrets-core-home-"));
});
afterAll(() => {
  fs.rmSync(home, { recursive: true, force: true });
});

function writeCliConfig(dir: string, config: unknown): void {
  fs.mkdirSync(path.join(dir, ".aliyun"), { recursive: true });
  fs.writeFileSync(path.join(dir, ".aliyun", "config.json"), JSON.stringify(config));
}

describe("resolveRegion", () => {
  const env = {
    ALIBABA_CLOUD_REGION_ID: "cn-beijing",
    ALIBABA_CLOUD_REGION: "cn-shenzhen",
    ALICLOUD_REGION: "eu-central-1",
  };

  test("argument, then alicloud:region config, then env in order", () => {
    const config = { "alicloud:region": "cn-shanghai" };
    expect(resolveRegion("ap-southeast-1", { config, env, homeDir: emptyHome }).region).toBe(
      "ap-southeast-1",
    );
    expect(resolveRegion(undefined, { config, env, homeDir: emptyHome })).toEqual({
      region: "cn-shanghai",
      source: "Pulumi config alicloud:region",
    });
    // each spelling is read; two of them with different values are refused (the peer would
    // pick ALICLOUD_REGION first), naming both, and the same value twice is fine
    const only = (name: keyof typeof env) => ({ [name]: env[name] });
    expect(
      resolveRegion(undefined, { env: only("ALIBABA_CLOUD_REGION_ID"), homeDir: emptyHome }).region,
    ).toBe("cn-beijing");
    expect(
      resolveRegion(undefined, { env: only("ALIBABA_CLOUD_REGION"), homeDir: emptyHome }).region,
    ).toBe("cn-shenzhen");
    expect(
      resolveRegion(undefined, { env: { ALICLOUD_REGION: "eu-central-1" }, homeDir: emptyHome })
        .region,
    ).toBe("eu-central-1");
    expect(() => resolveRegion(undefined, { env, homeDir: emptyHome })).toThrow(ArgumentError);
    const twoOf = { ...env, ALIBABA_CLOUD_REGION_ID: "" };
    expect(() => resolveRegion(undefined, { env: twoOf, homeDir: emptyHome })).toThrow(
      /ALICLOUD_REGION is set, and so is ALIBABA_CLOUD_REGION, to a different value/,
    );
    const same = { ...env, ALIBABA_CLOUD_REGION_ID: "", ALICLOUD_REGION: " cn-shenzhen" };
    expect(resolveRegion(undefined, { env: same, homeDir: emptyHome }).region).toBe("cn-shenzhen");
  });

  test("then the current CLI profile's region_id", () => {
    const dir = fs.mkdtempSync(path.join(home, "cli-"));
    writeCliConfig(dir, {
      current: "work",
      profiles: [
        { name: "default", mode: "AK", region_id: "cn-hangzhou" },
        { name: "work", mode: "AK", region_id: "us-west-1" },
      ],
    });
    expect(resolveRegion(undefined, { env: {}, homeDir: dir })).toMatchObject({
      region: "us-west-1",
    });
    expect(
      resolveRegion(undefined, { env: { ALIBABA_CLOUD_PROFILE: "default" }, homeDir: dir }).region,
    ).toBe("cn-hangzhou");
  });

  test("none found: an ArgumentError saying how to set one", () => {
    const err = (() => {
      try {
        resolveRegion(undefined, { env: {}, homeDir: emptyHome });
      } catch (e) {
        return e;
      }
    })() as ArgumentError;
    expect(err).toBeInstanceOf(ArgumentError);
    expect(err.issues[0]?.path).toBe("region");
    expect(err.message).toMatch(/alicloud:region/);
    expect(err.message).toMatch(/ALIBABA_CLOUD_REGION_ID/);
    expect(err.message).toMatch(/aliyun configure/);
  });

  test("a malformed region from the environment is refused, naming the source", () => {
    expect(() =>
      resolveRegion(undefined, { env: { ALICLOUD_REGION: "Hangzhou!" }, homeDir: emptyHome }),
    ).toThrow(/env ALICLOUD_REGION/);
  });
});

describe("resolveCredentials", () => {
  test("Pulumi config first (as the peer's provider arguments), then ALIBABA_CLOUD_*, then ALICLOUD_* aliases", async () => {
    const a = testKey();
    const b = testKey();
    const c = testKey();
    const env = {
      ALIBABA_CLOUD_ACCESS_KEY_ID: a.id,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: a.secret,
      ALIBABA_CLOUD_SECURITY_TOKEN: a.token,
      ALICLOUD_ACCESS_KEY: b.id,
      ALICLOUD_SECRET_KEY: b.secret,
    };
    const config = {
      "alicloud:accessKey": c.id,
      "alicloud:secretKey": c.secret,
      "alicloud:securityToken": c.token,
    };
    expect(await resolveCredentials({ env, config, homeDir: emptyHome })).toEqual({
      accessKeyId: c.id,
      accessKeySecret: c.secret,
      securityToken: c.token,
      source: "Pulumi config alicloud:accessKey",
    });
    // the peer reads ALICLOUD_ACCESS_KEY first, this package read ALIBABA_CLOUD_* first: two
    // spellings with different values are refused, naming the variables and never a value
    const conflict = await resolveCredentials({ env, homeDir: emptyHome }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ArgumentError);
    expect((conflict as ArgumentError).issues.map((i) => i.path)).toEqual([
      "ALICLOUD_ACCESS_KEY",
      "ALICLOUD_SECRET_KEY",
    ]);
    expect((conflict as Error).message).toMatch(
      /ALICLOUD_ACCESS_KEY is set, and so is ALIBABA_CLOUD_ACCESS_KEY_ID,/,
    );
    expect((conflict as Error).message).toMatch(
      /ALICLOUD_SECRET_KEY is set, and so is ALIBABA_CLOUD_ACCESS_KEY_SECRET,/,
    );
    for (const value of [a.id, a.secret, b.id, b.secret]) {
      expect((conflict as Error).message).not.toContain(value);
    }
    const aOnly = { ...env, ALICLOUD_ACCESS_KEY: "", ALICLOUD_SECRET_KEY: "" };
    expect(await resolveCredentials({ env: aOnly, homeDir: emptyHome })).toEqual({
      accessKeyId: a.id,
      accessKeySecret: a.secret,
      securityToken: a.token,
      source: "env ALIBABA_CLOUD_ACCESS_KEY_ID",
    });
    const alias = await resolveCredentials({
      env: {
        ALICLOUD_ACCESS_KEY: b.id,
        ALICLOUD_SECRET_KEY: b.secret,
        ALICLOUD_SECURITY_TOKEN: b.token,
      },
      homeDir: emptyHome,
    });
    expect(alias).toMatchObject({
      accessKeyId: b.id,
      securityToken: b.token,
      source: "env ALICLOUD_ACCESS_KEY",
    });
  });

  test("half a key pair is an error, not a silent fallthrough", async () => {
    const a = testKey();
    await expect(
      resolveCredentials({ env: { ALIBABA_CLOUD_ACCESS_KEY_ID: a.id }, homeDir: emptyHome }),
    ).rejects.toThrow(/ALIBABA_CLOUD_ACCESS_KEY_SECRET is not/);
  });

  test("the CLI profile of ~/.aliyun/config.json, via @alicloud/credentials", async () => {
    const dir = fs.mkdtempSync(path.join(home, "cred-"));
    const k = testKey();
    writeCliConfig(dir, {
      current: "dev",
      profiles: [
        {
          name: "dev",
          mode: "AK",
          access_key_id: k.id,
          access_key_secret: k.secret,
          region_id: "cn-hangzhou",
        },
      ],
    });
    const found = await resolveCredentials({ env: {}, homeDir: dir });
    expect(found).toMatchObject({ accessKeyId: k.id, accessKeySecret: k.secret });
    expect(found.source).toContain(path.join(dir, ".aliyun", "config.json"));
  });

  test("none found: lists every place it looked, without probing ECS metadata, and leaks nothing", async () => {
    const dir = fs.mkdtempSync(path.join(home, "broken-"));
    const k = testKey();
    // a config file the library cannot parse; its own error would quote the whole file
    fs.mkdirSync(path.join(dir, ".aliyun"));
    fs.writeFileSync(
      path.join(dir, ".aliyun", "config.json"),
      `{"profiles": [{"access_key_secret": "${k.secret}"`,
    );
    const err = (await resolveCredentials({ env: {}, homeDir: dir }).catch(
      (e: unknown) => e,
    )) as KmsError;
    expect(err).toBeInstanceOf(KmsError);
    expect(err).toMatchObject({
      code: "Credentials.NotFound",
      remedy: "check-credentials",
      retryable: false,
    });
    for (const place of [
      "ALIBABA_CLOUD_ACCESS_KEY_ID",
      "ALICLOUD_ACCESS_KEY",
      "Pulumi config",
      "OIDC",
      ".aliyun",
      ".alibabacloud",
      "ECS RAM role (ALIBABA_CLOUD_ECS_METADATA not set)",
      "ALIBABA_CLOUD_CREDENTIALS_URI",
    ]) {
      expect(err.message).toContain(place);
    }
    expect(err.message).not.toContain(k.secret);
  });
});

describe("lookup order of checks", () => {
  test("no region or no credentials: refused before any request", async () => {
    const fake = new FakeKms([]);
    await expect(
      listSecrets({}, { env: {}, homeDir: emptyHome, transport: fake.factory() }),
    ).rejects.toBeInstanceOf(ArgumentError);
    await expect(
      listSecrets(
        { region: "cn-hangzhou" },
        { env: {}, homeDir: emptyHome, transport: fake.factory() },
      ),
    ).rejects.toMatchObject({ code: "Credentials.NotFound" });
    expect(fake.transports).toHaveLength(0);
  });

  test("the endpoint defaults to the region's public KMS endpoint", async () => {
    const fake = new FakeKms([]);
    const k = testKey();
    await listSecrets(
      { region: "ap-northeast-1" },
      {
        env: { ALIBABA_CLOUD_ACCESS_KEY_ID: k.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: k.secret },
        homeDir: emptyHome,
        transport: fake.factory(),
      },
    );
    expect(fake.transports[0]?.endpoint).toBe("https://kms.ap-northeast-1.aliyuncs.com");
    expect(fake.transports[0]?.credentials.accessKeyId).toBe(k.id);
  });
});

describe("credential chain: builders of @alicloud/credentials that read process.env", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of [
      "ALIBABA_CLOUD_CLI_PROFILE_DISABLED",
      "ALIBABA_CLOUD_ECS_METADATA_DISABLED",
    ]) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  test.each([
    ["ALIBABA_CLOUD_CLI_PROFILE_DISABLED", {}],
    ["ALIBABA_CLOUD_ECS_METADATA_DISABLED", { ALIBABA_CLOUD_ECS_METADATA: "some-role" }],
  ])(
    "a library builder that refuses (process.env %s=true) is a place looked in, not an untyped throw",
    async (name, extraEnv) => {
      process.env[name] = "true";
      const fake = new FakeKms(fakeSecrets(1));
      const context = fakeContext(fake, {
        env: { ALIBABA_CLOUD_REGION_ID: "cn-hangzhou", ...extraEnv },
      });
      const failure: unknown = await listSecrets({}, context).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(failure).toBeInstanceOf(KmsError);
      expect(failure).toMatchObject({ code: "Credentials.NotFound" });
      expect((failure as KmsError).message).toMatch(/disabled/);
      expect(fake.calls).toHaveLength(0);
    },
  );
});
