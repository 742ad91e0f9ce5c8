/**
 * The standard credentials chain from `@alicloud/credentials`' own providers (OIDC role, CLI
 * profile, shared file, named ECS role, URI), each a place looked in with why it gave nothing.
 */
import path from "node:path";
import {
  CLIProfileCredentialsProvider,
  ECSRAMRoleCredentialsProvider,
  OIDCRoleArnCredentialsProvider,
  ProfileCredentialsProvider,
  URICredentialsProvider,
  type CredentialsProvider,
} from "@alicloud/credentials";
import { nonBlank } from "./text";

/** The trimmed value, `undefined` when empty. */
export function nonEmpty(value: string | undefined): string | undefined {
  return nonBlank(value, { trim: true });
}

export interface ChainLink {
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

/** The chain's links in order, each a provider or why it was skipped. */
export function standardChain(
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
export function shortReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const head = message.split(/ failed: |\n/)[0] ?? "";
  if (/reading .* failed|ENOENT|no such file/i.test(message)) return "not found";
  return head.length > 160 ? `${head.slice(0, 160)}...` : head;
}
