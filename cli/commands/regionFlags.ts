/**
 * `--region a,b` and `--endpoint REGION=URL,...` (or a `{region}` template): the flags that
 * pick several regions, turned into the core's `regions` / `endpoints` arguments.
 */
import { ArgumentError } from "../../core/args";
import { parseLookupArgs } from "../../core/parsedArgs";
import { splitRegionArgs, type RegionLookupArgs } from "../../core/regions";
import { lookupArgsFromFlags, type LookupFlags } from "../args";
import { UsageError } from "../errors";

/** The lookup flags with the region flags understood. */
export interface RegionLookup {
  /** Validated arguments, `regions` / `endpoints` set when several regions were given. */
  args: RegionLookupArgs;
  /** The regions `--region` named (one or more), or undefined when it was not given. */
  regionsGiven: string[] | undefined;
}

const ENDPOINT_PAIR = /^([a-z0-9-]+)=(.+)$/;

function regionIssue(err: ArgumentError): UsageError {
  const lines = err.issues.map((issue) => {
    const [head, rest] = [issue.path.split(".")[0], issue.path.split(".").slice(1).join(".")];
    const flag =
      head === "regions" || head === "region"
        ? "--region"
        : head === "endpoints" || head === "endpoint"
          ? `--endpoint${rest ? ` ${rest}` : ""}`
          : head === "allowUnreadableRegions"
            ? "--allow-unreadable-region"
            : issue.path;
    return `${flag}: ${issue.message}`;
  });
  return new UsageError("argument", lines.join("\n"));
}

/** Splits the region flags off, validates everything, names the flag of each problem. */
export function regionLookupFromFlags(flags: LookupFlags, allowUnreadable: boolean): RegionLookup {
  const regionText = flags.region;
  const regions = regionText?.split(",").map((r) => r.trim());
  const several = regions !== undefined && regions.length > 1;
  const endpointText = flags.endpoint;
  const pairs = endpointText?.split(",").map((p) => p.trim());
  const isMap =
    pairs !== undefined && pairs.every((p) => ENDPOINT_PAIR.test(p) && !/^https?:/.test(p));
  const endpoints: Record<string, string> = {};
  if (isMap) {
    for (const pair of pairs) {
      const [, region, url] = ENDPOINT_PAIR.exec(pair) as RegExpExecArray;
      if (Object.hasOwn(endpoints, region as string)) {
        throw new UsageError("argument", `--endpoint names region ${region} twice`);
      }
      try {
        endpoints[region as string] = parseLookupArgs({ endpoint: url }).endpoint as string;
      } catch (err) {
        if (err instanceof ArgumentError)
          throw regionIssue(
            new ArgumentError(err.issues.map((i) => ({ ...i, path: `endpoints.${region}` }))),
          );
        throw err;
      }
    }
  }
  const { region, endpoint, ...rest } = flags;
  const single: LookupFlags = {
    ...rest,
    ...(several || region === undefined ? {} : { region }),
    ...(isMap || endpoint === undefined ? {} : { endpoint }),
  };
  // a copy: the parsed arguments are frozen
  const args: RegionLookupArgs = { ...lookupArgsFromFlags(single) };
  if (several) args.regions = regions;
  if (isMap) args.endpoints = endpoints;
  if (allowUnreadable) args.allowUnreadableRegions = true;
  // Without --region the regions may come from the baseline: the lookup checks the map then.
  if (regions !== undefined) {
    try {
      splitRegionArgs(args);
    } catch (err) {
      if (err instanceof ArgumentError) throw regionIssue(err);
      throw err;
    }
  }
  return { args, regionsGiven: regions };
}
