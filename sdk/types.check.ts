/**
 * Compile-time only: `GetSecretsOutputArgs` has exactly the fields of `LookupArgs` & `RegionsArgs`, and plain
 * lookup arguments are valid Output-form arguments. A mismatch fails `tsc`.
 */
import type { Assert, Matches } from "../core/types.check";
import type { RegionLookupArgs as LookupArgs } from "../core/types";
import type { GetSecretsOutputArgs } from "./types";

export type Checks = [
  Assert<Matches<keyof GetSecretsOutputArgs, keyof LookupArgs>>,
  Assert<LookupArgs extends GetSecretsOutputArgs ? true : false>,
  Assert<Required<LookupArgs> extends Required<GetSecretsOutputArgs> ? true : false>,
];
