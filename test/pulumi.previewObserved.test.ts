/**
 * The `observed` checked input: hosts drop a provider's detailed diff, so check() returns a
 * per-secret summary whose change the engine's own input diff shows, naming the secret.
 */
import { startRegionalEmulator, type RegionalEmulatorHandle, type SeedSecret } from "../emulator";
import * as dynamic from "../provider/dynamic";
import type { Secret } from "../core/types";
import { observedOf } from "../provider/dynamicObserved";
import { UNKNOWN_VALUE } from "../provider/dynamicState";
import { configureProvider, createdState, keyStackConfig } from "./helpers/dynamicProvider";
import { testAccessKey } from "./helpers/pulumiMocks";

const key = testAccessKey();
let emu: RegionalEmulatorHandle;
const seed = (name: string, extra: Partial<SeedSecret> = {}): SeedSecret => ({
  SecretName: name,
  CreateTime: "2024-01-01T00:00:00Z",
  UpdateTime: "2024-01-02T00:00:00Z",
  SecretData: `value-of-${name}`,
  SecretDataType: "text",
  ...extra,
});

beforeEach(async () => {
  emu = await startRegionalEmulator({
    regions: ["cn-hangzhou"],
    accessKeys: [key],
    seed: [seed("prod/db"), seed("prod/api")],
  });
  await configureProvider(keyStackConfig(key));
});
afterEach(async () => {
  await emu?.close();
});

const args = () => ({ region: "cn-hangzhou", endpoint: emu.endpoints["cn-hangzhou"] });
const listings = () => emu.region("cn-hangzhou").stats().requestsByAction["ListSecrets"] ?? 0;

test("check's observed input changes exactly for the secrets that changed", async () => {
  const first = await dynamic.check({}, args());
  const before = first.inputs?.["observed"] as Record<string, string>;
  expect(Object.keys(before)).toEqual(["prod/api", "prod/db"]);
  const state = await createdState(first.inputs);
  emu.region("cn-hangzhou").putSecret(seed("prod/db", { UpdateTime: "2025-01-01T00:00:00Z" }));
  emu.region("cn-hangzhou").putSecret(seed("prod/new"));
  const listed = listings();
  const second = await dynamic.check(state, args());
  const after = second.inputs?.["observed"] as Record<string, string>;
  expect(Object.keys(after)).toEqual(["prod/api", "prod/db", "prod/new"]);
  expect(after["prod/api"]).toBe(before["prod/api"]);
  expect(after["prod/db"]).not.toBe(before["prod/db"]);
  // diff neither replaces nor lists again; update reuses check's listing too
  const diff = await dynamic.diff("id", state, second.inputs ?? {});
  expect(diff.changes).toBe(true);
  expect(diff.replaces).toBeUndefined();
  await dynamic.update("id", state, second.inputs ?? {});
  expect(listings() - listed).toBe(1);
});

test("state without observed (older versions) is no change and no replace", async () => {
  const first = await dynamic.check({}, args());
  const state = await createdState(first.inputs);
  expect(state["observed"]).toBeUndefined();
  expect(state["args"]).toEqual(args());
  const again = await dynamic.check(state, args());
  expect(await dynamic.diff("id", state, again.inputs ?? {})).toEqual({ changes: false });
  // a differing summary alone (what older state's inputs lack) never replaces
  const news = { ...again.inputs, observed: {} };
  expect(await dynamic.diff("id", state, news)).toEqual({ changes: false });
});

test("observed holds no value nor a hash of one; refresh returns it; unknown args make it unknown", async () => {
  const withValues = { ...args(), fetchValues: true };
  const checked = await dynamic.check({}, withValues);
  const text = JSON.stringify(checked.inputs?.["observed"]);
  expect(text).not.toContain("value-of-");
  // a changed value alone (same metadata) leaves the summary as it was: no value hash
  const base: Secret = {
    id: "a",
    secretName: "a",
    secretType: "Generic",
    createTime: "t",
    updateTime: "t",
    tags: {},
  };
  expect(observedOf([{ ...base, secretData: "x" }])).toEqual(
    observedOf([{ ...base, secretData: "y", secretDataHash: "hmac-sha256:k:00" }]),
  );
  expect(observedOf([base])["a"]).toMatch(/^[0-9a-f]{12}$/);
  const state = await createdState(checked.inputs);
  const read = await dynamic.read("id", state);
  expect((read.inputs as Record<string, unknown> | undefined)?.["observed"]).toEqual(
    checked.inputs?.["observed"],
  );
  const unknown = await dynamic.check({}, { ...args(), nameRegex: UNKNOWN_VALUE });
  expect(unknown.failures).toEqual([]);
  expect(unknown.inputs?.["observed"]).toBe(UNKNOWN_VALUE);
});
