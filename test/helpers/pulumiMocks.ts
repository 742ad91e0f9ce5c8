/**
 * Test kit for the Pulumi surface: made-up STS credentials, an emulator-backed stack
 * config, Pulumi mocks that run SecretsLookup's real provider (check + create) the way
 * the engine would, and a way to read an Output's value, knownness and secretness.
 */
import * as pulumi from "@pulumi/pulumi";
import type { EmulatorAccessKey, EmulatorHandle, SeedSecret } from "../../emulator";
import * as dynamic from "../../provider/dynamic";
import { configureProvider } from "./dynamicProvider";
import type { Secret } from "../../core/result";

export const SECRETS_LOOKUP_TOKEN = "pulumi-nodejs:dynamic/kms-secrets:SecretsLookup";

export { testAccessKey } from "./cliEnv";

/** The stack config that points lookups at `emulator` with `key`. */
export function emulatorStackConfig(
  emulator: EmulatorHandle,
  key: EmulatorAccessKey,
): Record<string, string> {
  const config: Record<string, string> = {
    "alicloud:region": emulator.region,
    "alicloud:accessKey": key.accessKeyId,
    "alicloud:secretKey": key.accessKeySecret,
    "kms-secrets:endpoint": emulator.endpoint,
  };
  if (key.securityToken) config["alicloud:securityToken"] = key.securityToken;
  return config;
}

export const SECRET_CONFIG_KEYS = ["alicloud:secretKey", "alicloud:securityToken"];

export interface MockRecorder {
  /** Every resource registration, in order. */
  resources: pulumi.runtime.MockResourceArgs[];
}

/**
 * Sets the stack config and mocks. SecretsLookup registrations run the provider's real
 * `configure`, `check` and `create` against the config (as the engine's host would);
 * other resources echo their inputs.
 */
export async function setPulumiMocks(
  config: Record<string, string>,
  options: { preview?: boolean; project?: string; stack?: string } = {},
): Promise<MockRecorder> {
  const recorder: MockRecorder = { resources: [] };
  pulumi.runtime.setAllConfig(config, SECRET_CONFIG_KEYS);
  await configureProvider(config);
  await pulumi.runtime.setMocks(
    {
      newResource: async (args) => {
        recorder.resources.push(args);
        if (args.type !== SECRETS_LOOKUP_TOKEN) {
          return { id: `${args.name}-id`, state: args.inputs };
        }
        // Like the engine for a provider that does not accept secrets: plain values in.
        const checked = await dynamic.check(
          {},
          unwrapSecrets(args.inputs) as Record<string, unknown>,
        );
        if (checked.failures && checked.failures.length > 0) {
          const reasons = checked.failures.map((f) => `${f.property}: ${f.reason}`);
          throw new Error(`check failed: ${reasons.join("; ")}`);
        }
        const created = await dynamic.create(checked.inputs ?? {});
        return { id: created.id, state: created.outs ?? {} };
      },
      call: (args) => {
        throw new Error(`unexpected invoke ${args.token}: getSecrets runs in the program`);
      },
    },
    options.project ?? "kms-secrets-test",
    options.stack ?? "test",
    options.preview ?? false,
  );
  return recorder;
}

const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";

/** Paths (`$.a[0].b`) of the strings in `value` holding `needle` outside a secret wrapper. */
export function plaintextPaths(value: unknown, needle: string, path = "$"): string[] {
  if (typeof value === "string") return value.includes(needle) ? [path] : [];
  if (Array.isArray(value))
    return value.flatMap((v, i) => plaintextPaths(v, needle, `${path}[${i}]`));
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (record[SECRET_SIG_KEY] === SECRET_SIG_VALUE) return [];
    return Object.entries(record).flatMap(([k, v]) => plaintextPaths(v, needle, `${path}.${k}`));
  }
  return [];
}

/** Replaces every serialized secret (`{[sig]: secretSig, value}`) with its plain value. */
export function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (record[SECRET_SIG_KEY] === SECRET_SIG_VALUE) return unwrapSecrets(record["value"]);
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

export interface Settled<T> {
  known: boolean;
  secret: boolean;
  value: T | undefined;
}

interface OutputInternals<T> {
  isKnown: Promise<boolean>;
  isSecret: Promise<boolean>;
  promise(withUnknowns?: boolean): Promise<T>;
}

/** An Output's value, whether it is known and whether it is secret (works across SDK copies). */
export async function settle<T>(output: pulumi.Output<T>): Promise<Settled<T>> {
  const internals = output as unknown as OutputInternals<T>;
  const [known, secret] = await Promise.all([internals.isKnown, internals.isSecret]);
  const value = known ? await internals.promise() : undefined;
  return { known, secret, value };
}

/** The value of an Output that must be known. */
export async function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  const settled = await settle(output);
  if (!settled.known) throw new Error("output is unknown");
  return settled.value as T;
}

/** Seed secrets by name, sorted like the lookup sorts them. */
export function sortedNames(secrets: readonly SeedSecret[]): string[] {
  return secrets.map((s) => s.SecretName).sort(compareNames);
}

/** The lookup's order (code unit order, as `Array.prototype.sort` without a comparator). */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function tagsOf(secret: SeedSecret): Record<string, string> {
  return Object.fromEntries((secret.Tags?.Tag ?? []).map((t) => [t.TagKey, t.TagValue]));
}

/** True when no value anywhere inside `value` is `undefined`. */
export function hasNoUndefined(value: unknown): boolean {
  if (value === undefined) return false;
  if (Array.isArray(value)) return value.every(hasNoUndefined);
  if (value !== null && typeof value === "object")
    return Object.values(value).every(hasNoUndefined);
  return true;
}

export type { Secret };
