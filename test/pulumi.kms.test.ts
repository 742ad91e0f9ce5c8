/**
 * The drop-in invokes (`kms.*`) under Pulumi mocks against the emulator: peer field shapes,
 * echoed inputs, outputFile as Terraform writes it, secrecy of the Output forms, refusals.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentError, getSecrets, kms } from "pulumi-alicloud-kms-secrets";
import { goJson, outputPath } from "../sdk/kms/outputFile";
import { DROPIN_SEED } from "./helpers/dropinSeed";
import { useMockedEmulator } from "./helpers/mockedEmulator";
import { settle } from "./helpers/pulumiMocks";

const dropin = useMockedEmulator({ seed: DROPIN_SEED });
const { requests } = dropin;

describe("kms.getSecrets", () => {
  test("without enableDetails: the peer's fields, detail fields empty, enableDetails echoed false", async () => {
    const result = await kms.getSecrets({ ids: ["app/rotated", "other/thing"] });
    expect(result).toEqual({
      enableDetails: false,
      id: expect.any(String),
      ids: ["app/rotated", "other/thing"],
      names: ["app/rotated", "other/thing"],
      secrets: [
        expect.objectContaining({ id: "app/rotated", plannedDeleteTime: "2030-01-01T00:00:00Z" }),
        {
          arn: "",
          description: "",
          encryptionKeyId: "",
          id: "other/thing",
          plannedDeleteTime: "",
          secretData: "",
          secretDataType: "",
          secretName: "other/thing",
          secretType: "Generic",
          tags: {},
          versionId: "",
          versionStages: [],
        },
      ],
    });
    expect(requests()).toEqual({ ListSecrets: 1 });
  });

  test("enableDetails: DescribeSecret and GetSecretValue per secret, the peer's values", async () => {
    const result = await kms.getSecrets({ ids: ["app/api-key"], enableDetails: true });
    expect(result.secrets).toEqual([
      {
        arn: `acs:kms:${dropin.emulator.region}:1234567890123456:secret/app/api-key`,
        description: "the <api> key & more",
        encryptionKeyId: "key-1",
        id: "app/api-key",
        plannedDeleteTime: "",
        secretData: "api-key-value",
        secretDataType: "text",
        secretName: "app/api-key",
        secretType: "Generic",
        tags: {},
        versionId: "a1",
        versionStages: ["ACSCurrent"],
      },
    ]);
    expect(requests()).toEqual({ ListSecrets: 1, DescribeSecret: 1, GetSecretValue: 1 });
  });

  test("refuses an argument the peer does not have, before any request", async () => {
    const err = await kms
      .getSecrets({ fetchValues: true } as kms.GetSecretsArgs)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArgumentError);
    expect((err as ArgumentError).issues.map((i) => i.path)).toEqual(["fetchValues"]);
    expect(dropin.emulator.stats().requests).toBe(0);
  });

  test("outputFile: Terraform's JSON (tabs, sorted snake_case keys, Go escapes), 0600, replaced", async () => {
    const file = path.join(dropin.dir, "secrets.json");
    await fs.writeFile(file, "old content that must go");
    await kms.getSecrets({
      ids: ["app/api-key", "app/rotated"],
      fetchTags: true,
      outputFile: file,
    });
    const text = await fs.readFile(file, "utf8");
    expect(text).toBe(
      [
        "[",
        "\t{",
        '\t\t"id": "app/api-key",',
        '\t\t"planned_delete_time": null,',
        '\t\t"secret_name": "app/api-key",',
        '\t\t"secret_type": "Generic",',
        '\t\t"tags": {',
        '\t\t\t"env": "prod"',
        "\t\t}",
        "\t},",
        "\t{",
        '\t\t"id": "app/rotated",',
        '\t\t"planned_delete_time": "2030-01-01T00:00:00Z",',
        '\t\t"secret_name": "app/rotated",',
        '\t\t"secret_type": "Generic",',
        '\t\t"tags": {}',
        "\t}",
        "]",
      ].join("\n"),
    );
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    // Alibaba Cloud's own tags are left out, as the peer does; the native result keeps them.
    const native = await getSecrets({ ids: ["app/api-key"], fetchTags: true });
    expect(native.secrets[0]?.tags).toEqual({ env: "prod", "acs:rm:rgId": "rg-system" });
    const peerShaped = await kms.getSecrets({ ids: ["app/api-key"], fetchTags: true });
    expect(peerShaped.secrets[0]?.tags).toEqual({ env: "prod" });

    await kms.getSecrets({ ids: ["app/api-key"], enableDetails: true, outputFile: file });
    const [record] = JSON.parse(await fs.readFile(file, "utf8")) as Record<string, unknown>[];
    expect(Object.keys(record ?? {})).toEqual([
      "arn",
      "description",
      "encryption_key_id",
      "id",
      "planned_delete_time",
      "secret_data",
      "secret_data_type",
      "secret_name",
      "secret_type",
      "tags",
      "version_id",
      "version_stages",
    ]);
    expect(record).toMatchObject({ secret_data: "api-key-value", version_stages: ["ACSCurrent"] });
    expect(await fs.readFile(file, "utf8")).toContain('"the \\u003capi\\u003e key \\u0026 more"');
  });

  test("outputFile paths: ~ is the home directory, relative paths the program's directory", () => {
    expect(outputPath("~/x.json", "/home/u")).toBe(path.resolve("/home/u/x.json"));
    expect(outputPath("x.json")).toBe(path.join(process.cwd(), "x.json"));
    expect(goJson({ b: 1, a: ["<&>"] })).toBe(
      '{\n\t"a": [\n\t\t"\\u003c\\u0026\\u003e"\n\t],\n\t"b": 1\n}',
    );
  });

  test("an outputFile that cannot be written fails the invoke, naming it", async () => {
    const bad = path.join(dropin.dir, "missing-dir", "x.json");
    await expect(kms.getSecrets({ ids: ["app/api-key"], outputFile: bad })).rejects.toThrow(
      /outputFile ".*missing-dir.*x\.json": could not write/,
    );
  });
});

describe("kms.getSecretsOutput", () => {
  test("plain without enableDetails, a secret Output with it", async () => {
    const plain = await settle(kms.getSecretsOutput({ nameRegex: pulumi.output("^db/") }));
    expect(plain).toMatchObject({ known: true, secret: false });
    expect(plain.value?.names).toEqual(["db/password"]);
    expect(plain.value?.nameRegex).toBe("^db/");
    const withValues = await settle(
      kms.getSecretsOutput({ nameRegex: "^db/", enableDetails: pulumi.output(true) }),
    );
    expect(withValues).toMatchObject({ known: true, secret: true });
    expect(withValues.value?.secrets[0]?.secretData).toContain("rds-pw");
  });
});

describe("kms.getSecretVersions", () => {
  test("ids, versions and echoed inputs like the peer; stable id", async () => {
    const args = { secretName: "app/rotated", versionStage: "ACSCurrent" };
    const result = await kms.getSecretVersions(args);
    expect(result).toEqual({
      enableDetails: false,
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      ids: ["v4"],
      secretName: "app/rotated",
      versionStage: "ACSCurrent",
      versions: [
        {
          secretData: "",
          secretDataType: "",
          secretName: "app/rotated",
          versionId: "v4",
          versionStages: ["ACSCurrent"],
        },
      ],
    });
    expect(requests()).toEqual({ ListSecretVersionIds: 1 });
    expect((await kms.getSecretVersions(args)).id).toBe(result.id);
    expect((await kms.getSecretVersions({ secretName: "app/rotated" })).id).not.toBe(result.id);
  });

  test("enableDetails and includeDeprecated: every version's value; outputFile records", async () => {
    const file = path.join(dropin.dir, "versions.json");
    const result = await kms.getSecretVersions({
      secretName: "app/rotated",
      enableDetails: true,
      includeDeprecated: "true",
      outputFile: file,
    });
    expect(result.versions.map((v) => [v.versionId, v.secretData, v.secretDataType])).toEqual([
      ["v1", "pw-one", "text"],
      ["v2", "pw-two", "text"],
      ["v3", "pw-three", "text"],
      ["v4", "pw-four", "text"],
    ]);
    expect(result.includeDeprecated).toBe("true");
    expect(requests()).toEqual({ ListSecretVersionIds: 1, GetSecretValue: 4 });
    const records = JSON.parse(await fs.readFile(file, "utf8")) as Record<string, unknown>[];
    expect(records[0]).toEqual({
      secret_data: "pw-one",
      secret_data_type: "text",
      secret_name: "app/rotated",
      version_id: "v1",
      version_stages: [],
    });
  });

  test('empty ids, "" versionStage and "" includeDeprecated filter nothing, as Terraform reads them', async () => {
    const result = await kms.getSecretVersions({
      secretName: "app/rotated",
      ids: [],
      versionStage: "",
      includeDeprecated: "",
    });
    expect(result.ids).toEqual(["v2", "v3", "v4"]);
    expect(result).toMatchObject({ versionStage: "", includeDeprecated: "" });
  });

  test("refuses includeDeprecated other than true/false, and unknown arguments", async () => {
    const bad = await kms
      .getSecretVersions({ secretName: "app/rotated", includeDeprecated: "yes" })
      .catch((e: unknown) => e);
    expect((bad as ArgumentError).issues?.map((i) => i.path)).toEqual(["includeDeprecated"]);
    const unknown = await kms
      .getSecretVersions({ secretName: "x", versionId: "v1" } as kms.GetSecretVersionsArgs)
      .catch((e: unknown) => e);
    expect((unknown as ArgumentError).issues?.map((i) => i.path)).toEqual(["versionId"]);
    expect(dropin.emulator.stats().requests).toBe(0);
  });

  test("the Output form is secret with enableDetails, plain without", async () => {
    const plain = await settle(
      kms.getSecretVersionsOutput({ secretName: pulumi.output("app/rotated") }),
    );
    expect(plain).toMatchObject({ known: true, secret: false });
    expect(plain.value?.ids).toEqual(["v2", "v3", "v4"]);
    const values = await settle(
      kms.getSecretVersionsOutput({ secretName: "app/rotated", enableDetails: true }),
    );
    expect(values).toMatchObject({ known: true, secret: true });
  });
});
