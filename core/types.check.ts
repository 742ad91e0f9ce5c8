/**
 * Compile-time only: the hand-written public types of ./types match what the zod schemas
 * accept and produce, field by field (name, optionality, type). A mismatch fails `tsc`.
 */
import type { z } from "zod";
import type { FILTER_KEYS, LookupArgsOutput, lookupArgsSchema, NumericArg } from "./args";
import type { getSecretsResultSchema, secretSchema } from "./result";
import type { REGION_ARG_KEYS } from "./regions";
import type { FilterKey, GetSecretsResult, LookupArgs, RegionsArgs, Secret } from "./types";

type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type SameKeys<A, B> = Mutual<keyof A, keyof B>;
/** A and B are assignable both ways and, for object types, have the same keys, recursively. */
export type Matches<A, B> =
  Mutual<A, B> extends true
    ? [A] extends [readonly (infer EA)[]]
      ? [B] extends [readonly (infer EB)[]]
        ? Matches<EA, EB>
        : false
      : [A] extends [Record<string, unknown>]
        ? SameKeys<A, B> extends true
          ? false extends { [K in keyof A]-?: Matches<A[K], B[K & keyof B]> }[keyof A]
            ? false
            : true
          : false
        : true
    : false;
/** The keys of T whose values (besides undefined) are exactly V. */
type KeysOfType<T, V> = {
  [K in keyof T]-?: Mutual<Exclude<T[K], undefined>, V> extends true ? K : never;
}[keyof T];
/** Compiles only when given `true`. */
export type Assert<T extends true> = T;

export type Checks = [
  Assert<Matches<LookupArgs, z.input<ReturnType<typeof lookupArgsSchema>>>>,
  Assert<Matches<FilterKey, (typeof FILTER_KEYS)[number]>>,
  // the bounds table the schema and its fast path (./fastArgs) both read names every number field
  Assert<Matches<KeysOfType<LookupArgsOutput, number>, NumericArg>>,
  Assert<Matches<Secret, z.output<ReturnType<typeof secretSchema>>>>,
  Assert<Matches<GetSecretsResult, z.output<ReturnType<typeof getSecretsResultSchema>>>>,
  Assert<Matches<keyof RegionsArgs, (typeof REGION_ARG_KEYS)[number]>>,
];
