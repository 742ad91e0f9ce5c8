/**
 * A deterministic, realistic demo set: mixed secret types, several tags per secret
 * (env/team/app, sometimes more, sometimes none), some scheduled for deletion, names
 * with `/`, `.` and unicode. The same N always gives the same secrets.
 */
import { seededRandom } from "./prng";
import { isoSeconds } from "./seed";
import type { SeedSecret, SecretTag } from "./types";

const ENVS = ["prod", "staging", "dev"] as const;
const TEAMS = ["payments", "identity", "search", "platform", "data"] as const;
const APPS = ["checkout", "ledger", "login", "catalog", "ingest", "billing", "gateway"] as const;
const KINDS = [
  "db-password",
  "api-key",
  "oauth-client",
  "tls-key",
  "webhook-token",
  "config",
] as const;
const TYPES = [
  "Generic",
  "Generic",
  "Generic",
  "Rds",
  "Redis",
  "RAMCredentials",
  "ECS",
  "PolarDB",
] as const;
const UNICODE_WORDS = ["密钥", "münchen", "café", "ключ", "東京"] as const;
const START_MS = Date.parse("2023-01-02T03:04:05Z");
const ACCOUNT = "1234567890123456";

function pick<T>(list: readonly T[], r: () => number): T {
  return list[Math.floor(r() * list.length)] as T;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function nameFor(
  i: number,
  env: string,
  team: string,
  app: string,
  kind: string,
  r: () => number,
): string {
  const id = pad(i, 5);
  switch (i % 6) {
    case 0:
      return `${env}/${team}/${app}/${kind}-${id}`;
    case 1:
      return `${app}.${env}.${kind}.${id}`;
    case 2:
      return `${team}-${app}-${kind}-${id}`;
    case 3:
      return `${env}/${app}/${pick(UNICODE_WORDS, r)}-${id}`;
    case 4:
      return `${app}_${kind}@${env}.${id}`;
    default:
      return `/${team}/${env}/${kind}+v2=${id}`;
  }
}

function tagsFor(i: number, env: string, team: string, app: string, r: () => number): SecretTag[] {
  if (i % 11 === 7) return [];
  const tags: SecretTag[] = [
    { TagKey: "env", TagValue: env },
    { TagKey: "team", TagValue: team },
    { TagKey: "app", TagValue: app },
  ];
  if (r() < 0.3)
    tags.push({ TagKey: "cost-center", TagValue: `cc-${pad(Math.floor(r() * 40), 3)}` });
  if (r() < 0.15) tags.push({ TagKey: "owner", TagValue: `${team}-oncall@example.com` });
  if (i % 9 === 4) tags.push({ TagKey: "managed-by", TagValue: "pulumi" });
  return tags;
}

function dataFor(
  type: string,
  name: string,
  r: () => number,
): Pick<SeedSecret, "SecretData" | "SecretDataType"> {
  const token = Math.floor(r() * 2 ** 48).toString(36);
  switch (type) {
    case "Rds":
    case "PolarDB":
      return {
        SecretDataType: "text",
        SecretData: JSON.stringify({ AccountName: "app_user", AccountPassword: `demo-${token}` }),
      };
    case "RAMCredentials":
      return {
        SecretDataType: "text",
        SecretData: JSON.stringify({
          AccessKeyId: `demo-ak-${token}`,
          AccessKeySecret: `demo-sk-${token}`,
          GenerateTimestamp: "2024-01-01T00:00:00Z",
        }),
      };
    case "ECS":
      return {
        SecretDataType: "text",
        SecretData: JSON.stringify({ UserName: "root", Password: `demo-${token}` }),
      };
    default:
      if (name.includes("tls-key")) {
        return {
          SecretDataType: "binary",
          SecretData: Buffer.from(`demo-binary-${token}`).toString("base64"),
        };
      }
      return { SecretDataType: "text", SecretData: `demo-${token}` };
  }
}

/** The demo set of `n` secrets (deterministic). */
export function demoSecrets(n: number): SeedSecret[] {
  const count = Math.max(0, Math.floor(n));
  const r = seededRandom(20160120);
  const secrets: SeedSecret[] = [];
  for (let i = 0; i < count; i++) {
    const env = pick(ENVS, r);
    const team = pick(TEAMS, r);
    const app = pick(APPS, r);
    const kind = pick(KINDS, r);
    const type = i % 4 === 0 ? (TYPES[(i / 4) % TYPES.length] as string) : "Generic";
    const SecretName = nameFor(i, env, team, app, kind, r);
    const createdAt = START_MS + i * 137_000 + Math.floor(r() * 60_000);
    const updatedAt = createdAt + Math.floor(r() * 90 * 86_400_000);
    const secret: SeedSecret = {
      SecretName,
      SecretType: type,
      CreateTime: isoSeconds(createdAt),
      UpdateTime: isoSeconds(updatedAt),
      Tags: { Tag: tagsFor(i, env, team, app, r) },
      OwingService: "",
      Description: i % 5 === 2 ? "" : `${app} ${kind} for ${env}`,
      EncryptionKeyId: `key-hzz6${pad(i % 97, 4)}demo`,
      Creator: i % 3 === 0 ? ACCOUNT : `${ACCOUNT}:ram/${team}-deployer`,
      VersionId: `v${1 + (i % 4)}`,
      VersionStages: ["ACSCurrent"],
      ...dataFor(type, SecretName, r),
    };
    if (i % 10 === 3) secret.DKMSInstanceId = `kst-hzz6${pad(i % 3, 3)}demo`;
    if (type !== "Generic") {
      secret.AutomaticRotation = "Enabled";
      secret.RotationInterval = "604800s";
      secret.LastRotationDate = isoSeconds(updatedAt);
      secret.NextRotationDate = isoSeconds(updatedAt + 7 * 86_400_000);
      secret.ExtendedConfig = JSON.stringify({
        SecretSubType: "SingleUser",
        DBInstanceId: `rm-demo${pad(i, 5)}`,
      });
    } else {
      secret.AutomaticRotation = "Disabled";
    }
    if (i % 13 === 5) secret.PlannedDeleteTime = isoSeconds(updatedAt + 30 * 86_400_000);
    secrets.push(secret);
  }
  return secrets;
}
