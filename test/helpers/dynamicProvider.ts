/** Test kit for driving the SecretsLookup dynamic provider's methods directly, as the host does. */
import type { EmulatorAccessKey } from "../../emulator";
import * as dynamic from "../../provider/dynamic";

/** The stack config that signs with `key` in `region` (no endpoint: tests pass their own). */
export function keyStackConfig(
  key: Required<EmulatorAccessKey>,
  region = "cn-hangzhou",
): Record<string, string> {
  return {
    "alicloud:region": region,
    "alicloud:accessKey": key.accessKeyId,
    "alicloud:secretKey": key.accessKeySecret,
    "alicloud:securityToken": key.securityToken,
  };
}

/** Forgets the provider's per-process state, then `configure`s it with `config` as the host would. */
export async function configureProvider(config: Record<string, string>): Promise<void> {
  dynamic.resetDynamicProviderState();
  await dynamic.configure({
    config: {
      get: (key) => config[key],
      require: (key) => {
        const value = config[key];
        if (value === undefined) throw new Error(`Missing required configuration key: ${key}`);
        return value;
      },
    },
  });
}

/** The outputs `create` stores for checked `inputs` (what the engine would keep in state). */
export async function createdState(
  inputs: Record<string, unknown> | undefined,
): Promise<Record<string, unknown>> {
  return (await dynamic.create(inputs ?? {})).outs as unknown as Record<string, unknown>;
}
