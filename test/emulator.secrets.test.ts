/** DescribeSecret, GetSecretValue, per-secret permissions and the demo data set. */
import { demoSecrets, startEmulator, type EmulatorHandle, type SeedSecret } from "../emulator";
import { sendSigned, type RawResponse } from "./helpers/emulatorSigner";

const key = { accessKeyId: "testkey-values", accessKeySecret: `values-${Math.random()}` };

const full: SeedSecret = {
  SecretName: "prod/db.password",
  SecretType: "Rds",
  CreateTime: "2024-07-17T07:59:05Z",
  UpdateTime: "2024-07-18T07:59:05Z",
  PlannedDeleteTime: "2024-08-17T07:59:05Z",
  Tags: { Tag: [{ TagKey: "env", TagValue: "prod" }] },
  Description: "the database",
  EncryptionKeyId: "key-demo-1",
  DKMSInstanceId: "kst-demo",
  Creator: "1234567890123456",
  AutomaticRotation: "Enabled",
  RotationInterval: "604800s",
  LastRotationDate: "2024-07-18T07:59:05Z",
  NextRotationDate: "2024-07-25T07:59:05Z",
  ExtendedConfig: '{"SecretSubType":"SingleUser"}',
  SecretData: '{"AccountName":"app","AccountPassword":"demo-pw"}',
  SecretDataType: "text",
  VersionId: "v7",
  VersionStages: ["ACSCurrent", "Blue"],
};

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator({
    accessKeys: [key],
    region: "cn-shanghai",
    seed: [
      full,
      { SecretName: "minimal" },
      {
        SecretName: "bin",
        SecretData: Buffer.from([0, 1, 2, 255]).toString("base64"),
        SecretDataType: "binary",
      },
      { SecretName: "locked", SecretData: "nope", Forbidden: true },
      { SecretName: "hidden", Forbidden: ["DescribeSecret", "GetSecretValue"] },
    ],
  });
});
afterAll(() => emu.close());

function call(action: string, params: Record<string, string> = {}): Promise<RawResponse> {
  return sendSigned({ endpoint: emu.endpoint, accessKey: key, action, params });
}

function expectError(res: RawResponse, status: number, code: string): void {
  expect({ status: res.status, code: res.json?.["Code"] }).toEqual({ status, code });
}

describe("DescribeSecret", () => {
  it("returns the API's fields, Tags only with FetchTags=true", async () => {
    const res = await call("DescribeSecret", { SecretName: full.SecretName });
    expect(res.status).toBe(200);
    const { RequestId, ...body } = res.json ?? {};
    expect(RequestId).toEqual(expect.any(String));
    expect(body).toEqual({
      Arn: "acs:kms:cn-shanghai:1234567890123456:secret/prod/db.password",
      SecretName: full.SecretName,
      SecretType: "Rds",
      Description: "the database",
      EncryptionKeyId: "key-demo-1",
      CreateTime: full.CreateTime,
      UpdateTime: full.UpdateTime,
      PlannedDeleteTime: full.PlannedDeleteTime,
      AutomaticRotation: "Enabled",
      RotationInterval: "604800s",
      LastRotationDate: full.LastRotationDate,
      NextRotationDate: full.NextRotationDate,
      DKMSInstanceId: "kst-demo",
      ExtendedConfig: full.ExtendedConfig,
    });
    const tagged = await call("DescribeSecret", { SecretName: full.SecretName, FetchTags: "true" });
    expect(tagged.json?.["Tags"]).toEqual({ Tag: [{ TagValue: "prod", TagKey: "env" }] });
  });

  it("fills the defaults the API always returns", async () => {
    const res = await call("DescribeSecret", { SecretName: "minimal" });
    expect(res.json).toMatchObject({
      SecretType: "Generic",
      Description: "",
      AutomaticRotation: "Disabled",
      CreateTime: "2024-01-01T00:00:00Z",
      UpdateTime: "2024-01-01T00:00:00Z",
    });
  });

  it("a missing SecretName: MissingSecretName 400; an unknown one: Forbidden.ResourceNotFound 404", async () => {
    expectError(await call("DescribeSecret"), 400, "MissingSecretName");
    expectError(
      await call("DescribeSecret", { SecretName: "nope" }),
      404,
      "Forbidden.ResourceNotFound",
    );
  });

  it("FetchTags must be a boolean", async () => {
    expectError(
      await call("DescribeSecret", { SecretName: "minimal", FetchTags: "1" }),
      400,
      "InvalidParameter",
    );
  });
});

describe("GetSecretValue", () => {
  it("serves the data with the API's fields", async () => {
    const res = await call("GetSecretValue", { SecretName: full.SecretName });
    const { RequestId: _r, ...body } = res.json ?? {};
    expect(body).toEqual({
      SecretName: full.SecretName,
      SecretType: "Rds",
      SecretData: full.SecretData,
      SecretDataType: "text",
      VersionId: "v7",
      VersionStages: { VersionStage: ["ACSCurrent", "Blue"] },
      CreateTime: full.CreateTime,
      AutomaticRotation: "Enabled",
      RotationInterval: "604800s",
      LastRotationDate: full.LastRotationDate,
      NextRotationDate: full.NextRotationDate,
    });
    const extended = await call("GetSecretValue", {
      SecretName: full.SecretName,
      FetchExtendedConfig: "true",
    });
    expect(extended.json?.["ExtendedConfig"]).toBe(full.ExtendedConfig);
  });

  it("serves binary data base64-encoded", async () => {
    const res = await call("GetSecretValue", { SecretName: "bin" });
    expect(res.json).toMatchObject({
      SecretDataType: "binary",
      VersionId: "v1",
      VersionStages: { VersionStage: ["ACSCurrent"] },
    });
    expect(Buffer.from(res.json?.["SecretData"] as string, "base64")).toEqual(
      Buffer.from([0, 1, 2, 255]),
    );
  });

  it.each<[Record<string, string>, number]>([
    [{ VersionId: "v7" }, 200],
    [{ VersionStage: "Blue" }, 200],
    [{ VersionStage: "ACSCurrent", VersionId: "v7" }, 200],
    [{ VersionId: "v6" }, 404],
    [{ VersionStage: "ACSPrevious" }, 404],
    [{ VersionStage: "Blue", VersionId: "v1" }, 404],
  ])("honours VersionId/VersionStage %j", async (params, status) => {
    const res = await call("GetSecretValue", { SecretName: full.SecretName, ...params });
    expect(res.status).toBe(status);
    if (status === 404) expect(res.json?.["Code"]).toBe("Forbidden.ResourceNotFound");
  });

  it("a missing secret: Forbidden.ResourceNotFound 404; a missing name: MissingSecretName 400", async () => {
    expectError(
      await call("GetSecretValue", { SecretName: "nope" }),
      404,
      "Forbidden.ResourceNotFound",
    );
    expectError(await call("GetSecretValue"), 400, "MissingSecretName");
  });

  it("Forbidden: true denies GetSecretValue only; a list denies the actions it names", async () => {
    const locked = await call("GetSecretValue", { SecretName: "locked" });
    expectError(locked, 403, "Forbidden.NoPermission");
    expect(locked.text).not.toContain("nope");
    expect((await call("DescribeSecret", { SecretName: "locked" })).status).toBe(200);
    expectError(
      await call("DescribeSecret", { SecretName: "hidden" }),
      403,
      "Forbidden.NoPermission",
    );
    expectError(
      await call("GetSecretValue", { SecretName: "hidden" }),
      403,
      "Forbidden.NoPermission",
    );
  });

  it("ListSecrets never returns secret values", async () => {
    const res = await call("ListSecrets", { PageSize: "100", FetchTags: "true" });
    expect(res.text).not.toContain("demo-pw");
    expect(res.json?.["TotalCount"]).toBe(5);
  });
});

describe("demoSecrets", () => {
  it("is deterministic", () => {
    expect(demoSecrets(40)).toEqual(demoSecrets(40));
    expect(demoSecrets(40).slice(0, 10)).toEqual(demoSecrets(10));
  });

  it("is realistic: mixed types, tags, deletions, names with / . and unicode, unique names, data", () => {
    const set = demoSecrets(200);
    expect(new Set(set.map((s) => s.SecretName)).size).toBe(200);
    expect(new Set(set.map((s) => s.SecretType))).toEqual(
      new Set(["Generic", "Rds", "Redis", "RAMCredentials", "ECS", "PolarDB"]),
    );
    expect(set.filter((s) => s.PlannedDeleteTime).length).toBeGreaterThan(5);
    expect(set.some((s) => s.SecretName.includes("/"))).toBe(true);
    expect(set.some((s) => s.SecretName.includes("."))).toBe(true);
    expect(set.some((s) => /[^\x20-\x7e]/.test(s.SecretName))).toBe(true);
    const tagCounts = set.map((s) => s.Tags?.Tag.length ?? 0);
    expect(Math.max(...tagCounts)).toBeGreaterThan(3);
    expect(tagCounts).toContain(0);
    expect(set.every((s) => s.Tags?.Tag.every((t) => t.TagKey && t.TagValue) ?? true)).toBe(true);
    expect(set.some((s) => s.SecretDataType === "binary")).toBe(true);
    expect(set.every((s) => (s.SecretData ?? "").length > 0)).toBe(true);
    expect(set.some((s) => s.DKMSInstanceId)).toBe(true);
  });

  it("is served by startEmulator({ demo })", async () => {
    const demo = await startEmulator({ demo: 25, accessKeys: [key] });
    try {
      expect(demo.listSecretNames().sort()).toEqual(
        demoSecrets(25)
          .map((s) => s.SecretName)
          .sort(),
      );
      const first = demoSecrets(25)[0] as SeedSecret;
      const res = await sendSigned({
        endpoint: demo.endpoint,
        accessKey: key,
        action: "GetSecretValue",
        params: { SecretName: first.SecretName },
      });
      expect(res.json?.["SecretData"]).toBe(first.SecretData);
    } finally {
      await demo.close();
    }
  });
});

describe("startEmulator options", () => {
  it("generates an access key when none is given and refuses duplicate seed names", async () => {
    const generated = await startEmulator();
    try {
      expect(generated.accessKey.accessKeyId).toMatch(/^emulator-[0-9a-f]{12}$/);
      expect(generated.accessKey.accessKeySecret.length).toBeGreaterThanOrEqual(20);
      expect(generated.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await sendSigned({
        endpoint: generated.endpoint,
        accessKey: generated.accessKey,
        action: "ListSecrets",
      });
      expect(res.json?.["TotalCount"]).toBe(0);
    } finally {
      await generated.close();
    }
    await expect(
      startEmulator({ seed: [{ SecretName: "x" }, { SecretName: "x" }] }),
    ).rejects.toThrow(/duplicate/);
  });
});
