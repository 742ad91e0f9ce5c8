/**
 * The account and region settings a Pulumi program chose: an explicit `@pulumi/alicloud`
 * Provider's, else the stack's `alicloud:*` config, never a mix; every key is honoured, known
 * not to matter, or refused naming it. See docs/pulumi.md "Account and region".
 */
import { z } from "zod";
import { ArgumentError } from "./args";
import { parseLookupArgs } from "./parsedArgs";

/** `alicloud:assumeRole`, as the peer spells it. */
export interface AssumeRoleSettings {
  /** ARN of the RAM role to assume (`RoleArn`). */
  roleArn: string;
  /** `RoleSessionName`; default `kms-secrets-<time>`. */
  sessionName?: string;
  /** A policy further restricting the session (`Policy`, JSON text). */
  policy?: string;
  /** Session lifetime in seconds (`DurationSeconds`, 900..43200); default 3600. */
  sessionExpiration?: number;
  /** `ExternalId`, when the role's trust policy requires one. */
  externalId?: string;
}

/** Where a set of settings came from (`env`: the peer's environment defaults, core/credentialEnv.ts). */
export type SettingsOrigin = "provider" | "config" | "env";

/** The peer's environment variable behind each setting it fills (core/credentialEnv.ts). */
export const SETTING_ENV_VARS: Readonly<Record<string, string>> = {
  profile: "ALICLOUD_PROFILE",
  sharedCredentialsFile: "ALICLOUD_SHARED_CREDENTIALS_FILE",
  credentialsUri: "ALICLOUD_CREDENTIALS_URI",
  ecsRoleName: "ALICLOUD_ECS_ROLE_NAME",
  assumeRole: "ALICLOUD_ASSUME_ROLE_ARN",
};

/** The honoured settings of one origin, validated. */
export interface AccountSettings {
  origin: SettingsOrigin;
  region?: string;
  accessKey?: string;
  secretKey?: string;
  securityToken?: string;
  profile?: string;
  sharedCredentialsFile?: string;
  credentialsUri?: string;
  ecsRoleName?: string;
  assumeRole?: AssumeRoleSettings;
  /** `endpoints[].kms`: the KMS endpoint (host or URL). */
  kmsEndpoint?: string;
  /** `endpoints[].sts`: the STS endpoint used to assume a role. */
  stsEndpoint?: string;
  /** Fields filled from the environment (core/credentialEnv.ts `withEnvDefaults`), by origin. */
  fieldOrigins?: Readonly<Record<string, SettingsOrigin>>;
}

export const ALICLOUD_PREFIX = "alicloud:";

/** Keys that choose the account, region or endpoint, and are honoured. */
export const HONOURED_KEYS: readonly string[] = [
  "region",
  "accessKey",
  "secretKey",
  "securityToken",
  "profile",
  "sharedCredentialsFile",
  "credentialsUri",
  "ecsRoleName",
  "assumeRole",
  "endpoints",
];

/**
 * Keys that would change the account, or how a role is assumed, and are not supported:
 * refused, never ignored.
 */
export const REFUSED_KEYS: readonly string[] = [
  "assumeRoleWithOidc",
  "sourceIp",
  "securityTransport",
  "secureTransport",
];

/**
 * Peer keys that do not choose the KMS account or region (timeouts, other services'
 * endpoints, the plugin version, ...): accepted and not used.
 */
export const NOT_ACCOUNT_KEYS: readonly string[] = [
  "accountId",
  "accountType",
  "clientConnectTimeout",
  "clientReadTimeout",
  "configurationSource",
  "fc",
  "features",
  "logEndpoint",
  "maxRetryTimeout",
  "mnsEndpoint",
  "otsInstanceName",
  "protocol",
  "signVersion",
  "skipRegionValidation",
  "version",
  "pluginDownloadURL",
];

/** How a setting is named in messages, e.g. `Pulumi config alicloud:profile`, `env ALICLOUD_PROFILE`. */
export function settingName(origin: SettingsOrigin, key: string): string {
  if (origin === "env") return `env ${SETTING_ENV_VARS[key] ?? key}`;
  return origin === "provider"
    ? `opts.provider's ${key}`
    : `Pulumi config ${ALICLOUD_PREFIX}${key}`;
}

/** How `settings`' field `key` is named in messages, by the origin of that field. */
export function fieldName(settings: AccountSettings, key: string): string {
  const field = key.split(".")[0] ?? key;
  return settingName(settings.fieldOrigins?.[field] ?? settings.origin, key);
}

function settingPath(origin: SettingsOrigin, key: string): string {
  if (origin === "env") return SETTING_ENV_VARS[key] ?? key;
  return origin === "provider" ? `opts.provider.${key}` : `${ALICLOUD_PREFIX}${key}`;
}

function refusal(origin: SettingsOrigin, key: string, why: string): ArgumentError {
  return new ArgumentError([{ path: settingPath(origin, key), message: why }]);
}

function assumeRoleSchema() {
  const seconds = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);
  return z.strictObject({
    roleArn: z.string().trim().min(1, "roleArn must not be empty"),
    sessionName: z.string().trim().min(1).optional(),
    policy: z.string().optional(),
    sessionExpiration: seconds.pipe(z.number().int().min(900).max(43200)).optional(),
    externalId: z.string().optional(),
  });
}

function parseJson(origin: SettingsOrigin, key: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw refusal(origin, key, "is not valid JSON");
  }
}

function parseAssumeRole(origin: SettingsOrigin, text: string): AssumeRoleSettings | undefined {
  const value = parseJson(origin, "assumeRole", text);
  if (value === null) return undefined;
  const parsed = assumeRoleSchema().safeParse(value);
  if (parsed.success) return stripUndefinedFields(parsed.data);
  const issues = parsed.error.issues.map((issue) => ({
    path: [settingPath(origin, "assumeRole"), ...issue.path.map(String)].join("."),
    message:
      issue.code === "unrecognized_keys"
        ? `${issue.message}: only roleArn, sessionName, policy, sessionExpiration and externalId are supported`
        : issue.message,
  }));
  throw new ArgumentError(issues);
}

/** `endpoints`: a list of `{<service>: host}`; only `kms` and `sts` concern a lookup. */
function parseEndpoints(origin: SettingsOrigin, text: string): { kms?: string; sts?: string } {
  const value = parseJson(origin, "endpoints", text);
  if (value === null) return {};
  const list = Array.isArray(value) ? value : [value];
  const out: { kms?: string; sts?: string } = {};
  for (const entry of list) {
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
      throw refusal(origin, "endpoints", "must be a list of {service: endpoint} objects");
    }
    for (const service of ["kms", "sts"] as const) {
      const endpoint: unknown = (entry as Record<string, unknown>)[service];
      if (endpoint === undefined || endpoint === null || endpoint === "") continue;
      if (typeof endpoint !== "string") {
        throw refusal(origin, `endpoints.${service}`, "must be a string");
      }
      const before = out[service];
      if (before !== undefined && before !== endpoint) {
        throw refusal(origin, `endpoints.${service}`, "is given twice with different values");
      }
      out[service] = endpoint.trim();
    }
  }
  return out;
}

function stripUndefinedFields<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Parses the `alicloud:*` entries of `values` (other keys are ignored: they belong to other
 * packages). Throws an ArgumentError naming every refused or unknown setting.
 */
export function parseAccountSettings(
  values: Readonly<Record<string, string | undefined>>,
  origin: SettingsOrigin,
): AccountSettings {
  const settings: AccountSettings = { origin };
  const problems: { path: string; message: string }[] = [];
  for (const fullKey of Object.keys(values).sort()) {
    if (!fullKey.startsWith(ALICLOUD_PREFIX)) continue;
    const key = fullKey.slice(ALICLOUD_PREFIX.length);
    const value = values[fullKey]?.trim();
    if (value === undefined || value === "" || value === "null") continue;
    if (NOT_ACCOUNT_KEYS.includes(key)) continue;
    if (REFUSED_KEYS.includes(key)) {
      problems.push({
        path: settingPath(origin, key),
        message: `is not supported by pulumi-alicloud-kms-secrets, and the lookup will not run without it: remove it, or use a provider without it for the lookup`,
      });
      continue;
    }
    if (!HONOURED_KEYS.includes(key)) {
      problems.push({
        path: settingPath(origin, key),
        message: `is not a setting pulumi-alicloud-kms-secrets knows; it may choose another account or region, so the lookup refuses to run with it`,
      });
      continue;
    }
    try {
      assign(settings, key, value, origin);
    } catch (err) {
      if (!(err instanceof ArgumentError)) throw err;
      problems.push(...err.issues);
    }
  }
  if (problems.length > 0) throw new ArgumentError(problems);
  return settings;
}

function assign(
  settings: AccountSettings,
  key: string,
  value: string,
  origin: SettingsOrigin,
): void {
  switch (key) {
    case "assumeRole": {
      const role = parseAssumeRole(origin, value);
      if (role) settings.assumeRole = role;
      return;
    }
    case "endpoints": {
      const { kms, sts } = parseEndpoints(origin, value);
      if (kms) settings.kmsEndpoint = kms;
      if (sts) settings.stsEndpoint = sts;
      return;
    }
    case "region":
    case "accessKey":
    case "secretKey":
    case "securityToken":
    case "profile":
    case "sharedCredentialsFile":
    case "credentialsUri":
    case "ecsRoleName":
      settings[key] = value;
      return;
    default:
      throw refusal(origin, key, "is not supported");
  }
}

/**
 * The settings a lookup runs with: the explicit provider's when given (the stack's
 * `alicloud:*` config is then not read, as the peer's explicit providers do not read it),
 * else the stack config's.
 */
export function chosenSettings(
  provider: Readonly<Record<string, string | undefined>> | undefined,
  config: Readonly<Record<string, string | undefined>> | undefined,
): AccountSettings {
  if (provider) return parseAccountSettings(provider, "provider");
  return parseAccountSettings(config ?? {}, "config");
}

/** The KMS endpoint of `endpoints[].kms`, validated like the `endpoint` argument. */
export function kmsEndpoint(settings: AccountSettings): string | undefined {
  if (!settings.kmsEndpoint) return undefined;
  try {
    return parseLookupArgs({ endpoint: settings.kmsEndpoint }).endpoint;
  } catch (err) {
    if (!(err instanceof ArgumentError)) throw err;
    const path = settingPath(settings.origin, "endpoints.kms");
    throw new ArgumentError(err.issues.map((issue) => ({ path, message: issue.message })));
  }
}
