/**
 * The peer's environment defaults: each fills the matching setting the chosen settings leave
 * unset, or is refused by name. Never ignored. Table: docs/pulumi.md "Account and region".
 */
import {
  SETTING_ENV_VARS,
  type AccountSettings,
  type AssumeRoleSettings,
  type SettingsOrigin,
} from "./accountSettings";
import { ArgumentError } from "./argumentError";
import { nonEmpty } from "./credentialChain";

type Env = Readonly<Record<string, string | undefined>>;

/** `assumeRole` fields and the variables that fill them. */
export const ASSUME_ROLE_ENV_VARS = {
  roleArn: "ALICLOUD_ASSUME_ROLE_ARN",
  sessionName: "ALICLOUD_ASSUME_ROLE_SESSION_NAME",
  sessionExpiration: "ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION",
} as const;

/** Variables of settings that are refused in config too (they change how the account is reached). */
export const REFUSED_ENV_VARS: readonly string[] = [
  "ALICLOUD_SOURCE_IP",
  "ALIBABA_CLOUD_SOURCE_IP",
  "ALICLOUD_SECURITY_TRANSPORT",
  "ALIBABA_CLOUD_SECURITY_TRANSPORT",
  "ALICLOUD_SECURE_TRANSPORT",
  "ALIBABA_CLOUD_SECURE_TRANSPORT",
];

/** Read by the peer, but they do not choose the KMS account or region: not used. */
export const NOT_ACCOUNT_ENV_VARS: readonly string[] = [
  "ALICLOUD_ACCOUNT_ID",
  "ALIBABA_CLOUD_ACCOUNT_ID",
  "ALIBABA_CLOUD_ACCOUNT_TYPE",
];

/** Throws an ArgumentError naming every refused variable that is set. */
export function refuseUnsupportedEnv(env: Env): void {
  const set = REFUSED_ENV_VARS.filter((name) => nonEmpty(env[name]) !== undefined);
  if (set.length === 0) return;
  throw new ArgumentError(
    set.map((name) => ({
      path: name,
      message: `is set, and pulumi-alicloud-kms-secrets does not support it (as alicloud:${settingOf(name)}): unset it for the lookup, or the lookup will not run`,
    })),
  );
}

function settingOf(name: string): string {
  const words = name
    .replace(/^(ALICLOUD|ALIBABA_CLOUD)_/, "")
    .toLowerCase()
    .split("_");
  return words.map((w, i) => (i === 0 ? w : `${w[0]?.toUpperCase() ?? ""}${w.slice(1)}`)).join("");
}

/** Spellings of one setting the peer reads, in its order; two different values are refused. */
export const ENV_SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  "access key id": [
    "ALICLOUD_ACCESS_KEY",
    "ALIBABA_CLOUD_ACCESS_KEY_ID",
    "ALIBABACLOUD_ACCESS_KEY_ID",
  ],
  "access key secret": [
    "ALICLOUD_SECRET_KEY",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    "ALIBABACLOUD_ACCESS_KEY_SECRET",
  ],
  "security token": [
    "ALICLOUD_SECURITY_TOKEN",
    "ALIBABA_CLOUD_SECURITY_TOKEN",
    "ALIBABACLOUD_SECURITY_TOKEN",
  ],
  region: ["ALICLOUD_REGION", "ALIBABA_CLOUD_REGION", "ALIBABA_CLOUD_REGION_ID"],
};

/**
 * Throws an ArgumentError when two spellings of one of `settings` (keys of ENV_SPELLINGS) are set
 * to different values: the peer and this package would pick different ones. Names, never values.
 */
export function refuseConflictingEnv(env: Env, settings: readonly string[]): void {
  const issues: { path: string; message: string }[] = [];
  for (const setting of settings) {
    const set = (ENV_SPELLINGS[setting] ?? []).filter((name) => nonEmpty(env[name]) !== undefined);
    const values = new Set(set.map((name) => nonEmpty(env[name])));
    if (values.size < 2) continue;
    issues.push({
      path: set[0] ?? setting,
      message: `is set, and so is ${set.slice(1).join(" and ")}, to a different value; both spell the ${setting}, and the peer and this package would not pick the same one: unset all but one, or give them the same value`,
    });
  }
  if (issues.length > 0) throw new ArgumentError(issues);
}

/** The settings the peer's variables fill when unset, each as that variable's origin `env`. */
const FILLED_FROM_ENV = [
  "profile",
  "sharedCredentialsFile",
  "credentialsUri",
  "ecsRoleName",
] as const;

/**
 * The chosen settings with each unset field filled from the peer's variable for it (as the
 * peer does, field by field): `ALICLOUD_PROFILE`, `ALICLOUD_SHARED_CREDENTIALS_FILE`,
 * `ALICLOUD_CREDENTIALS_URI`, `ALICLOUD_ECS_ROLE_NAME` and the role (`withEnvRole`). Each
 * filled field's origin is recorded for messages. Credentials and region both use the result.
 * Idempotent: only unset fields are filled, so its own result comes back equal.
 */
export function withEnvDefaults(settings: AccountSettings, env: Env): AccountSettings {
  const filled: AccountSettings = { ...settings };
  const origins: Record<string, SettingsOrigin> = { ...settings.fieldOrigins };
  for (const key of FILLED_FROM_ENV) {
    const value = nonEmpty(env[SETTING_ENV_VARS[key] ?? ""]);
    if (filled[key] === undefined && value !== undefined) {
      filled[key] = value;
      origins[key] = "env";
    }
  }
  const result = withEnvRole({ ...filled, fieldOrigins: origins }, env);
  return Object.keys(result.fieldOrigins ?? {}).length > 0 ? result : dropOrigins(result);
}

function dropOrigins(settings: AccountSettings): AccountSettings {
  const { fieldOrigins: _none, ...rest } = settings;
  return rest;
}

function sessionExpiration(env: Env): number | undefined {
  const name = ASSUME_ROLE_ENV_VARS.sessionExpiration;
  const text = nonEmpty(env[name]);
  if (text === undefined) return undefined;
  const seconds = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(seconds >= 900 && seconds <= 43200)) {
    throw new ArgumentError([
      { path: name, message: "must be a whole number of seconds, 900..43200" },
    ]);
  }
  return seconds;
}

/**
 * The role to assume: the settings' `assumeRole` with a missing `sessionName` /
 * `sessionExpiration` filled from `ALICLOUD_ASSUME_ROLE_SESSION_NAME` / `..._EXPIRATION`; without
 * one, `ALICLOUD_ASSUME_ROLE_ARN` (named `env ALICLOUD_ASSUME_ROLE_ARN` in messages).
 */
function withEnvRole(settings: AccountSettings, env: Env): AccountSettings {
  const sessionName = nonEmpty(env[ASSUME_ROLE_ENV_VARS.sessionName]);
  const seconds = sessionExpiration(env);
  const fill = (role: AssumeRoleSettings): AssumeRoleSettings => ({
    ...role,
    ...(role.sessionName === undefined && sessionName ? { sessionName } : {}),
    ...(role.sessionExpiration === undefined && seconds ? { sessionExpiration: seconds } : {}),
  });
  if (settings.assumeRole) return { ...settings, assumeRole: fill(settings.assumeRole) };
  const roleArn = nonEmpty(env[ASSUME_ROLE_ENV_VARS.roleArn]);
  if (roleArn === undefined) return settings;
  const fieldOrigins = { ...settings.fieldOrigins, assumeRole: "env" as const };
  return { ...settings, fieldOrigins, assumeRole: fill({ roleArn }) };
}
