/**
 * Where the drop-in invokes and `getSecretValue` find region, credentials and endpoint: an
 * `@pulumi/alicloud` Provider's settings (sdk/providerOptions.ts), else the stack's config and
 * the environment, read at call time, as the native `getSecrets` does.
 */
import * as pulumi from "@pulumi/pulumi";
import type { LookupContext } from "../../core/lookup";
import {
  ENDPOINT_CONFIG_KEY,
  ENDPOINT_ENV_VAR,
  pickLookupConfig,
} from "../../provider/dynamicContext";
import type { ProviderSettings } from "../providerOptions";

/**
 * The lookup context of this program with `provider`'s settings (from `providerSettings` /
 * `providerSettingsOutput`), and its default endpoint (config, then environment).
 */
export function programContext(provider: ProviderSettings | undefined): {
  context: LookupContext;
  endpoint: string | undefined;
} {
  const config = pickLookupConfig(pulumi.runtime.allConfig());
  const env = process.env;
  const fromConfig = config[ENDPOINT_CONFIG_KEY]?.trim();
  const fromEnv = env[ENDPOINT_ENV_VAR]?.trim();
  return {
    context: { config, env, ...(provider ? { provider } : {}) },
    endpoint: fromConfig || fromEnv || undefined,
  };
}

/** The urns (and custom resources' ids) `dependsOn` names: an invoke waits for them. */
export function dependencies(
  dependsOn: pulumi.InvokeOutputOptions["dependsOn"],
): pulumi.Output<string[]> {
  if (dependsOn === undefined) return pulumi.output([]);
  return pulumi
    .output(dependsOn as pulumi.Input<pulumi.Input<pulumi.Resource>[] | pulumi.Resource>)
    .apply((resources) =>
      pulumi
        .all(
          (Array.isArray(resources) ? resources : [resources]).flatMap((r) =>
            pulumi.CustomResource.isInstance(r) ? [r.urn, r.id] : [r.urn],
          ),
        )
        .apply((values) => values.filter((v): v is string => typeof v === "string").sort()),
    );
}

/** `promise` as a secret Output's inner value (`apply` flattens an Output its callback returns). */
export function secretResult<T>(promise: Promise<T>): Promise<T> {
  return pulumi.secret(promise) as unknown as Promise<T>;
}
