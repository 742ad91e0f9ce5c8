/**
 * The SecretsLookup provider implementation, called directly (the engine-protocol test
 * drives the same code through the real host): validation, drift detection for every
 * kind of change, refresh/import, and what errors may say.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmulator, type EmulatorHandle, type SeedSecret } from "../emulator";
import * as dynamic from "../provider/dynamic";
import {
  UNKNOWN_VALUE,
  canonicalJson,
  containsUnknown,
  fingerprintOf,
  stripUndefined,
} from "../provider/dynamicState";
import { configureProvider } from "./helpers/dynamicProvider";
import { emulatorStackConfig, hasNoUndefined, testAccessKey } from "./helpers/pulumiMocks";

const key = testAccessKey();
let emulator: EmulatorHandle;

const seed = (name: string, extra: Partial<SeedSecret> = {}): SeedSecret => ({
  SecretName: name,
  SecretType: "Generic",
  CreateTime: "2024-01-01T00:00:00Z",
  UpdateTime: "2024-01-02T00:00:00Z",
  Tags: { Tag: [{ TagKey: "env", TagValue: "prod" }] },
  ...extra,
});

const configureWith = configureProvider;

// Tests change the data: each starts from the same three secrets on an emulator of its own.
beforeEach(async () => {
  emulator = await startEmulator({
    seed: [
      seed("app/db-password"),
      seed("app/api-key"),
      seed("other/token", { Tags: { Tag: [] } }),
    ],
    accessKeys: [key],
  });
  await configureWith(emulatorStackConfig(emulator, key));
});

afterEach(async () => {
  await emulator?.close();
});

describe("state helpers", () => {
  test("stripUndefined drops undefined properties deeply and keeps array positions", () => {
    const stripped = stripUndefined({ a: 1, b: undefined, c: { d: undefined, e: [1, undefined] } });
    expect(stripped).toEqual({ a: 1, c: { e: [1, null] } });
    expect(Object.keys(stripped.c)).toEqual(["e"]);
  });

  test("containsUnknown finds the engine's sentinel at any depth", () => {
    expect(containsUnknown({ a: [{ b: UNKNOWN_VALUE }] })).toBe(true);
    expect(containsUnknown({ a: ["known"] })).toBe(false);
  });

  test("canonicalJson ignores key order, fingerprintOf ignores nothing else", () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(
      canonicalJson({ a: { c: 3, d: 2 }, b: 1 }),
    );
    const secret = {
      id: "s",
      secretName: "s",
      secretType: "Generic",
      createTime: "t",
      updateTime: "t",
      tags: {},
    };
    const base = fingerprintOf({ region: "cn-hangzhou", secrets: [secret] });
    expect(fingerprintOf({ region: "cn-hangzhou", secrets: [{ ...secret, tags: {} }] })).toBe(base);
    expect(fingerprintOf({ region: "cn-shanghai", secrets: [secret] })).not.toBe(base);
    expect(
      fingerprintOf({ region: "cn-hangzhou", secrets: [{ ...secret, tags: { a: "b" } }] }),
    ).not.toBe(base);
  });

  test("property paths use the engine's syntax", () => {
    expect(dynamic.toPropertyPath("filters.0.Key")).toBe("filters[0].Key");
    expect(dynamic.toPropertyPath("tags.team")).toBe("tags.team");
    expect(dynamic.toPropertyPath("")).toBe("");
  });
});

describe("check", () => {
  test("names every bad field, including arguments that do not exist", async () => {
    const result = await dynamic.check(
      {},
      {
        __provider: "ignored",
        ids: [""],
        tags: { "": "x" },
        fetchTag: true,
      },
    );
    expect(result.failures?.map((f) => f.property).sort()).toEqual(["fetchTag", "ids[0]", "tags"]);
    expect(result.inputs?.["fingerprint"]).toBeUndefined();
  });

  test("skips unknown arguments but still validates the known ones", async () => {
    emulator.resetStats();
    const result = await dynamic.check({}, { nameRegex: UNKNOWN_VALUE, pageSize: 0 });
    expect(result.failures?.map((f) => f.property)).toEqual(["pageSize"]);
    const ok = await dynamic.check({}, { nameRegex: UNKNOWN_VALUE, pageSize: 10 });
    expect(ok).toEqual({
      inputs: { nameRegex: UNKNOWN_VALUE, pageSize: 10, observed: UNKNOWN_VALUE },
      failures: [],
    });
    expect(emulator.stats().requests).toBe(0);
  });

  test("a region that cannot be resolved is a check failure on `region`", async () => {
    const { ["alicloud:region"]: _region, ...withoutRegion } = emulatorStackConfig(emulator, key);
    await configureWith(withoutRegion);
    const home = mkdtempSync(path.join(os.tmpdir(), "kms-secrets-home-"));
    const saved = { HOME: process.env["HOME"], USERPROFILE: process.env["USERPROFILE"] };
    process.env["HOME"] = home;
    process.env["USERPROFILE"] = home;
    try {
      const result = await dynamic.check({}, { fetchTags: true });
      expect(result.failures).toEqual([
        { property: "region", reason: expect.stringMatching(/alicloud:region/) },
      ]);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      rmSync(home, { recursive: true, force: true });
    }
  });

  test("a rejected key fails without the secret or token in the message", async () => {
    const wrong = {
      ...emulatorStackConfig(emulator, key),
      "alicloud:secretKey": "testsecret-wrong-0123456789",
    };
    await configureWith(wrong);
    const failure = await dynamic.check({}, {}).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    const message = String((failure as Error).message);
    expect(message).not.toContain("testsecret-wrong-0123456789");
    expect(message).not.toContain(key.securityToken);
  });
});

describe("drift", () => {
  const ARGS = { tags: { env: "prod" }, fetchTags: true };

  async function deploy(): Promise<{ id: string; outs: dynamic.SecretsLookupOutputs }> {
    const checked = await dynamic.check({}, ARGS);
    const created = await dynamic.create(checked.inputs ?? {});
    return { id: created.id, outs: created.outs as dynamic.SecretsLookupOutputs };
  }

  async function changesAfter(
    state: { id: string; outs: dynamic.SecretsLookupOutputs },
    mutate: () => void,
  ): Promise<boolean | undefined> {
    mutate();
    const checked = await dynamic.check(state.outs as unknown as Record<string, unknown>, ARGS);
    const { changes } = await dynamic.diff(
      state.id,
      state.outs as unknown as Record<string, unknown>,
      checked.inputs ?? {},
    );
    const updated = await dynamic.update(state.id, {}, checked.inputs ?? {});
    state.outs = updated.outs as dynamic.SecretsLookupOutputs;
    return changes;
  }

  test("no change is no change", async () => {
    const state = await deploy();
    expect(hasNoUndefined(state.outs)).toBe(true);
    expect(state.outs.names).toEqual(["app/api-key", "app/db-password"]);
    expect(await changesAfter(state, () => undefined)).toBe(false);
  });

  test.each<[string, () => void]>([
    ["added", () => emulator.putSecret(seed("app/new-secret"))],
    ["removed", () => void emulator.removeSecret("app/api-key")],
    ["retyped", () => emulator.putSecret(seed("app/api-key", { SecretType: "Rds" }))],
    [
      "retagged",
      () =>
        emulator.putSecret(
          seed("app/api-key", {
            Tags: {
              Tag: [
                { TagKey: "env", TagValue: "prod" },
                { TagKey: "team", TagValue: "x" },
              ],
            },
          }),
        ),
    ],
    [
      "scheduled for deletion",
      () =>
        emulator.putSecret(seed("app/db-password", { PlannedDeleteTime: "2030-01-01T00:00:00Z" })),
    ],
  ])("a secret %s is a change, and after the update there is none", async (_kind, mutate) => {
    const state = await deploy();
    expect(await changesAfter(state, mutate)).toBe(true);
    expect(await changesAfter(state, () => undefined)).toBe(false);
  });

  test("an unknown argument during preview is reported as a change", async () => {
    const state = await deploy();
    const diff = await dynamic.diff(state.id, state.outs as unknown as Record<string, unknown>, {
      ...ARGS,
      nameRegex: UNKNOWN_VALUE,
    });
    expect(diff.changes).toBe(true);
  });

  test("read re-lists for refresh; with only an id (import) it lists everything", async () => {
    const state = await deploy();
    emulator.putSecret(seed("app/refreshed"));
    const read = await dynamic.read(state.id, state.outs as unknown as Record<string, unknown>);
    expect(read.id).toBe(state.id);
    expect((read.props as dynamic.SecretsLookupOutputs).names).toContain("app/refreshed");
    const names = (read.props as dynamic.SecretsLookupOutputs).names;
    expect(read.inputs).toEqual({
      ...ARGS,
      fingerprint: (read.props as dynamic.SecretsLookupOutputs).fingerprint,
      observed: Object.fromEntries(names.map((n) => [n, expect.stringMatching(/^[0-9a-f]{12}$/)])),
    });

    const imported = await dynamic.read(state.id);
    expect((imported.props as dynamic.SecretsLookupOutputs).names).toContain("other/token");
  });

  test("delete does nothing and sends nothing", async () => {
    emulator.resetStats();
    await dynamic.remove("id", {});
    expect(emulator.stats().requests).toBe(0);
  });
});
