/**
 * The `accountSettings` input: an explicit `@pulumi/alicloud` Provider's `alicloud:*` settings,
 * passed as a secret input so that every provider method lists the same account; stored
 * encrypted, never fingerprinted. Why and how: docs/pulumi.md "Account and region".
 */
import { ArgumentError } from "../core/args";
import { ALICLOUD_PREFIX } from "../core/accountSettings";
import { canonicalJson, containsUnknown, sha256Hex } from "./dynamicState";

/** The input and output property holding an explicit provider's settings. */
export const ACCOUNT_SETTINGS_KEY = "accountSettings";

/** An explicit provider's settings, keyed like stack config (`alicloud:region`, ...). */
export type ProviderAccountSettings = Readonly<Record<string, string>>;

/**
 * The settings among `props` (plain values): undefined when there is no explicit provider,
 * the engine's unknown sentinel somewhere inside during preview. Throws an ArgumentError
 * naming `accountSettings` when they are not `alicloud:*` strings.
 */
export function accountSettingsOf(
  props: Readonly<Record<string, unknown>>,
): ProviderAccountSettings | undefined {
  const value = props[ACCOUNT_SETTINGS_KEY];
  if (value === undefined || value === null || containsUnknown(value)) {
    return value === undefined || value === null ? undefined : (value as ProviderAccountSettings);
  }
  const valid =
    typeof value === "object" &&
    !Array.isArray(value) &&
    Object.entries(value).every(([k, v]) => k.startsWith(ALICLOUD_PREFIX) && typeof v === "string");
  if (!valid) {
    throw new ArgumentError([
      {
        path: ACCOUNT_SETTINGS_KEY,
        message: `must be the alicloud:* settings of an @pulumi/alicloud Provider (SecretsLookup sets it from opts.provider)`,
      },
    ]);
  }
  return value as ProviderAccountSettings;
}

/**
 * Rotating credential material (a new STS session each CI run): a change of these alone is not
 * a change of the lookup, so `--expect-no-changes` holds. An STS session's key id is new each
 * time too, so with a `securityToken` the key id counts as rotating.
 */
const KEY_ID = `${ALICLOUD_PREFIX}accessKey`;
const TOKEN = `${ALICLOUD_PREFIX}securityToken`;
const ROTATING = new Set([`${ALICLOUD_PREFIX}secretKey`, TOKEN]);

const identityOf = (settings: ProviderAccountSettings | undefined) =>
  settings === undefined
    ? null
    : Object.fromEntries(
        Object.entries(settings).filter(
          ([key]) => !ROTATING.has(key) && !(key === KEY_ID && settings[TOKEN] !== undefined),
        ),
      );

/** True when the account settings differ: region, key id, profile, role, endpoints, ... */
export function accountSettingsChanged(
  before: ProviderAccountSettings | undefined,
  after: ProviderAccountSettings | undefined,
): boolean {
  return canonicalJson(identityOf(before)) !== canonicalJson(identityOf(after));
}

/** A short hash telling settings apart (for a per-process cache key; never stored). */
export function accountScope(settings: ProviderAccountSettings | undefined): string {
  return settings === undefined ? "stack" : sha256Hex(canonicalJson(settings)).slice(0, 16);
}
