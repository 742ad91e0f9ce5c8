/**
 * Which region a lookup runs in: the argument, then the chosen settings' region, then the
 * region environment variables, then the chosen profile's `region_id` (in detail:
 * docs/pulumi.md "Account and region").
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { REGION_PATTERN } from "./args";
import { chosenSettings, fieldName, type AccountSettings } from "./accountSettings";
import { ArgumentError } from "./args";
import { nonEmpty } from "./credentialChain";
import { refuseConflictingEnv, withEnvDefaults } from "./credentialEnv";

export const REGION_ENV_VARS = [
  "ALIBABA_CLOUD_REGION_ID",
  "ALIBABA_CLOUD_REGION",
  "ALICLOUD_REGION",
];

export interface RegionSources {
  config?: Readonly<Record<string, string | undefined>>;
  env?: Readonly<Record<string, string | undefined>>;
  homeDir?: string;
  /** The chosen account settings; parsed from `config` when absent. */
  settings?: AccountSettings;
}

export interface ResolvedRegion {
  region: string;
  /** Where it came from, e.g. `env ALIBABA_CLOUD_REGION_ID`. */
  source: string;
}

/** The `region_id` of the current (or ALIBABA_CLOUD_PROFILE) profile, if readable. */
export function cliProfileRegion(
  homeDir: string,
  profileName: string | undefined,
  configFile?: string,
): { region?: string; note: string } {
  const file = configFile ?? path.join(homeDir, ".aliyun", "config.json");
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return { note: `${file} (not found)` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { note: `${file} (not valid JSON)` };
  }
  if (typeof parsed !== "object" || parsed === null) return { note: `${file} (no profiles)` };
  const { current, profiles } = parsed as { current?: unknown; profiles?: unknown };
  const wanted = profileName ?? (typeof current === "string" && current ? current : "default");
  const profile = Array.isArray(profiles)
    ? (profiles as unknown[]).find(
        (p): p is Record<string, unknown> =>
          typeof p === "object" && p !== null && (p as { name?: unknown }).name === wanted,
      )
    : undefined;
  if (!profile) return { note: `${file} (no profile "${wanted}")` };
  const region = profile["region_id"];
  if (typeof region !== "string" || !region.trim()) {
    return { note: `${file} (profile "${wanted}" has no region_id)` };
  }
  return { region: region.trim(), note: `${file} profile "${wanted}"` };
}

function validated(region: string, source: string): ResolvedRegion {
  if (!REGION_PATTERN.test(region)) {
    throw new ArgumentError([
      {
        path: "region",
        message: `from ${source} ("${region}") must look like a region id, e.g. cn-hangzhou`,
      },
    ]);
  }
  return { region, source };
}

/** Resolves the region or throws an ArgumentError saying how to set one. */
export function resolveRegion(
  argRegion: string | undefined,
  sources: RegionSources = {},
): ResolvedRegion {
  if (argRegion) return validated(argRegion, "the region argument");
  const env = sources.env ?? process.env;
  // filled from the environment exactly as for the credentials, so both read one profile
  const settings = withEnvDefaults(
    sources.settings ?? chosenSettings(undefined, sources.config),
    env,
  );
  if (settings.region) return validated(settings.region, fieldName(settings, "region"));
  refuseConflictingEnv(env, ["region"]);
  for (const name of REGION_ENV_VARS) {
    const value = env[name]?.trim();
    if (value) return validated(value, `env ${name}`);
  }
  // no profile or file chosen: the standard chain's CLI profile (ALIBABA_CLOUD_PROFILE)
  const chainProfile = settings.sharedCredentialsFile
    ? undefined
    : nonEmpty(env["ALIBABA_CLOUD_PROFILE"]);
  const cli = cliProfileRegion(
    sources.homeDir ?? os.homedir(),
    settings.profile ?? chainProfile,
    settings.sharedCredentialsFile,
  );
  if (cli.region) return validated(cli.region, `the Alibaba Cloud CLI config ${cli.note}`);
  throw new ArgumentError([
    {
      path: "region",
      message:
        "is not set: pass `region` (CLI: --region), or set Pulumi config alicloud:region " +
        `(pulumi config set alicloud:region cn-hangzhou), or env ${REGION_ENV_VARS.join(" / ")}, ` +
        `or a region_id in the Alibaba Cloud CLI profile (aliyun configure); looked in ${cli.note}`,
    },
  ]);
}

/** The public KMS endpoint of a region. */
export function defaultEndpoint(region: string): string {
  return `https://kms.${region}.aliyuncs.com`;
}
