/**
 * `regions` in the SDK: getSecrets / getSecretsOutput / SecretsLookup under Pulumi mocks list
 * two regions of a regional emulator; a failing region fails the call with the region named,
 * or is reported with allowUnreadableRegions.
 */
import * as pulumi from "@pulumi/pulumi";
import { SecretsLookup, getSecrets, getSecretsOutput } from "pulumi-alicloud-kms-secrets";
import { startRegionalEmulator, type RegionalEmulatorHandle, type SeedSecret } from "../emulator";
import { clearLookupMemo } from "../sdk/lookupMemo";
import { keyStackConfig } from "./helpers/dynamicProvider";
import { setPulumiMocks, testAccessKey, valueOf } from "./helpers/pulumiMocks";

const REGIONS = ["cn-hangzhou", "cn-shanghai"];
const key = testAccessKey();
let emu: RegionalEmulatorHandle;

const seed = (name: string): SeedSecret => ({
  SecretName: name,
  CreateTime: "2024-01-01T00:00:00Z",
  UpdateTime: "2024-01-02T00:00:00Z",
});

beforeAll(async () => {
  emu = await startRegionalEmulator({
    regions: REGIONS,
    accessKeys: [key],
    seed: [seed("prod/api"), seed("prod/db")],
    seeds: { "cn-shanghai": [seed("prod/db"), seed("dr/only")] },
  });
});
afterAll(async () => {
  await emu?.close();
});

beforeEach(async () => {
  jest.spyOn(pulumi.log, "info").mockResolvedValue(undefined);
  // No endpoint in config: the endpoints come from the `endpoints` argument.
  await setPulumiMocks(keyStackConfig(key));
  clearLookupMemo();
  for (const r of REGIONS) emu.region(r).setFaults({});
});
afterEach(() => {
  jest.restoreAllMocks();
});

const EXPECTED_IDS = [
  "cn-hangzhou:prod/api",
  "cn-hangzhou:prod/db",
  "cn-shanghai:dr/only",
  "cn-shanghai:prod/db",
];
const HANGZHOU_IDS = ["cn-hangzhou:prod/api", "cn-hangzhou:prod/db"];
const unreadableShanghai = [
  expect.objectContaining({ region: "cn-shanghai", code: "InternalFailure" }),
];

describe("regions in the SDK", () => {
  test("getSecrets lists both regions; every secret carries its regionId", async () => {
    const result = await getSecrets({ regions: REGIONS, endpoints: emu.endpoints });
    expect(result.regions).toEqual(REGIONS);
    expect(result.region).toBe("cn-hangzhou,cn-shanghai");
    expect(result.ids).toEqual(EXPECTED_IDS);
    expect(result.secrets.map((s) => [s.regionId, s.secretName])).toEqual([
      ["cn-hangzhou", "prod/api"],
      ["cn-hangzhou", "prod/db"],
      ["cn-shanghai", "dr/only"],
      ["cn-shanghai", "prod/db"],
    ]);
  });

  test("getSecretsOutput takes regions and endpoints as Inputs", async () => {
    const result = await valueOf(
      getSecretsOutput({
        regions: [pulumi.output("cn-shanghai"), "cn-hangzhou"],
        endpoints: pulumi.output(emu.endpoints),
      }),
    );
    expect(result.ids).toEqual(EXPECTED_IDS);
    expect(result.regions).toEqual(REGIONS);
  });

  test("a failing region fails the call with the region named", async () => {
    emu.region("cn-shanghai").setFaults({ error503Rate: 1 });
    await expect(
      getSecrets({ regions: REGIONS, endpoints: emu.endpoints, maxRetries: 0 }),
    ).rejects.toMatchObject({
      code: "ServiceUnavailable",
      message: expect.stringMatching(/^region cn-shanghai: /),
    });
  });

  test("allowUnreadableRegions reports the failing region, with the other region's secrets", async () => {
    emu.region("cn-shanghai").setFaults({ error500Rate: 1 });
    const result = await getSecrets({
      regions: REGIONS,
      endpoints: emu.endpoints,
      maxRetries: 0,
      allowUnreadableRegions: true,
    });
    expect(result.unreadableRegions).toEqual(unreadableShanghai);
    expect(result.ids).toEqual(HANGZHOU_IDS);
  });

  test("region arguments are checked before any request, naming the field", async () => {
    for (const r of REGIONS) emu.region(r).resetStats();
    await expect(
      getSecrets({ regions: ["not a region"], endpoints: emu.endpoints }),
    ).rejects.toThrow(/regions\.0/);
    await expect(getSecrets({ region: "cn-hangzhou", regions: REGIONS })).rejects.toThrow(
      /give region or regions/,
    );
    for (const r of REGIONS) {
      expect(emu.region(r).stats().requestsByAction["ListSecrets"] ?? 0).toBe(0);
    }
  });

  test("SecretsLookup takes regions, endpoints and allowUnreadableRegions", async () => {
    emu.region("cn-shanghai").setFaults({ error500Rate: 1 });
    const lookup = new SecretsLookup("two-regions", {
      regions: REGIONS,
      endpoints: emu.endpoints,
      maxRetries: 0,
      allowUnreadableRegions: true,
    });
    expect(await valueOf(lookup.ids)).toEqual(HANGZHOU_IDS);
    const secrets = await valueOf(lookup.secrets);
    expect(secrets.map((s) => s.regionId)).toEqual(["cn-hangzhou", "cn-hangzhou"]);
    expect(await valueOf(lookup.regions)).toEqual(REGIONS);
    expect(await valueOf(lookup.unreadableRegions)).toEqual(unreadableShanghai);
  });
});
