/**
 * Credentials from the chosen account settings, in docs/pulumi.md "Account and region" order,
 * and a RAM role assumed on top (@alicloud/credentials providers). A setting given but unusable
 * fails naming it, never a silent fallthrough.
 */
import fs from "node:fs";
import path from "node:path";
import {
  CLIProfileCredentialsProvider,
  ECSRAMRoleCredentialsProvider,
  RAMRoleARNCredentialsProvider,
  StaticAKCredentialsProvider,
  StaticSTSCredentialsProvider,
  URICredentialsProvider,
  type CredentialsProvider,
} from "@alicloud/credentials";
import { fieldName, type AccountSettings } from "./accountSettings";
import { isLoopbackHost } from "./args";
import { KmsError } from "./errors";
import type { Credentials } from "./credentials";

/** Environment variable naming the STS endpoint used to assume a role (host or URL). */
export const STS_ENDPOINT_ENV_VAR = "ALIBABA_CLOUD_STS_ENDPOINT";
/** The CLI config a profile is read from when no sharedCredentialsFile is given. */
const CLI_CONFIG = [".aliyun", "config.json"];
const MAX_CONFIG_BYTES = 1024 * 1024;
const DEFAULT_SESSION_SECONDS = 3600;

export interface SettingsContext {
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
  /** Test hook: the host of the ECS metadata service (default 100.100.100.200). */
  metadataHost?: string;
}

function failed(settings: AccountSettings, key: string, reason: string, known: string[] = []) {
  return new KmsError({
    code: "Credentials.SettingFailed",
    message: `${fieldName(settings, key)} could not be used: ${reason}`,
    kind: "config",
    known,
  });
}

/** Why the library failed, in a few words; an STS/HTTP error body is reduced to its Code. */
export function libraryReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const head = (message.split(/ failed: |\n|: \{|, message = |, result: /)[0] ?? "").slice(0, 160);
  const code = /"Code"\s*:\s*"([A-Za-z0-9._-]{1,80})"/.exec(message)?.[1];
  return code ? `${head} (Code ${code})` : head;
}

interface HttpRequestLike {
  protocol?: string;
  host?: string;
}
type DoRequest = (request: HttpRequestLike) => Promise<unknown>;

/**
 * Points a provider's HTTP requests elsewhere through its `doRequest` field (the library's
 * own seam, "used for mock"): plain http for a loopback STS endpoint, or a test metadata host.
 */
function redirect(provider: object, change: HttpRequestLike): void {
  const holder = provider as { doRequest?: DoRequest };
  const original = holder.doRequest;
  if (typeof original !== "function") {
    throw new Error("this @alicloud/credentials version cannot be redirected");
  }
  holder.doRequest = (request) => {
    if (change.protocol) request.protocol = change.protocol;
    if (change.host) request.host = change.host;
    return original.call(provider, request);
  };
}

async function fromProvider(provider: CredentialsProvider, source: string): Promise<Credentials> {
  const found = await provider.getCredentials();
  if (!found?.accessKeyId || !found.accessKeySecret) throw new Error("no key returned");
  return {
    accessKeyId: found.accessKeyId,
    accessKeySecret: found.accessKeySecret,
    ...(found.securityToken ? { securityToken: found.securityToken } : {}),
    source,
  };
}

function staticKeys(settings: AccountSettings): Credentials | undefined {
  const { accessKey, secretKey, securityToken } = settings;
  if (!accessKey && !secretKey) return undefined;
  if (!accessKey || !secretKey) {
    const [given, missing] = accessKey ? ["accessKey", "secretKey"] : ["secretKey", "accessKey"];
    throw new KmsError({
      code: "Credentials.Incomplete",
      message: `${fieldName(settings, given)} is set but ${fieldName(settings, missing)} is not: set both, or neither`,
      kind: "config",
    });
  }
  return {
    accessKeyId: accessKey,
    accessKeySecret: secretKey,
    ...(securityToken ? { securityToken } : {}),
    source: fieldName(settings, "accessKey"),
  };
}

interface CliProfileInternals {
  getCredentialsProvider(conf: unknown, profileName: string): CredentialsProvider;
}

/** How a profile is named in messages: the profile's setting, and the file's when both are given. */
function profileSource(settings: AccountSettings): string {
  const names = [
    settings.profile && "profile",
    settings.sharedCredentialsFile && "sharedCredentialsFile",
  ];
  return names
    .filter((key): key is string => typeof key === "string")
    .map((key) => fieldName(settings, key))
    .join(" with ");
}

/** `profile` (and `sharedCredentialsFile`): a profile of an Alibaba Cloud CLI config file. */
async function fromProfile(settings: AccountSettings, ctx: SettingsContext): Promise<Credentials> {
  const fileKey = settings.sharedCredentialsFile ? "sharedCredentialsFile" : "profile";
  const file = settings.sharedCredentialsFile ?? path.join(ctx.homeDir, ...CLI_CONFIG);
  let conf: { current?: unknown; profiles?: unknown };
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_CONFIG_BYTES) throw new Error(`larger than ${MAX_CONFIG_BYTES} bytes`);
    conf = JSON.parse(fs.readFileSync(file, "utf8")) as typeof conf;
  } catch (err) {
    const why = err instanceof SyntaxError ? "not valid JSON" : libraryReason(err);
    throw failed(settings, fileKey, `reading ${file}: ${why}`);
  }
  const current = typeof conf?.current === "string" && conf.current ? conf.current : "default";
  const name = settings.profile ?? current;
  const key = settings.profile ? "profile" : "sharedCredentialsFile";
  try {
    const builder = CLIProfileCredentialsProvider.builder().withProfileName(name);
    // Constructed from the builder directly: `build()` refuses when the shell sets
    // ALIBABA_CLOUD_CLI_PROFILE_DISABLED, which is about the default chain, not this setting.
    const cli = new CLIProfileCredentialsProvider(builder) as unknown as CliProfileInternals;
    const inner = cli.getCredentialsProvider(conf, name);
    return await fromProvider(inner, `${profileSource(settings)} "${name}" in ${file}`);
  } catch (err) {
    throw failed(settings, key, `profile "${name}" in ${file}: ${libraryReason(err)}`);
  }
}

async function fromUri(settings: AccountSettings, uri: string): Promise<Credentials> {
  try {
    const provider = URICredentialsProvider.builder().withCredentialsURI(uri).build();
    return await fromProvider(provider, fieldName(settings, "credentialsUri"));
  } catch (err) {
    throw failed(settings, "credentialsUri", libraryReason(err));
  }
}

async function fromEcsRole(
  settings: AccountSettings,
  roleName: string,
  ctx: SettingsContext,
): Promise<Credentials> {
  try {
    const provider = ECSRAMRoleCredentialsProvider.builder().withRoleName(roleName).build();
    if (ctx.metadataHost) redirect(provider, { host: ctx.metadataHost });
    return await fromProvider(provider, `${fieldName(settings, "ecsRoleName")} "${roleName}"`);
  } catch (err) {
    throw failed(
      settings,
      "ecsRoleName",
      `role "${roleName}" via the ECS metadata service: ${libraryReason(err)}`,
    );
  }
}

/** The kinds of base credentials settings can choose, in the order they are tried. */
export type BaseKind = "keys" | "profile" | "credentialsUri" | "ecsRoleName";

/**
 * The base the settings choose: accessKey/secretKey, profile (or sharedCredentialsFile alone),
 * credentialsUri, ecsRoleName, the first given; `undefined` when none is.
 */
export function baseKind(settings: AccountSettings): BaseKind | undefined {
  if (settings.accessKey || settings.secretKey) return "keys";
  if (settings.profile || settings.sharedCredentialsFile) return "profile";
  if (settings.credentialsUri) return "credentialsUri";
  if (settings.ecsRoleName) return "ecsRoleName";
  return undefined;
}

/**
 * The base credentials of `kind` (default: the first the settings choose, see `baseKind`).
 * `undefined` when the settings choose none (the environment and the standard chain are next).
 */
export async function baseFromSettings(
  settings: AccountSettings,
  ctx: SettingsContext,
  kind: BaseKind | undefined = baseKind(settings),
): Promise<Credentials | undefined> {
  switch (kind) {
    case "keys":
      return staticKeys(settings);
    case "profile":
      return fromProfile(settings, ctx);
    case "credentialsUri":
      return settings.credentialsUri ? fromUri(settings, settings.credentialsUri) : undefined;
    case "ecsRoleName":
      return settings.ecsRoleName ? fromEcsRole(settings, settings.ecsRoleName, ctx) : undefined;
    default:
      return undefined;
  }
}

/** The STS endpoint as host plus protocol; http only for loopback hosts. */
function stsEndpoint(
  settings: AccountSettings,
  env: Readonly<Record<string, string | undefined>>,
): { host: string; protocol: "http" | "https"; from: string } | undefined {
  const fromSettings = settings.stsEndpoint;
  const raw = fromSettings ?? env[STS_ENDPOINT_ENV_VAR]?.trim();
  if (!raw) return undefined;
  const from = fromSettings ? fieldName(settings, "endpoints.sts") : `env ${STS_ENDPOINT_ENV_VAR}`;
  let url: URL;
  try {
    url = new URL(raw.includes("://") ? raw : `https://${raw}`);
  } catch {
    throw failed(settings, "assumeRole", `the STS endpoint from ${from} is not a valid URL`);
  }
  const protocol =
    url.protocol === "http:" ? "http" : url.protocol === "https:" ? "https" : undefined;
  if (!protocol || (protocol === "http" && !isLoopbackHost(url.hostname))) {
    throw failed(
      settings,
      "assumeRole",
      `the STS endpoint from ${from} must use https:// (or http:// for loopback)`,
    );
  }
  return { host: url.host, protocol, from };
}

/** Assumes `settings.assumeRole` with `base`, through STS AssumeRole. */
export async function assumeRole(
  base: Credentials,
  settings: AccountSettings,
  env: Readonly<Record<string, string | undefined>>,
): Promise<Credentials> {
  const role = settings.assumeRole;
  if (!role) return base;
  const known = [base.accessKeySecret, base.securityToken ?? "", base.accessKeyId];
  const endpoint = stsEndpoint(settings, env);
  try {
    const previous = base.securityToken
      ? StaticSTSCredentialsProvider.builder()
          .withAccessKeyId(base.accessKeyId)
          .withAccessKeySecret(base.accessKeySecret)
          .withSecurityToken(base.securityToken)
          .build()
      : StaticAKCredentialsProvider.builder()
          .withAccessKeyId(base.accessKeyId)
          .withAccessKeySecret(base.accessKeySecret)
          .build();
    let builder = RAMRoleARNCredentialsProvider.builder()
      .withCredentialsProvider(previous)
      .withRoleArn(role.roleArn)
      .withRoleSessionName(role.sessionName ?? `kms-secrets-${Date.now()}`)
      .withDurationSeconds(role.sessionExpiration ?? DEFAULT_SESSION_SECONDS);
    if (role.policy) builder = builder.withPolicy(role.policy);
    if (role.externalId) builder = builder.withExternalId(role.externalId);
    const stsRegion = env["ALIBABA_CLOUD_STS_REGION"]?.trim();
    if (endpoint) builder = builder.withStsEndpoint(endpoint.host);
    else if (stsRegion) builder = builder.withStsRegionId(stsRegion);
    const provider = builder.build();
    if (endpoint?.protocol === "http") redirect(provider, { protocol: "http" });
    const source = `${fieldName(settings, "assumeRole")} ${role.roleArn} (from ${base.source})`;
    return await fromProvider(provider, source);
  } catch (err) {
    const via = endpoint ? ` at ${endpoint.from}` : "";
    const reason = `assuming ${role.roleArn}${via} with ${base.source}: ${libraryReason(err)}`;
    throw failed(settings, "assumeRole", reason, known);
  }
}
