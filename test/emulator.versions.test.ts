/** The emulator's version history: ListSecretVersionIds paging and GetSecretValue by version. */
import { startEmulator, type EmulatorHandle } from "../emulator";
import { sendSigned, type RawResponse } from "./helpers/emulatorSigner";
import { manyVersions, rotated } from "./helpers/versionFixtures";

const key = { accessKeyId: "testkey-versions", accessKeySecret: `versions-${Math.random()}` };

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator({
    accessKeys: [key],
    seed: [
      rotated,
      manyVersions("many", 45),
      {
        SecretName: "single",
        SecretData: "one",
        VersionId: "only",
        CreateTime: "2024-05-05T00:00:00Z",
      },
      { SecretName: "nolist", Forbidden: ["ListSecretVersionIds"] },
    ],
  });
});
afterAll(() => emu.close());

function call(action: string, params: Record<string, string> = {}): Promise<RawResponse> {
  return sendSigned({ endpoint: emu.endpoint, accessKey: key, action, params });
}

function ids(res: RawResponse): string[] {
  const list = (res.json?.["VersionIds"] as { VersionId: { VersionId: string }[] }).VersionId;
  return list.map((v) => v.VersionId);
}

describe("ListSecretVersionIds", () => {
  it("answers the API's shape: staged versions only, with stages and created times", async () => {
    const res = await call("ListSecretVersionIds", { SecretName: rotated.SecretName });
    expect(res.status).toBe(200);
    const { RequestId, ...body } = res.json ?? {};
    expect(RequestId).toEqual(expect.any(String));
    expect(body).toEqual({
      SecretName: "app/rotated",
      PageNumber: 1,
      PageSize: 20,
      TotalCount: 3,
      VersionIds: {
        VersionId: [
          {
            VersionId: "v2",
            CreateTime: "2024-02-01T00:00:00Z",
            VersionStages: { VersionStage: ["ACSPrevious"] },
          },
          {
            VersionId: "v3",
            CreateTime: "2024-03-01T00:00:00Z",
            VersionStages: { VersionStage: ["Blue"] },
          },
          {
            VersionId: "v4",
            CreateTime: "2024-04-01T00:00:00Z",
            VersionStages: { VersionStage: ["ACSCurrent"] },
          },
        ],
      },
    });
  });

  it("IncludeDeprecated=true adds the versions without a stage", async () => {
    const res = await call("ListSecretVersionIds", {
      SecretName: rotated.SecretName,
      IncludeDeprecated: "true",
    });
    expect(res.json?.["TotalCount"]).toBe(4);
    expect(ids(res)).toEqual(["v1", "v2", "v3", "v4"]);
    const bad = await call("ListSecretVersionIds", {
      SecretName: rotated.SecretName,
      IncludeDeprecated: "yes",
    });
    expect(bad.json?.["Code"]).toBe("InvalidParameter");
  });

  it("pages with PageNumber / PageSize (1..100), TotalCount the whole count", async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const res = await call("ListSecretVersionIds", {
        SecretName: "many",
        PageNumber: String(page),
        PageSize: "20",
      });
      expect(res.json).toMatchObject({ PageNumber: page, PageSize: 20, TotalCount: 45 });
      seen.push(...ids(res));
    }
    expect(seen).toEqual(manyVersions("many", 45).Versions?.map((v) => v.VersionId));
    const tooBig = await call("ListSecretVersionIds", { SecretName: "many", PageSize: "101" });
    expect({ status: tooBig.status, code: tooBig.json?.["Code"] }).toEqual({
      status: 400,
      code: "InvalidParameter",
    });
  });

  it("a secret without history has one version, created with the secret", async () => {
    const res = await call("ListSecretVersionIds", { SecretName: "single" });
    expect((res.json?.["VersionIds"] as { VersionId: unknown[] }).VersionId).toEqual([
      {
        VersionId: "only",
        CreateTime: "2024-05-05T00:00:00Z",
        VersionStages: { VersionStage: ["ACSCurrent"] },
      },
    ]);
  });

  it("unknown secret: 404 Forbidden.ResourceNotFound; denied: 403; no name: MissingSecretName", async () => {
    const missing = await call("ListSecretVersionIds", { SecretName: "nope" });
    expect([missing.status, missing.json?.["Code"]]).toEqual([404, "Forbidden.ResourceNotFound"]);
    const denied = await call("ListSecretVersionIds", { SecretName: "nolist" });
    expect([denied.status, denied.json?.["Code"]]).toEqual([403, "Forbidden.NoPermission"]);
    const noName = await call("ListSecretVersionIds");
    expect(noName.json?.["Code"]).toBe("MissingSecretName");
  });
});

describe("GetSecretValue over the history", () => {
  it("defaults to ACSCurrent; VersionStage and VersionId pick the others", async () => {
    const current = await call("GetSecretValue", { SecretName: rotated.SecretName });
    expect(current.json).toMatchObject({
      SecretData: "pw-four",
      VersionId: "v4",
      VersionStages: { VersionStage: ["ACSCurrent"] },
      CreateTime: "2024-04-01T00:00:00Z",
    });
    const previous = await call("GetSecretValue", {
      SecretName: rotated.SecretName,
      VersionStage: "ACSPrevious",
    });
    expect(previous.json).toMatchObject({ SecretData: "pw-two", VersionId: "v2" });
    const deprecated = await call("GetSecretValue", {
      SecretName: rotated.SecretName,
      VersionId: "v1",
    });
    expect(deprecated.json).toMatchObject({
      SecretData: "pw-one",
      VersionStages: { VersionStage: [] },
    });
  });

  it("a VersionId with a stage it does not carry, or an unknown one: ResourceNotFound", async () => {
    const selectors: Record<string, string>[] = [
      { VersionId: "v2", VersionStage: "ACSCurrent" },
      { VersionId: "v9" },
      { VersionStage: "Green" },
    ];
    for (const params of selectors) {
      const res = await call("GetSecretValue", { SecretName: rotated.SecretName, ...params });
      expect([res.status, res.json?.["Code"]]).toEqual([404, "Forbidden.ResourceNotFound"]);
    }
  });

  it("refuses a history no real secret has: duplicate ids, one stage on two versions", async () => {
    await expect(
      startEmulator({
        seed: [{ SecretName: "x", Versions: [{ VersionId: "a" }, { VersionId: "a" }] }],
      }),
    ).rejects.toThrow(/duplicate VersionId "a"/);
    await expect(
      startEmulator({
        seed: [
          {
            SecretName: "y",
            Versions: [
              { VersionId: "a", VersionStages: ["ACSCurrent"] },
              { VersionId: "b", VersionStages: ["ACSCurrent"] },
            ],
          },
        ],
      }),
    ).rejects.toThrow(/stage "ACSCurrent" labels both "a" and "b"/);
  });
});
