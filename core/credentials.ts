/**
 * Where the access key comes from, read at call time: the chosen settings, the env key pairs,
 * the peer's variables, then the standard chain. Order: docs/pulumi.md "Account and region".
 */
import os from "node:os";
import { chosenSettings, type AccountSettings } from "./accountSettings";
import { nonEmpty, shortReason, standardChain } from "./credentialChain";
import { refuseConflictingEnv, refuseUnsupportedEnv, withEnvDefaults } from "./credentialEnv";
import { assumeRole, baseFromSettings, baseKind, type SettingsContext } from "./credentialSettings";
import { KmsError } from "./errors";
import { rememberSecrets } from "./redact";

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
  {
    id: "ALIBABACLOUD_ACCESS_KEY_ID",
    secret: "ALIBABACLOUD_ACCESS_KEY_SECRET",
    token: "ALIBABACLOUD_SECURITY_TOKEN",
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

/**
 * Finds credentials, or throws a KmsError listing every place it looked. A role in the
 * settings' `assumeRole` (or `ALICLOUD_ASSUME_ROLE_ARN`) is assumed with whatever was found.
 * The values found are remembered by the redactor, so no later error of this process shows them.
 * The settings are filled from the environment by `withEnvDefaults`, as for the region: a base
 * the chosen settings give is completed from the environment (e.g. the profile's file); the
 * env key pairs come before a base the environment alone gives.
 */
export async function resolveCredentials(sources: CredentialSources = {}): Promise<Credentials> {
  const env = sources.env ?? process.env;
  refuseUnsupportedEnv(env);
  const homeDir = sources.homeDir ?? os.homedir();
  const settings = withEnvDefaults(
    sources.settings ?? chosenSettings(undefined, sources.config),
    env,
  );
  const ctx: SettingsContext = { env, homeDir, metadataHost: sources.metadataHost };
  const chosenKind = baseKind(withoutEnvFields(settings));
  const base =
    (chosenKind ? await baseFromSettings(settings, ctx, chosenKind) : undefined) ??
    (await fromEnvOrChain(ctx, settings));
  rememberCredentials(base);
  const found = await assumeRole(base, settings, env);
  rememberCredentials(found);
  return found;
}

/** The settings without the fields the environment filled: what the chosen settings give. */
function withoutEnvFields(settings: AccountSettings): AccountSettings {
  const own: Record<string, unknown> = { ...settings };
  for (const [key, origin] of Object.entries(settings.fieldOrigins ?? {})) {
    if (origin === "env") delete own[key];
  }
  return own as unknown as AccountSettings;
}

function rememberCredentials(credentials: Credentials): void {
  rememberSecrets([
    credentials.accessKeySecret,
    credentials.securityToken,
    credentials.accessKeyId,
  ]);
}

async function fromEnvOrChain(
  ctx: SettingsContext,
  settings: AccountSettings,
): Promise<Credentials> {
  const { env, homeDir } = ctx;
  refuseConflictingEnv(env, ["access key id", "access key secret", "security token"]);
  for (const triple of ENV_TRIPLES) {
    const found = fromTriple(env, triple);
    if (found) return found;
  }
  // ALICLOUD_PROFILE, ALICLOUD_SHARED_CREDENTIALS_FILE, ALICLOUD_CREDENTIALS_URI, ALICLOUD_ECS_ROLE_NAME
  const fromPeerEnv = await baseFromSettings(settings, ctx);
  if (fromPeerEnv) return fromPeerEnv;
  const looked: string[] = [
    settings.origin === "provider"
      ? "opts.provider (no accessKey, profile, credentialsUri or ecsRoleName)"
      : "Pulumi config alicloud:accessKey/alicloud:secretKey, profile, credentialsUri, ecsRoleName (not set)",
    "env ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET (not set)",
    "env ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY (not set)",
    "env ALIBABACLOUD_ACCESS_KEY_ID/ALIBABACLOUD_ACCESS_KEY_SECRET (not set)",
    "env ALICLOUD_PROFILE, ALICLOUD_SHARED_CREDENTIALS_FILE, ALICLOUD_CREDENTIALS_URI, ALICLOUD_ECS_ROLE_NAME (not set)",
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
