/**
 * `getSecrets` / `getSecretsOutput`: the data source, with the field names of
 * `alicloud.kms.getSecrets`; runs in the program process like an invoke. Region,
 * credentials, endpoint and secrecy: docs/pulumi.md.
 */
import * as pulumi from "@pulumi/pulumi";
import { listSecrets } from "../core/lookup";
import { argsForRegion, parseRegionLookupArgs } from "../core/regionArgs";
import { lookupSecrets } from "../core/regions";
import type { GetSecretsResult, LookupProgress } from "../core/types";
import type { GetSecretsArgs, GetSecretsOutputArgs } from "./types";
import { pickLookupConfig, withDefaultEndpoint } from "../provider/dynamicContext";
import { lookupMemoKey, memoizedLookup } from "./lookupMemo";
import { canonicalJson, sha256Hex } from "../provider/dynamicState";
import {
  memoScope,
  providerSettings,
  providerSettingsOutput,
  type ProviderSettings,
} from "./providerOptions";

export type { GetSecretsArgs, GetSecretsOutputArgs } from "./types";

/** Listings with more pages than this report progress as ephemeral log messages. */
const PROGRESS_MIN_PAGES = 2;
/** Per-secret calls (details, values) report progress from this many on, every this many. */
const PROGRESS_MIN_CALLS = 50;
const PROGRESS_CALLS_STEP = 25;

/**
 * Lists every KMS secret matching `args`, sorted by name, or rejects (complete or fail).
 * Identical queries in one program run share one listing.
 *
 * **With `fetchValues: true` the plain result holds secret values** (`secrets[].secretData`)
 * in plaintext: keep it out of logs, exports and resource inputs, or wrap what you pass on
 * with `pulumi.secret(...)`. `getSecretsOutput` does that for you.
 *
 * `opts.provider` (an `@pulumi/alicloud` Provider, or one `opts.parent` passes down) chooses
 * the account and region, over stack config and the environment; another package's provider
 * is refused. `opts.parent` also attributes progress messages to a resource.
 */
export async function getSecrets(
  args: GetSecretsArgs = {},
  opts: pulumi.InvokeOptions = {},
): Promise<GetSecretsResult> {
  const provider = await providerSettings("getSecrets", opts);
  return sharedListing(args, opts, [], provider);
}

/**
 * `getSecrets`, sharing listings only among calls that waited for the same resources
 * (`after`: their urns and ids). A call ordered after a resource must not get a listing
 * that started before that resource existed.
 */
async function sharedListing(
  args: GetSecretsArgs,
  opts: pulumi.InvokeOptions,
  after: readonly string[],
  provider: ProviderSettings | undefined,
): Promise<GetSecretsResult> {
  const config = pickLookupConfig(pulumi.runtime.allConfig());
  const env = process.env;
  // Parsed once, before anything else (an ArgumentError names every bad field); the memo key
  // and the lookup both take this value.
  const parsed = parseRegionLookupArgs(withDefaultEndpoint(args, config, env));
  const { regions, endpoints } = parsed;
  const allowUnreadableRegions = parsed.allowUnreadableRegions === true;
  const regional = regions !== undefined || endpoints !== undefined || allowUnreadableRegions;
  const regionScope: Record<string, string> = regional
    ? { "#regions": sha256Hex(canonicalJson({ regions, endpoints, allowUnreadableRegions })) }
    : {};
  const oneLookup = argsForRegion(parsed, undefined);
  const key = lookupMemoKey(
    oneLookup,
    { ...config, ...memoScope(provider), ...regionScope },
    env,
    after,
  );
  const onProgress = progressReporter(opts.parent);
  const context = { config, env, onProgress, ...(provider ? { provider } : {}) };
  const listing = memoizedLookup(key, () =>
    regional ? lookupSecrets(parsed, context) : listSecrets(oneLookup, context),
  );
  // Callers get their own copy: the memoized result is shared. (A JSON copy rather than
  // structuredClone, whose arrays come from the host realm under jest/vm and then fail
  // Pulumi's `instanceof Array` checks when the result is fed into other inputs.)
  return JSON.parse(JSON.stringify(await listing)) as GetSecretsResult;
}

/**
 * `getSecrets` over `pulumi.Input` arguments. The result is unknown while any input is
 * unknown (preview), secret when any input is secret, and waits for `opts.dependsOn`.
 *
 * With `fetchValues: true` the whole result is a secret Output (one Output cannot be part
 * secret), so values never reach state, logs or stack outputs in plaintext. Names and ids
 * are not values: `pulumi.unsecret(result.names)` gives them back plain.
 */
export function getSecretsOutput(
  args: GetSecretsOutputArgs = {},
  opts: pulumi.InvokeOutputOptions = {},
): pulumi.Output<GetSecretsResult> {
  const { dependsOn, ...invokeOpts } = opts;
  const dependencies = dependsOn === undefined ? [] : dependsOnUrns(dependsOn);
  const provider = providerSettingsOutput("getSecretsOutput", opts);
  const inputs = pulumi.all([pulumi.output(args), dependencies, provider]);
  return inputs.apply(([plainArgs, after, settings]) => {
    const listing = sharedListing(plainArgs as GetSecretsArgs, invokeOpts, after, settings);
    // With values inside, a secret Output: apply keeps the inner Output's secretness.
    return (plainArgs as GetSecretsArgs).fetchValues === true ? secretOutput(listing) : listing;
  });
}

function secretOutput(listing: Promise<GetSecretsResult>): Promise<GetSecretsResult> {
  // Typed as the Promise it resolves like: `apply` flattens an Output returned by its callback.
  return pulumi.secret(listing) as unknown as Promise<GetSecretsResult>;
}

/**
 * What the result waits for: each resource's urn, and a custom resource's id too. Like
 * Pulumi's own invokes, the result is unknown during preview while a dependency is still
 * to be created or replaced (its id is unknown): a listing taken before it exists would
 * be a known but wrong preview.
 */
function dependsOnUrns(
  dependsOn: NonNullable<pulumi.InvokeOutputOptions["dependsOn"]>,
): pulumi.Output<string[]> {
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

function progressReporter(parent: pulumi.Resource | undefined): (p: LookupProgress) => void {
  return (progress) => {
    // `listing` > 1: the set changed while paging (or the tag cap was hit) and it lists again.
    const again = progress.listing > 1 ? `, listing ${progress.listing}` : "";
    if (progress.callsTotal !== undefined) {
      const { callsDone = 0, callsTotal } = progress;
      if (callsTotal < PROGRESS_MIN_CALLS) return;
      if (callsDone % PROGRESS_CALLS_STEP !== 0 && callsDone !== callsTotal) return;
      const message = `kms-secrets: per-secret calls ${callsDone}/${callsTotal}${again}`;
      pulumi.log.info(message, parent, undefined, true).catch(() => undefined);
      return;
    }
    if (progress.totalPages < PROGRESS_MIN_PAGES) return;
    const message =
      `kms-secrets: pages ${progress.pagesFetched}/${progress.totalPages}` +
      ` (${progress.secretsFetched} secrets${again})`;
    pulumi.log.info(message, parent, undefined, true).catch(() => undefined);
  };
}
