/**
 * `--region a,b` and `--endpoint REGION=URL,...` (or a `{region}` template): the flags that
 * pick several regions, turned into the core's `regions` / `endpoints` input (parsed later,
 * once, with the rest of the command's input by `parseCliLookup`).
 */
import type { RegionLookupArgs } from "../../core/regions";
import { lookupInputFromFlags, type LookupFlags } from "../args";
import { UsageError } from "../errors";

/** The lookup flags with the region flags understood. */
export interface RegionInput {
  /** The lookup input, `regions` / `endpoints` set when several regions were given. */
  input: RegionLookupArgs;
  /** The regions `--region` named (one or more), or undefined when it was not given. */
  regionsGiven: string[] | undefined;
}

const ENDPOINT_PAIR = /^([a-z0-9-]+)=(.+)$/;

/** Splits the region flags off; the values are checked when the whole input is parsed. */
export function regionInputFromFlags(flags: LookupFlags, allowUnreadable: boolean): RegionInput {
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
      endpoints[region as string] = url as string;
    }
  }
  const { region, endpoint, ...rest } = flags;
  const single: LookupFlags = {
    ...rest,
    ...(several || region === undefined ? {} : { region }),
    ...(isMap || endpoint === undefined ? {} : { endpoint }),
  };
  const input: RegionLookupArgs = lookupInputFromFlags(single);
  if (several) input.regions = regions;
  if (isMap) input.endpoints = endpoints;
  if (allowUnreadable) input.allowUnreadableRegions = true;
  return { input, regionsGiven: regions };
}
