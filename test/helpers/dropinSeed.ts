/** The secrets the drop-in tests and the peer program fixture read. */
import type { SeedSecret } from "../../emulator";
import { rotated } from "./versionFixtures";

const prod = { Tags: { Tag: [{ TagKey: "env", TagValue: "prod" }] } };

export const DROPIN_SEED: SeedSecret[] = [
  {
    SecretName: "app/api-key",
    Description: "the <api> key & more",
    SecretData: "api-key-value",
    VersionId: "a1",
    EncryptionKeyId: "key-1",
    Tags: {
      Tag: [
        { TagKey: "env", TagValue: "prod" },
        { TagKey: "acs:rm:rgId", TagValue: "rg-system" },
      ],
    },
  },
  {
    SecretName: "app/config",
    SecretData: '{"feature":true}',
    VersionId: "c1",
    Tags: { Tag: [{ TagKey: "env", TagValue: "dev" }] },
  },
  { ...rotated, PlannedDeleteTime: "2030-01-01T00:00:00Z" },
  {
    SecretName: "db/password",
    SecretType: "Rds",
    SecretData: '{"AccountName":"app","AccountPassword":"rds-pw"}',
    VersionId: "r1",
    ...prod,
  },
  { SecretName: "other/thing", SecretData: "other-value", VersionId: "o1" },
];
