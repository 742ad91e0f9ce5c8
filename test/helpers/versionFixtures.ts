/** Seed secrets with a version history (ACSCurrent, ACSPrevious, custom and deprecated versions). */
import type { SeedSecret } from "../../emulator";

/** Four versions: v1 deprecated (no stage), v2 ACSPrevious, v3 custom "Blue", v4 ACSCurrent. */
export const rotated: SeedSecret = {
  SecretName: "app/rotated",
  SecretType: "Generic",
  CreateTime: "2024-01-01T00:00:00Z",
  Versions: [
    { VersionId: "v1", CreateTime: "2024-01-01T00:00:00Z", SecretData: "pw-one" },
    {
      VersionId: "v2",
      VersionStages: ["ACSPrevious"],
      CreateTime: "2024-02-01T00:00:00Z",
      SecretData: "pw-two",
    },
    {
      VersionId: "v3",
      VersionStages: ["Blue"],
      CreateTime: "2024-03-01T00:00:00Z",
      SecretData: "pw-three",
    },
    {
      VersionId: "v4",
      VersionStages: ["ACSCurrent"],
      CreateTime: "2024-04-01T00:00:00Z",
      SecretData: "pw-four",
    },
  ],
};

/** An RDS secret: JSON value with AccountName / AccountPassword. */
export const rdsSecret: SeedSecret = {
  SecretName: "db/rds",
  SecretType: "Rds",
  SecretData: '{"AccountName":"app","AccountPassword":"rds-pw"}',
  VersionId: "r1",
};

/** A RAM credentials secret. */
export const ramSecret: SeedSecret = {
  SecretName: "ram/deployer",
  SecretType: "RAMCredentials",
  SecretData:
    '{"AccessKeyId":"testkey-ram","AccessKeySecret":"ram-secret-value","GenerateTimestamp":"2024-01-01T00:00:00Z"}',
  VersionId: "k1",
};

/** A plain-text secret (not JSON). */
export const textSecret: SeedSecret = {
  SecretName: "plain/token",
  SecretData: "not-json-token-value",
  VersionId: "t1",
};

/** A secret with `count` versions, all staged (custom stage per version, the last ACSCurrent). */
export function manyVersions(name: string, count: number): SeedSecret {
  return {
    SecretName: name,
    Versions: Array.from({ length: count }, (_, i) => ({
      VersionId: `m${String(i).padStart(4, "0")}`,
      VersionStages: [i === count - 1 ? "ACSCurrent" : `S${i}`],
      SecretData: `value-${i}`,
    })),
  };
}
