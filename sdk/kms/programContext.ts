/**
 * Where the drop-in invokes and `getSecretValue` find region, credentials and endpoint: the
 * stack's `alicloud:*` / `kms-secrets:*` config and the environment, read at call time, as
 * the native `getSecrets` does.
 */
import * as pulumi from "@pulumi/pulumi";
import { ArgumentError } from "../../core/argumentError";
import type { LookupContext } from "../../core/lookup";
import {
  ENDPOINT_CONFIG_KEY,
  ENDPOINT_ENV_VAR,
  pickLookupConfig,
} from "../../provider/dynamicContext";

/**
 * Refuses an `opts.provider`, naming the function: these calls do not read a Provider's
 * settings yet, and another account or region must never be used silently.
 */
export function refuseProvider(caller: string, opts: { provider?: unknown }): void {
  if (opts.provider === undefined) return;
  throw new ArgumentError([
    {
      path: "opts.provider",
      message: `is not honoured by ${caller}: set the account and region with the stack's alicloud:* config`,
    },
  ]);
}

/** The lookup context of this program, and its default endpoint (config, then environment). */
export function programContext(
  caller: string,
  opts: { provider?: unknown } = {},
): { context: LookupContext; endpoint: string | undefined } {
  refuseProvider(caller, opts);
  const config = pickLookupConfig(pulumi.runtime.allConfig());
  const env = process.env;
  const fromConfig = config[ENDPOINT_CONFIG_KEY]?.trim();
  const fromEnv = env[ENDPOINT_ENV_VAR]?.trim();
  return { context: { config, env }, endpoint: fromConfig || fromEnv || undefined };
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
