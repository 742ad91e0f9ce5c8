/**
 * SecretsLookup names what changed: diff() returns a detailed diff with one property path per
 * secret added or removed and per field changed (never a value); and it lists several regions.
 */
import { startRegionalEmulator, type RegionalEmulatorHandle, type SeedSecret } from "../emulator";
import * as dynamic from "../provider/dynamic";
import { secretsDetailedDiff } from "../provider/dynamicDiff";
import { configureProvider, createdState, keyStackConfig } from "./helpers/dynamicProvider";
import { testAccessKey } from "./helpers/pulumiMocks";

const key = testAccessKey();
let emu: RegionalEmulatorHandle;
const seed = (name: string, extra: Partial<SeedSecret> = {}): SeedSecret => ({
  SecretName: name,
  CreateTime: "2024-01-01T00:00:00Z",
  UpdateTime: "2024-01-02T00:00:00Z",
  Tags: { Tag: [{ TagKey: "env", TagValue: "prod" }] },
  ...extra,
});

beforeEach(async () => {
  emu = await startRegionalEmulator({
    regions: ["cn-hangzhou", "cn-shanghai"],
    accessKeys: [key],
    seed: [seed("prod/db"), seed("prod/api")],
  });
  await configureProvider(keyStackConfig(key));
});
afterEach(async () => {
  await emu?.close();
});

async function created(args: Record<string, unknown>) {
  const checked = await dynamic.check({}, args);
  expect(checked.failures ?? []).toEqual([]);
  return createdState(checked.inputs);
}

test("diff names each secret and field that changed, as property paths", async () => {
  const args = { region: "cn-hangzhou", endpoint: emu.endpoints["cn-hangzhou"], fetchTags: true };
  const state = await created(args);
  const hz = emu.region("cn-hangzhou");
  hz.putSecret(
    seed("prod/db", {
      UpdateTime: "2025-01-01T00:00:00Z",
      Tags: { Tag: [{ TagKey: "env", TagValue: "dr" }] },
    }),
  );
  hz.putSecret(seed("prod/new"));
  hz.removeSecret("prod/api");
  const checked = await dynamic.check(state, args);
  const diff = await dynamic.diff("id", state, checked.inputs ?? {});
  expect(diff.changes).toBe(true);
  expect(diff.replaces).toBeUndefined();
  expect(diff.detailedDiff).toEqual({
    'secrets["prod/api"]': { kind: "delete", inputDiff: false },
    'secrets["prod/db"].tags["env"]': { kind: "update", inputDiff: false },
    'secrets["prod/db"].updateTime': { kind: "update", inputDiff: false },
    'secrets["prod/new"]': { kind: "add", inputDiff: false },
  });
  // unchanged listing: no changes, no detailed diff
  const again = await created(args);
  const same = await dynamic.diff("id", again, (await dynamic.check(again, args)).inputs ?? {});
  expect(same).toEqual({ changes: false });
});

test("a changed value shows as its field, never its content", () => {
  const base = {
    id: "a",
    secretName: "a",
    secretType: "Generic",
    createTime: "t",
    updateTime: "t",
    tags: {},
  };
  const diff = secretsDetailedDiff(
    [{ ...base, secretData: "hunter2", versionId: "v1" }],
    [{ ...base, secretData: "hunter3", versionId: "v2" }],
  );
  expect(Object.keys(diff)).toEqual(['secrets["a"].secretData', 'secrets["a"].versionId']);
  expect(JSON.stringify(diff)).not.toContain("hunter");
});

test("SecretsLookup lists several regions: ids region:name, regions in the outputs", async () => {
  const args = { regions: ["cn-shanghai", "cn-hangzhou"], endpoints: emu.endpoints };
  const outs = await created(args);
  expect(outs.regions).toEqual(["cn-hangzhou", "cn-shanghai"]);
  expect(outs.ids).toEqual([
    "cn-hangzhou:prod/api",
    "cn-hangzhou:prod/db",
    "cn-shanghai:prod/api",
    "cn-shanghai:prod/db",
  ]);
  emu.region("cn-shanghai").putSecret(seed("prod/db", { UpdateTime: "2025-01-01T00:00:00Z" }));
  const diff = await dynamic.diff("id", outs, (await dynamic.check(outs, args)).inputs ?? {});
  expect(Object.keys(diff.detailedDiff ?? {})).toEqual([
    'secrets["cn-shanghai:prod/db"].updateTime',
  ]);
  const bad = await dynamic.check({}, { regions: ["nowhere"], allowUnreadableRegions: "yes" });
  expect(bad.failures?.map((f) => f.property).sort()).toEqual([
    "allowUnreadableRegions",
    "regions[0]",
  ]);
});
