/**
 * SecretsLookup's provider keeps structured stack config from `configure`: an
 * `alicloud:assumeRole` / `alicloud:endpoints` handed over as objects (what the engine's
 * host gives for object config) or as JSON text is honoured, through the emulator's STS.
 */
import { Config } from "@pulumi/pulumi/cmd/dynamic-provider/config";
import type { EmulatorAccessKey, EmulatorHandle } from "../emulator";
import * as dynamic from "../provider/dynamic";
import {
  BASE_SECRETS,
  ROLE_ARN,
  ROLE_SECRETS,
  accountEmulator,
  isolateProcessEnv,
} from "./helpers/accountFixtures";

let emulator: EmulatorHandle;
let base: EmulatorAccessKey;
let restoreEnv: () => void;

beforeAll(async () => {
  restoreEnv = isolateProcessEnv();
  ({ emulator, base } = await accountEmulator());
});
afterAll(async () => {
  await emulator.close();
  restoreEnv();
});

const ROLE = { roleArn: ROLE_ARN, sessionName: "stack", externalId: "ext-1" };

function rawConfig(role: unknown, endpoints: unknown): Record<string, unknown> {
  return {
    "alicloud:region": "cn-hangzhou",
    "alicloud:accessKey": base.accessKeyId,
    "alicloud:secretKey": base.accessKeySecret,
    "alicloud:assumeRole": role,
    "alicloud:endpoints": endpoints,
    "kms-secrets:endpoint": emulator.endpoint,
  };
}

/** configure() with the host's own Config over `raw`, then check() + create() as the engine. */
async function namesAfterConfigure(raw: Record<string, unknown>): Promise<string[]> {
  dynamic.resetDynamicProviderState();
  await dynamic.configure({ config: new Config(raw, "proj") });
  const checked = await dynamic.check({}, {});
  expect(checked.failures ?? []).toEqual([]);
  const created = await dynamic.create(checked.inputs ?? {});
  return (created.outs as dynamic.SecretsLookupOutputs).names;
}

test("structured alicloud:assumeRole and alicloud:endpoints (objects) are honoured", async () => {
  const calls = emulator.assumeRoleCalls().length;
  const names = await namesAfterConfigure(rawConfig(ROLE, [{ sts: emulator.endpoint }]));
  expect(names).toEqual(ROLE_SECRETS);
  expect(
    emulator
      .assumeRoleCalls()
      .slice(calls)
      .map((c) => c.roleSessionName),
  ).toContain("stack");
});

test("the same as JSON text, and without a role the base key's secrets", async () => {
  const json = rawConfig(JSON.stringify(ROLE), JSON.stringify([{ sts: emulator.endpoint }]));
  expect(await namesAfterConfigure(json)).toEqual(ROLE_SECRETS);
  const { "alicloud:assumeRole": _role, ...noRole } = json;
  expect(await namesAfterConfigure(noRole)).toEqual(BASE_SECRETS);
});

test("a structured value that cannot be honoured is refused, not dropped", async () => {
  dynamic.resetDynamicProviderState();
  await dynamic.configure({
    config: new Config(rawConfig({ ...ROLE, mfa: "x" }, [{ sts: emulator.endpoint }]), "proj"),
  });
  const checked = await dynamic.check({}, {});
  expect(JSON.stringify(checked.failures)).toMatch(/alicloud:assumeRole/);
});

test("a config that cannot be enumerated still gives every key the lookup honours or refuses", async () => {
  // the host's Config without its rawConfig map: only get() by name
  const only = (raw: Record<string, unknown>) => ({ get: (key: string) => raw[key] });
  dynamic.resetDynamicProviderState();
  await dynamic.configure({
    config: only(rawConfig(ROLE, [{ sts: emulator.endpoint }])) as unknown as Config,
  });
  const checked = await dynamic.check({}, {});
  expect(checked.failures ?? []).toEqual([]);
  const created = await dynamic.create(checked.inputs ?? {});
  // alicloud:endpoints (the emulator's STS) was read: the role's secrets are listed
  expect((created.outs as dynamic.SecretsLookupOutputs).names).toEqual(ROLE_SECRETS);

  dynamic.resetDynamicProviderState();
  await dynamic.configure({
    config: only({ ...rawConfig(ROLE, []), "alicloud:sourceIp": "10.0.0.1" }) as unknown as Config,
  });
  expect(JSON.stringify((await dynamic.check({}, {})).failures)).toMatch(/alicloud:sourceIp/);
});
