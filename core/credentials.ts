/**
 * Where the access key comes from, read at call time and returned to the caller only:
 * nothing here is stored on an object that Pulumi could serialize into state.
 *
 * Order (docs/pulumi.md "Account and region"):
 * 1. the chosen settings (an explicit provider's, else the stack's `alicloud:*` config):
 *    accessKey/secretKey, profile, credentialsUri, ecsRoleName (credentialSettings.ts);
 * 2. environment: ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET / _SECURITY_TOKEN, then the
 *    ALICLOUD_ACCESS_KEY / ALICLOUD_SECRET_KEY / ALICLOUD_SECURITY_TOKEN aliases;
 * 3. the standard chain of `@alicloud/credentials`: OIDC role (ALIBABA_CLOUD_ROLE_ARN,
 *    ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE), the CLI profile in
 *    ~/.aliyun/config.json, ~/.alibabacloud/credentials, the ECS RAM role, and
 *    ALIBABA_CLOUD_CREDENTIALS_URI.
 *
 * We build step 3 from the library's own providers rather than calling its
 * `DefaultCredentialsProvider`, for two reasons read off its source (2.4.x):
 * - the default chain always probes the ECS metadata service (100.100.100.200) unless
 *   ALIBABA_CLOUD_ECS_METADATA_DISABLED=true, which off ECS costs seconds of connect
 *   timeouts (and can hang a test run). We ask for the ECS RAM role only when
 *   ALIBABA_CLOUD_ECS_METADATA names the role, as the Alibaba Cloud CLI docs recommend.
 * - it reads `process.env` only; we pass the values from the caller's `env` explicitly, so
 *   a lookup with its own environment (a test, a Pulumi stack) sees only that environment.
 *   (The library still reads ALIBABA_CLOUD_CREDENTIALS_FILE from `process.env` by itself.)
 */
import os from "node:os";
import path from "node:path";
import {
  CLIProfileCredentialsProvider,
  ECSRAMRoleCredentialsProvider,
  OIDCRoleArnCredentialsProvider,
  ProfileCredentialsProvider,
  URICredentialsProvider,
  type CredentialsProvider,
} from "@alicloud/credentials";
import { chosenSettings, type AccountSettings } from "./accountSettings";
import { assumeRole, baseFromSettings } from "./credentialSettings";
import { KmsError } from "./errors";
import { rememberSecrets } from "./redact";
import { nonBlank } from "./text";

export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  /** Where they came from, e.g. `env ALIBABA_CLOUD_ACCESS_KEY_ID`. Never a value. */
  source: string;
}

export interface CredentialSources {
  env?: Readonly<Record<string, string | undefined>>;
  config?: Readonly<Record<string, string | undefined>>;
  /** Home directory holding `.aliyun/` and `.alibabacloud/`; defaults to `os.homedir()`. */
  homeDir?: string;
  /** The chosen account settings; parsed from `config` when absent. */
  settings?: AccountSettings;
  /** Test hook: the host of the ECS metadata service (default 100.100.100.200). */
  metadataHost?: string;
}

function nonEmpty(value: string | undefined): string | undefined {
  return nonBlank(value, { trim: true });
}

interface KeyTriple {
  id: string;
  secret: string;
  token: string;
  label: string;
}

const ENV_TRIPLES: KeyTriple[] = [
  {
    id: "ALIBABA_CLOUD_ACCESS_KEY_ID",
    secret: "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    token: "ALIBABA_CLOUD_SECURITY_TOKEN",
    label: "env",
  },
  {
    id: "ALICLOUD_ACCESS_KEY",
    secret: "ALICLOUD_SECRET_KEY",
    token: "ALICLOUD_SECURITY_TOKEN",
    label: "env",
  },
];

function incomplete(triple: KeyTriple, missing: string): KmsError {
  return new KmsError({
    code: "Credentials.Incomplete",
    message: `${triple.label} ${missing === triple.id ? triple.secret : triple.id} is set but ${missing} is not: set both, or neither`,
    kind: "config",
  });
}

/** A complete pair from one place, `undefined` if that place has nothing, an error if half. */
function fromTriple(
  values: Readonly<Record<string, string | undefined>>,
  triple: KeyTriple,
): Credentials | undefined {
  const id = nonEmpty(values[triple.id]);
  const secret = nonEmpty(values[triple.secret]);
  if (!id && !secret) return undefined;
  if (!id) throw incomplete(triple, triple.id);
  if (!secret) throw incomplete(triple, triple.secret);
  const token = nonEmpty(values[triple.token]);
  return {
    accessKeyId: id,
    accessKeySecret: secret,
    ...(token ? { securityToken: token } : {}),
    source: `${triple.label} ${triple.id}`,
  };
}

interface ChainLink {
  /** Human name of the place, for the "looked in" list. */
  where: string;
  /** The provider, or why it was skipped. */
  provider: CredentialsProvider | string;
}

function isTrue(value: string | undefined): boolean {
  return value?.toLowerCase() === "true";
}

/** Assigns the library's "used for mock" home directory field, so tests can point elsewhere. */
function withHome<T extends object>(provider: T, homeDir: string): T {
  (provider as { homedir?: string }).homedir = homeDir;
  return provider;
}

/**
 * Builds a chain link's provider. The library's builders may throw (they also read
 * `process.env` themselves, e.g. ALIBABA_CLOUD_CLI_PROFILE_DISABLED): that makes the link a
 * place we looked in, with the reason, never an untyped error for the caller.
 */
function built(build: () => CredentialsProvider): CredentialsProvider | string {
  try {
    return build();
  } catch (err) {
    return shortReason(err);
  }
}

function standardChain(
  env: Readonly<Record<string, string | undefined>>,
  homeDir: string,
): ChainLink[] {
  const links: ChainLink[] = [];
  const roleArn = nonEmpty(env["ALIBABA_CLOUD_ROLE_ARN"]);
  const oidcProviderArn = nonEmpty(env["ALIBABA_CLOUD_OIDC_PROVIDER_ARN"]);
  const oidcTokenFile = nonEmpty(env["ALIBABA_CLOUD_OIDC_TOKEN_FILE"]);
  if (roleArn && oidcProviderArn && oidcTokenFile) {
    let builder = OIDCRoleArnCredentialsProvider.builder()
      .withRoleArn(roleArn)
      .withOIDCProviderArn(oidcProviderArn)
      .withOIDCTokenFilePath(oidcTokenFile);
    const session = nonEmpty(env["ALIBABA_CLOUD_ROLE_SESSION_NAME"]);
    if (session) builder = builder.withRoleSessionName(session);
    const stsRegion = nonEmpty(env["ALIBABA_CLOUD_STS_REGION"]);
    if (stsRegion) builder = builder.withStsRegionId(stsRegion);
    const oidc = builder;
    links.push({
      where: "OIDC role (ALIBABA_CLOUD_ROLE_ARN, ...)",
      provider: built(() => oidc.build()),
    });
  } else {
    links.push({
      where: "OIDC role",
      provider:
        "ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE not all set",
    });
  }

  const cliConfig = path.join(homeDir, ".aliyun", "config.json");
  if (isTrue(env["ALIBABA_CLOUD_CLI_PROFILE_DISABLED"])) {
    links.push({ where: cliConfig, provider: "disabled by ALIBABA_CLOUD_CLI_PROFILE_DISABLED" });
  } else {
    const profile = nonEmpty(env["ALIBABA_CLOUD_PROFILE"]);
    let builder = CLIProfileCredentialsProvider.builder();
    if (profile) builder = builder.withProfileName(profile);
    const cli = builder;
    links.push({ where: cliConfig, provider: built(() => withHome(cli.build(), homeDir)) });
  }

  const sharedFile = path.join(homeDir, ".alibabacloud", "credentials");
  {
    const profile = nonEmpty(env["ALIBABA_CLOUD_PROFILE"]) ?? "default";
    const provider = built(() =>
      withHome(ProfileCredentialsProvider.builder().withProfileName(profile).build(), homeDir),
    );
    links.push({ where: sharedFile, provider });
  }

  const ecsRole = nonEmpty(env["ALIBABA_CLOUD_ECS_METADATA"]);
  if (ecsRole && !isTrue(env["ALIBABA_CLOUD_ECS_METADATA_DISABLED"])) {
    const provider = built(() =>
      ECSRAMRoleCredentialsProvider.builder().withRoleName(ecsRole).build(),
    );
    links.push({ where: `ECS RAM role ${ecsRole}`, provider });
  } else {
    links.push({ where: "ECS RAM role", provider: "ALIBABA_CLOUD_ECS_METADATA not set" });
  }

  const uri = nonEmpty(env["ALIBABA_CLOUD_CREDENTIALS_URI"]);
  if (uri) {
    const provider = built(() => URICredentialsProvider.builder().withCredentialsURI(uri).build());
    links.push({ where: "ALIBABA_CLOUD_CREDENTIALS_URI", provider });
  } else {
    links.push({ where: "ALIBABA_CLOUD_CREDENTIALS_URI", provider: "not set" });
  }
  return links;
}

/**
 * Why a chain link failed, in a few words. The library's messages can quote a whole config
 * file (`parse aliyun cli config from '...' failed: <content>`), so only the part before a
 * quoted body is kept, and it is redacted by the KmsError that carries it.
 */
function shortReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const head = message.split(/ failed: |\n/)[0] ?? "";
  if (/reading .* failed|ENOENT|no such file/i.test(message)) return "not found";
  return head.length > 160 ? `${head.slice(0, 160)}...` : head;
}

/**
 * Finds credentials, or throws a KmsError listing every place it looked. A role in the
 * settings' `assumeRole` is assumed with whatever was found. The values found are
 * remembered by the redactor (core/errors.ts), so no later error of this process shows them.
 */
export async function resolveCredentials(sources: CredentialSources = {}): Promise<Credentials> {
  const env = sources.env ?? process.env;
  const homeDir = sources.homeDir ?? os.homedir();
  const settings = sources.settings ?? chosenSettings(undefined, sources.config);
  const base =
    (await baseFromSettings(settings, { env, homeDir, metadataHost: sources.metadataHost })) ??
    (await fromEnvOrChain(env, homeDir, settings));
  rememberCredentials(base);
  const found = await assumeRole(base, settings, env);
  rememberCredentials(found);
  return found;
}

function rememberCredentials(credentials: Credentials): void {
  rememberSecrets([
    credentials.accessKeySecret,
    credentials.securityToken,
    credentials.accessKeyId,
  ]);
}

async function fromEnvOrChain(
  env: Readonly<Record<string, string | undefined>>,
  homeDir: string,
  settings: AccountSettings,
): Promise<Credentials> {
  for (const triple of ENV_TRIPLES) {
    const found = fromTriple(env, triple);
    if (found) return found;
  }
  const looked: string[] = [
    settings.origin === "provider"
      ? "opts.provider (no accessKey, profile, credentialsUri or ecsRoleName)"
      : "Pulumi config alicloud:accessKey/alicloud:secretKey, profile, credentialsUri, ecsRoleName (not set)",
    "env ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET (not set)",
    "env ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY (not set)",
  ];
  const secrets: string[] = [];
  for (const link of standardChain(env, homeDir)) {
    if (typeof link.provider === "string") {
      looked.push(`${link.where} (${link.provider})`);
      continue;
    }
    try {
      const found = await link.provider.getCredentials();
      if (found?.accessKeyId && found.accessKeySecret) {
        return {
          accessKeyId: found.accessKeyId,
          accessKeySecret: found.accessKeySecret,
          ...(found.securityToken ? { securityToken: found.securityToken } : {}),
          source: `${link.where} (${found.providerName || link.provider.getProviderName()})`,
        };
      }
      looked.push(`${link.where} (no key)`);
    } catch (err) {
      looked.push(`${link.where} (${shortReason(err)})`);
      if (err instanceof Error) secrets.push(...quotedValues(err.message));
    }
  }
  throw new KmsError({
    code: "Credentials.NotFound",
    message: `no Alibaba Cloud credentials found; looked in: ${looked.join("; ")}`,
    kind: "config",
    known: secrets,
  });
}

/** Values the library may have quoted from a file; scrubbed from our message to be safe. */
function quotedValues(message: string): string[] {
  const out: string[] = [];
  for (const match of message.matchAll(/"([^"]{8,})"/g)) if (match[1]) out.push(match[1]);
  return out;
}
