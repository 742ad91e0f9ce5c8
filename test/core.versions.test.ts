/** listSecretVersions and fetchSecretValue against the emulator over real HTTP. */
import { startEmulator, type EmulatorHandle } from "../emulator";
import { ArgumentError } from "../core/args";
import { KmsError } from "../core/errors";
import { parseSecretJson, SecretFormatError } from "../core/secretJson";
import { fetchSecretValue, type SecretValueResult } from "../core/secretValue";
import { listSecretVersions } from "../core/versions";
import { emuContext, leakForms, stsKey } from "./helpers/coreEmulator";
import { manyVersions, ramSecret, rdsSecret, rotated, textSecret } from "./helpers/versionFixtures";

const key = stsKey();
let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator({
    accessKeys: [key],
    seed: [
      rotated,
      manyVersions("many", 120),
      rdsSecret,
      ramSecret,
      textSecret,
      { SecretName: "denied", SecretData: "x", Forbidden: ["ListSecretVersionIds"] },
    ],
  });
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.resetStats();
  emu.setFaults({});
});

const where = () => ({ region: emu.region, endpoint: emu.endpoint });
const ctx = () => emuContext(emu, {}, key);
const calls = (action: string) => emu.stats().requestsByAction[action] ?? 0;

describe("listSecretVersions", () => {
  it("lists the staged versions, sorted by id, with stages and created times, in one request", async () => {
    const result = await listSecretVersions({ secretName: rotated.SecretName, ...where() }, ctx());
    expect(result).toEqual({
      secretName: "app/rotated",
      region: emu.region,
      versions: [
        { versionId: "v2", createTime: "2024-02-01T00:00:00Z", versionStages: ["ACSPrevious"] },
        { versionId: "v3", createTime: "2024-03-01T00:00:00Z", versionStages: ["Blue"] },
        { versionId: "v4", createTime: "2024-04-01T00:00:00Z", versionStages: ["ACSCurrent"] },
      ],
    });
    expect(emu.stats().requests).toBe(1);
  });

  it("includeDeprecated adds versions without a stage; ids and versionStage narrow", async () => {
    const all = await listSecretVersions(
      { secretName: rotated.SecretName, includeDeprecated: true, ...where() },
      ctx(),
    );
    expect(all.versions.map((v) => v.versionId)).toEqual(["v1", "v2", "v3", "v4"]);
    expect(all.versions[0]?.versionStages).toEqual([]);
    const byIds = await listSecretVersions(
      { secretName: rotated.SecretName, ids: ["v3", "v4", "nope"], ...where() },
      ctx(),
    );
    expect(byIds.versions.map((v) => v.versionId)).toEqual(["v3", "v4"]);
    const byStage = await listSecretVersions(
      { secretName: rotated.SecretName, versionStage: "ACSPrevious", ...where() },
      ctx(),
    );
    expect(byStage.versions.map((v) => v.versionId)).toEqual(["v2"]);
  });

  it("fetchValues: one GetSecretValue per kept version, by VersionId, values matching", async () => {
    const result = await listSecretVersions(
      { secretName: rotated.SecretName, includeDeprecated: true, fetchValues: true, ...where() },
      ctx(),
    );
    expect(result.versions.map((v) => [v.versionId, v.secretData, v.secretDataType])).toEqual([
      ["v1", "pw-one", "text"],
      ["v2", "pw-two", "text"],
      ["v3", "pw-three", "text"],
      ["v4", "pw-four", "text"],
    ]);
    expect(calls("GetSecretValue")).toBe(4);
    expect(calls("ListSecretVersionIds")).toBe(1);
  });

  it("120 versions: 3 pages of 50, every version once, complete under injected faults", async () => {
    emu.setFaults({ error500Rate: 0.2, throttleRate: 0.2, randomSeed: 7 });
    const result = await listSecretVersions({ secretName: "many", ...where() }, ctx());
    expect(result.versions.map((v) => v.versionId)).toEqual(
      manyVersions("many", 120)
        .Versions?.map((v) => v.VersionId)
        .sort(),
    );
    const faults = Object.values(emu.stats().faultsInjected).reduce((a, b) => a + b, 0);
    expect(faults).toBeGreaterThan(0);
    expect(calls("ListSecretVersionIds")).toBe(3 + faults);
  });

  it("refuses bad arguments before any request, naming the field", async () => {
    const bad = [
      { secretName: "" },
      { secretName: "x", includeDeprecated: "true" },
      { secretName: "x", versionStage: " padded" },
      { secretName: "x", surprise: 1 },
    ];
    for (const args of bad) {
      await expect(
        listSecretVersions({ ...(args as { secretName: string }), ...where() }, ctx()),
      ).rejects.toBeInstanceOf(ArgumentError);
    }
    expect(emu.stats().requests).toBe(0);
  });

  it("an unknown or denied secret fails with a KmsError naming it, no credentials in it", async () => {
    const missing = await listSecretVersions({ secretName: "ghost", ...where() }, ctx()).catch(
      (e: unknown) => e,
    );
    expect(missing).toBeInstanceOf(KmsError);
    expect(missing).toMatchObject({ code: "Forbidden.ResourceNotFound", httpStatus: 404 });
    expect((missing as KmsError).message).toContain('secret "ghost"');
    const denied = await listSecretVersions({ secretName: "denied", ...where() }, ctx()).catch(
      (e: unknown) => e,
    );
    expect(denied).toMatchObject({ code: "Forbidden.NoPermission", httpStatus: 403 });
    for (const err of [missing, denied]) {
      const text = JSON.stringify(err) + String((err as Error).message);
      for (const secret of [key.accessKeySecret, key.securityToken]) {
        for (const form of leakForms(secret)) expect(text).not.toContain(form);
      }
    }
  });
});

describe("fetchSecretValue", () => {
  it("one GetSecretValue call, no listing; ACSCurrent by default", async () => {
    const value = await fetchSecretValue({ secretName: rotated.SecretName, ...where() }, ctx());
    expect(value).toEqual({
      secretName: "app/rotated",
      secretData: "pw-four",
      secretDataType: "text",
      versionId: "v4",
      versionStages: ["ACSCurrent"],
    });
    expect(emu.stats().requestsByAction).toEqual({ GetSecretValue: 1 });
  });

  it("versionStage and versionId pick another version", async () => {
    const previous = await fetchSecretValue(
      { secretName: rotated.SecretName, versionStage: "ACSPrevious", ...where() },
      ctx(),
    );
    expect(previous.secretData).toBe("pw-two");
    const old = await fetchSecretValue(
      { secretName: rotated.SecretName, versionId: "v1", ...where() },
      ctx(),
    );
    expect([old.secretData, old.versionStages]).toEqual(["pw-one", []]);
  });

  it("a missing version fails naming the secret and the selector", async () => {
    const err = await fetchSecretValue(
      { secretName: rotated.SecretName, versionStage: "Green", ...where() },
      ctx(),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KmsError);
    expect((err as KmsError).message).toMatch(
      /secret "app\/rotated": no version with versionStage "Green"/,
    );
  });
});

describe("parseSecretJson", () => {
  const value = (secretData: string, secretDataType = "text"): SecretValueResult => ({
    secretName: "s",
    secretData,
    secretDataType,
    versionId: "v",
    versionStages: [],
  });

  it("parses RDS, RAM and generic JSON secrets", async () => {
    const rds = await fetchSecretValue({ secretName: rdsSecret.SecretName, ...where() }, ctx());
    expect(parseSecretJson(rds, "rds")).toEqual({ AccountName: "app", AccountPassword: "rds-pw" });
    const ram = await fetchSecretValue({ secretName: ramSecret.SecretName, ...where() }, ctx());
    expect(parseSecretJson(ram, "ram")).toMatchObject({ AccessKeyId: "testkey-ram" });
    expect(parseSecretJson(value('{"a":[1,{"b":null}]}'), "json")).toEqual({ a: [1, { b: null }] });
  });

  it("refuses non-JSON and the wrong shape with a typed error that never shows the value", async () => {
    const text = await fetchSecretValue({ secretName: textSecret.SecretName, ...where() }, ctx());
    const cases: [SecretValueResult, "rds" | "ram" | "json", string][] = [
      [text, "json", "SecretNotJson"],
      [value('["not-an-object-secret"]'), "json", "SecretNotJson"],
      [value("c2VjcmV0LWJ5dGVz", "binary"), "json", "SecretNotJson"],
      [value('{"AccountName":"n","AccountPassword":42424242}'), "rds", "SecretJsonShape"],
      [value('{"AccessKeyId":"id-value-x"}'), "ram", "SecretJsonShape"],
    ];
    for (const [input, kind, code] of cases) {
      let caught: unknown;
      try {
        parseSecretJson(input, kind);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(SecretFormatError);
      expect(caught).toMatchObject({ code, secretName: input.secretName });
      const message = (caught as Error).message;
      expect(message).toContain(JSON.stringify(input.secretName));
      for (const fragment of [
        "not-json-token-value",
        "not-an-object-secret",
        "42424242",
        "id-value-x",
      ]) {
        expect(message).not.toContain(fragment);
      }
    }
  });
});
