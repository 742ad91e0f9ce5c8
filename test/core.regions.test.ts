/**
 * Several regions in one lookup (core/regions.ts) against a regional emulator: one store
 * and one port per region on 127.0.0.1; complete or fail per region, the region named.
 */
import { ArgumentError } from "../core/args";
import { KmsError } from "../core/errors";
import { lookupSecrets } from "../core/regions";
import { startRegionalEmulator, type RegionalEmulatorHandle } from "../emulator";
import { keyEnv, NO_HOME, seedSecrets, stsKey } from "./helpers/coreEmulator";

const REGIONS = ["cn-hangzhou", "cn-shanghai", "eu-central-1"];
const key = stsKey();
let emu: RegionalEmulatorHandle;

const context = () => ({
  env: keyEnv(key),
  homeDir: NO_HOME,
  retry: { baseDelayMs: 1, throttlingBaseDelayMs: 2, maxDelayMs: 10 },
  rateLimit: { requestsPerSecond: 2000, burst: 200 },
});

beforeAll(async () => {
  emu = await startRegionalEmulator({
    regions: REGIONS,
    accessKeys: [key],
    seed: seedSecrets(120, "shared"),
    seeds: { "cn-shanghai": [...seedSecrets(120, "shared"), ...seedSecrets(3, "dr-only")] },
  });
});
afterAll(async () => {
  await emu?.close();
});
afterEach(() => {
  for (const r of REGIONS) emu.region(r).setFaults({});
});

describe("emulator: several regions", () => {
  test("one store per region, each on its own 127.0.0.1 port; a change in one region stays there", () => {
    const urls = REGIONS.map((r) => emu.endpoints[r]);
    expect(new Set(urls).size).toBe(3);
    for (const url of urls) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.endpointFlag).toBe(REGIONS.map((r) => `${r}=${emu.endpoints[r]}`).join(","));
    expect(emu.region("cn-shanghai").listSecretNames()).toHaveLength(123);
    expect(emu.region("cn-hangzhou").listSecretNames()).toHaveLength(120);
    expect(() => emu.region("us-west-1")).toThrow(/not served/);
  });
});

describe("lookupSecrets over several regions", () => {
  test("lists every region concurrently, each at its own endpoint; ids are region:name", async () => {
    for (const r of REGIONS) emu.region(r).resetStats();
    const result = await lookupSecrets(
      { regions: [...REGIONS].reverse(), endpoints: emu.endpoints, pageSize: 50 },
      context(),
    );
    expect(result.regions).toEqual(REGIONS);
    expect(result.region).toBe(REGIONS.join(","));
    expect(result.secrets).toHaveLength(363);
    expect(result.ids).toEqual([...result.ids].sort());
    expect(new Set(result.ids).size).toBe(363);
    expect(result.ids).toContain("cn-shanghai:dr-only-000002");
    expect(result.names).toEqual(result.secrets.map((s) => s.secretName));
    for (const s of result.secrets) expect(s.id).toBe(`${s.regionId}:${s.secretName}`);
    // each region answered its own share: three pages of 50 for 120 (123) secrets
    for (const r of REGIONS) expect(emu.region(r).stats().requestsByAction["ListSecrets"]).toBe(3);
    expect(result.unreadableRegions).toBeUndefined();
  });

  test("one region keeps today's shape: id = name, plus regionId", async () => {
    const result = await lookupSecrets(
      { region: "cn-hangzhou", endpoint: emu.endpoints["cn-hangzhou"] },
      context(),
    );
    expect(result.region).toBe("cn-hangzhou");
    expect(result.regions).toBeUndefined();
    expect(result.ids).toEqual(result.names);
    expect(result.secrets[0]).toMatchObject({ id: "shared-000000", regionId: "cn-hangzhou" });
    const viaMap = await lookupSecrets(
      { regions: ["cn-shanghai"], endpoints: emu.endpoints },
      context(),
    );
    expect(viaMap.ids).toContain("dr-only-000000");
    // a map may name more regions than are listed (one map for every pipeline)
    expect(viaMap.regions).toBeUndefined();
  });

  test("a failing region fails the call naming the region; the others are stopped", async () => {
    emu.region("cn-shanghai").setFaults({ error503Rate: 1 });
    const failure = lookupSecrets(
      { regions: REGIONS, endpoints: emu.endpoints, maxRetries: 0 },
      context(),
    );
    await expect(failure).rejects.toBeInstanceOf(KmsError);
    await expect(failure).rejects.toMatchObject({
      code: "ServiceUnavailable",
      message: expect.stringMatching(/^region cn-shanghai: /),
    });
  });

  test("allowUnreadableRegions reports the region as unreadable, never silently short", async () => {
    emu.region("eu-central-1").setFaults({ error500Rate: 1 });
    const result = await lookupSecrets(
      {
        regions: REGIONS,
        endpoints: emu.endpoints,
        maxRetries: 0,
        allowUnreadableRegions: true,
      },
      context(),
    );
    expect(result.unreadableRegions).toEqual([
      expect.objectContaining({ region: "eu-central-1", code: "InternalFailure" }),
    ]);
    expect(result.regions).toEqual(REGIONS);
    expect(new Set(result.secrets.map((s) => s.regionId))).toEqual(
      new Set(["cn-hangzhou", "cn-shanghai"]),
    );
  });

  test("arguments are checked before any request, naming the field", async () => {
    for (const r of REGIONS) emu.region(r).resetStats();
    const bad = async (args: Parameters<typeof lookupSecrets>[0]) => {
      try {
        await lookupSecrets(args, context());
      } catch (err) {
        expect(err).toBeInstanceOf(ArgumentError);
        return (err as ArgumentError).issues.map((i) => `${i.path} ${i.message}`);
      }
      throw new Error("expected an ArgumentError");
    };
    expect(await bad({ regions: ["cn-hangzhou", "Shanghai"] })).toEqual([
      "regions.1 must look like a region id, e.g. cn-hangzhou",
    ]);
    expect(await bad({ regions: [] })).toEqual(["regions must be a non-empty list of region ids"]);
    expect(await bad({ regions: REGIONS, region: "cn-hangzhou" })).toEqual([
      "region give region or regions, not both",
    ]);
    expect(await bad({ regions: REGIONS, endpoint: "http://127.0.0.1:1" })).toEqual([
      "endpoint one endpoint cannot serve several regions: give endpoints per region, or a template with {region}",
    ]);
    for (const r of REGIONS) expect(emu.region(r).stats().requests).toBe(0);
  });
});
