/**
 * Lookups over several regions: each region is one `listSecrets` (its own endpoint, so its own
 * rate limiters), all listed concurrently, each complete or failed on its own. Every secret
 * carries its `regionId`; with several regions its id is `region:name`. See docs/pipelines.md.
 */
import { createHash } from "node:crypto";
import { ArgumentError } from "./argumentError";
import { childController } from "./abort";
import { KmsError, rewordError } from "./errors";
import { listSecrets, type LookupContext, type LookupProgress } from "./lookup";
import { resolveRegion } from "./region";
import { argsForRegion, parseRegionLookupArgs, type ParsedRegionLookupArgs } from "./regionArgs";
import { REGION_PLACEHOLDER } from "./regionKeys";
import type { GetSecretsResult, RegionLookupArgs, Secret, UnreadableRegion } from "./types";

export type { RegionLookupArgs, RegionsArgs } from "./types";
export {
  isRegionsArgKey,
  MAX_REGIONS,
  REGION_ARG_KEYS,
  REGION_PLACEHOLDER,
  splitRegionArgs,
  type SplitRegionArgs,
} from "./regionKeys";

/** The error of one region, with the region named in its message. */
export function inRegion(err: unknown, region: string): unknown {
  if (err instanceof KmsError) return rewordError(err, `region ${region}: ${err.message}`);
  if (err instanceof ArgumentError) {
    return new ArgumentError(
      err.issues.map((i) => ({ ...i, message: `(region ${region}) ${i.message}` })),
    );
  }
  return err;
}

function withRegion(secret: Secret, region: string, multi: boolean): Secret {
  const out: Secret = { ...secret, regionId: region };
  if (multi) out.id = `${region}:${secret.secretName}`;
  return out;
}

/** Sums the progress of the regions listed so far. */
function progressAggregator(
  onProgress: LookupContext["onProgress"],
): ((region: string) => LookupContext["onProgress"]) | undefined {
  if (!onProgress) return undefined;
  const latest = new Map<string, LookupProgress>();
  return (region) => (progress) => {
    latest.set(region, progress);
    const all = [...latest.values()];
    const sum = (pick: (p: LookupProgress) => number | undefined): number =>
      all.reduce((total, p) => total + (pick(p) ?? 0), 0);
    const calls = all.some((p) => p.callsTotal !== undefined);
    onProgress({
      pagesFetched: sum((p) => p.pagesFetched),
      totalPages: sum((p) => p.totalPages),
      secretsFetched: sum((p) => p.secretsFetched),
      listing: Math.max(...all.map((p) => p.listing)),
      ...(calls
        ? { callsDone: sum((p) => p.callsDone), callsTotal: sum((p) => p.callsTotal) }
        : {}),
    });
  };
}

/**
 * The region of a one-region lookup when an endpoint has to be chosen for it (an
 * `endpoints` map or a `{region}` template); undefined leaves the choice to listSecrets.
 */
function singleRegion(split: ParsedRegionLookupArgs, context: LookupContext): string | undefined {
  const template = split.endpoint?.includes(REGION_PLACEHOLDER) === true;
  if (!template && Object.keys(split.endpoints ?? {}).length === 0) return undefined;
  return (
    split.region ??
    resolveRegion(undefined, { config: context.config, env: context.env, homeDir: context.homeDir })
      .region
  );
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Lists every matching secret of one region (`region`) or several (`regions`), or throws.
 * With one region the result is `listSecrets`' plus each secret's `regionId`. With several,
 * secrets are sorted by id (`region:name`), `names` is parallel to `ids`, `region` joins the
 * regions with commas and `regions` lists them. A region that fails fails the call with the
 * region named, unless `allowUnreadableRegions`: then it is named in `unreadableRegions`.
 */
export async function lookupSecrets(
  args?: RegionLookupArgs,
  context: LookupContext = {},
): Promise<GetSecretsResult> {
  const split = parseRegionLookupArgs(args);
  const regions = split.regions;
  if (regions === undefined || (regions.length === 1 && !split.allowUnreadableRegions)) {
    const region = regions?.[0] ?? singleRegion(split, context);
    const result = await listSecrets(argsForRegion(split, region), context);
    return { ...result, secrets: result.secrets.map((s) => withRegion(s, result.region, false)) };
  }
  const multi = regions.length > 1;
  const outer = context.signal;
  const { controller, release } = childController(outer, regions.length);
  const progressFor = progressAggregator(context.onProgress);
  try {
    const settled = await Promise.allSettled(
      regions.map(async (region) => {
        try {
          return await listSecrets(argsForRegion(split, region), {
            ...context,
            signal: controller.signal,
            ...(progressFor ? { onProgress: progressFor(region) } : {}),
          });
        } catch (err) {
          // complete or fail: one region failing ends the others at once
          if (!split.allowUnreadableRegions) controller.abort();
          throw inRegion(err, region);
        }
      }),
    );
    if (outer?.aborted) throw firstFailure(settled);
    const secrets: Secret[] = [];
    const forbidden: string[] = [];
    const unreadable: UnreadableRegion[] = [];
    const ids: string[] = [];
    settled.forEach((outcome, i) => {
      const region = regions[i] as string;
      if (outcome.status === "fulfilled") {
        for (const secret of outcome.value.secrets) secrets.push(withRegion(secret, region, multi));
        for (const name of outcome.value.forbidden ?? []) forbidden.push(`${region}:${name}`);
        ids.push(outcome.value.id);
        return;
      }
      const err: unknown = outcome.reason;
      if (!split.allowUnreadableRegions || !(err instanceof KmsError)) throw firstFailure(settled);
      unreadable.push({
        region,
        code: err.code,
        message: err.message,
        ...(err.requestId !== undefined ? { requestId: err.requestId } : {}),
      });
    });
    secrets.sort((a, b) => byCodeUnit(a.id, b.id));
    const result: GetSecretsResult = {
      id: createHash("sha256")
        .update(JSON.stringify([regions, ids]))
        .digest("hex")
        .slice(0, 16),
      region: regions.join(","),
      ids: secrets.map((s) => s.id),
      names: secrets.map((s) => s.secretName),
      secrets,
      regions: [...regions],
    };
    if (split.enableDetails || split.fetchValues) result.forbidden = forbidden.sort(byCodeUnit);
    if (split.allowUnreadableRegions) result.unreadableRegions = unreadable;
    return result;
  } finally {
    release();
  }
}

/**
 * The error to throw when regions failed: the first region (in order) that failed for its
 * own sake, not one that was only stopped because another failed.
 */
function firstFailure(settled: readonly PromiseSettledResult<GetSecretsResult>[]): unknown {
  const reasons = settled.flatMap((s) => (s.status === "rejected" ? [s.reason as unknown] : []));
  const own = reasons.find((r) => !(r instanceof KmsError && r.kind === "aborted"));
  return own ?? reasons[0];
}
