/**
 * The account and region of an explicit `@pulumi/alicloud` Provider (`opts.provider`, or one
 * inherited from `opts.parent`), read from its outputs (its inputs); another package's provider
 * is refused, naming it. Shared by the invokes and SecretsLookup; docs/pulumi.md "Account and region".
 */
import * as pulumi from "@pulumi/pulumi";
import {
  ALICLOUD_PREFIX,
  HONOURED_KEYS,
  NOT_ACCOUNT_KEYS,
  REFUSED_KEYS,
} from "../core/accountSettings";
import { ArgumentError } from "../core/argumentError";

/** The type token of an `@pulumi/alicloud` Provider resource. */
export const ALICLOUD_PROVIDER_TYPE = "pulumi:providers:alicloud";
/** A token of the alicloud package, to find the provider a parent passes down. */
const ALICLOUD_TOKEN = "alicloud:kms/getSecrets:getSecrets";

/** The provider settings a lookup receives: `alicloud:<name>` keys, as stack config has them. */
export type ProviderSettings = Record<string, string>;

interface ProviderOptions {
  provider?: pulumi.ProviderResource;
  parent?: pulumi.Resource;
}

function typeOf(resource: pulumi.Resource): string {
  const fromSdk = (pulumi as { resourceType?: (r: pulumi.Resource) => string }).resourceType;
  if (typeof fromSdk === "function") return fromSdk(resource);
  const type = (resource as unknown as { __pulumiType?: unknown }).__pulumiType;
  return typeof type === "string" ? type : "(unknown type)";
}

/**
 * The alicloud provider that applies to a call, as Pulumi's own invokes pick it: `opts.provider`,
 * else the one `opts.parent` passes down. Throws an ArgumentError for another package's provider.
 */
export function alicloudProviderOf(
  caller: string,
  opts: ProviderOptions,
): pulumi.ProviderResource | undefined {
  const provider = opts.provider ?? opts.parent?.getProvider(ALICLOUD_TOKEN);
  if (provider === undefined) return undefined;
  const type = typeOf(provider);
  if (type !== ALICLOUD_PROVIDER_TYPE) {
    throw new ArgumentError([
      {
        path: "opts.provider",
        message: `is a ${type} provider: ${caller} takes its account and region only from an @pulumi/alicloud Provider (${ALICLOUD_PROVIDER_TYPE})`,
      },
    ]);
  }
  return provider;
}

function asSetting(value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The provider resource's own Output properties, besides its urn and id and Pulumi's `__*`. */
function ownSettings(properties: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(properties).filter(
    (key) =>
      key !== "urn" &&
      key !== "id" &&
      !key.startsWith("__") &&
      pulumi.Output.isInstance(properties[key]),
  );
}

/**
 * The provider's settings, as a plain (not secret) Output: it never reaches state or a
 * result; the lookup only reads it. Undefined without a provider.
 */
export function providerSettingsOutput(
  caller: string,
  opts: ProviderOptions,
): pulumi.Output<ProviderSettings | undefined> {
  const provider = alicloudProviderOf(caller, opts);
  if (provider === undefined) return pulumi.output(undefined);
  const properties = provider as unknown as Record<string, unknown>;
  // every setting the provider has, known or not: an unknown one is refused by name later
  const names = [
    ...new Set([
      ...HONOURED_KEYS,
      ...REFUSED_KEYS,
      ...NOT_ACCOUNT_KEYS,
      ...ownSettings(properties),
    ]),
  ];
  const values = names.map((name) => {
    const value = properties[name];
    return pulumi.Output.isInstance(value) ? pulumi.unsecret(value) : pulumi.output(undefined);
  });
  return pulumi.all(values).apply((resolved) => {
    const settings: ProviderSettings = {};
    resolved.forEach((value, index) => {
      const setting = asSetting(value);
      if (setting !== undefined) settings[`${ALICLOUD_PREFIX}${names[index]}`] = setting;
    });
    return settings;
  });
}

interface OutputInternals<T> {
  promise(): Promise<T>;
  isKnown: Promise<boolean>;
}

/**
 * The provider's settings for a Promise-form call. The value of an Output is only reachable
 * through the SDK's internal `promise()` / `isKnown` (Pulumi's own invokes use them to register
 * a provider); settings not known yet (preview) are refused rather than guessed.
 */
export async function providerSettings(
  caller: string,
  opts: ProviderOptions,
): Promise<ProviderSettings | undefined> {
  const output = providerSettingsOutput(caller, opts) as unknown as Partial<
    OutputInternals<ProviderSettings | undefined>
  >;
  if (typeof output.promise !== "function" || !(output.isKnown instanceof Promise)) {
    throw new ArgumentError([
      {
        path: "opts.provider",
        message: `cannot be read by ${caller} with this @pulumi/pulumi; use the Output form`,
      },
    ]);
  }
  if (!(await output.isKnown)) {
    throw new ArgumentError([
      {
        path: "opts.provider",
        message: `has settings not known yet (preview): use the Output form of ${caller}, which waits for them`,
      },
    ]);
  }
  return output.promise();
}

/** `settings` under their own prefix, so a memo key tells a provider's lookup from the stack's. */
export function memoScope(settings: ProviderSettings | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(settings ?? {})) out[`provider:${key}`] = value;
  return out;
}

/**
 * SecretsLookup's view of `opts`: the alicloud provider's settings as a **secret** Output (the
 * dynamic resource stores them, encrypted, as its `accountSettings` input, so every provider
 * call and a refresh list the same account), and the options without `provider`: a dynamic
 * resource runs under its own dynamic provider. An inherited provider is not attached to it.
 */
export function secretsLookupOptions<T extends ProviderOptions>(
  opts: T,
): { accountSettings?: pulumi.Output<ProviderSettings>; opts: Omit<T, "provider"> } {
  const { provider: _explicit, ...own } = opts;
  if (alicloudProviderOf("SecretsLookup", opts) === undefined) return { opts: own };
  const settings = providerSettingsOutput("SecretsLookup", opts).apply((found) => found ?? {});
  return { accountSettings: pulumi.secret(settings), opts: own };
}
