// filtered: secrets of one type that carry one tag, with their types and tags.
//
// `filters` go to KMS (server side, OR within a key, AND across keys); `tags` are then
// matched exactly on the client against every secret's full tag set, so a secret with
// extra tags still matches (the case `alicloud.kms.getSecrets` gets wrong).
import * as pulumi from "@pulumi/pulumi";
import * as kmsSecrets from "pulumi-alicloud-kms-secrets";

const config = new pulumi.Config();
const secretType = config.get("secretType") ?? "Generic";
const env = config.get("env") ?? "prod";

const matching = kmsSecrets.getSecretsOutput({
  filters: { secretType: [secretType] },
  tags: { env },
  fetchTags: true,
});

export const names = matching.names;
export const secrets = matching.secrets.apply((secrets) =>
  secrets.map(({ secretName, secretType, tags }) => ({ secretName, secretType, tags })),
);
/** Secrets scheduled for deletion among them: worth an alert before they disappear. */
export const scheduledForDeletion = matching.secrets.apply((secrets) =>
  secrets.filter((s) => s.plannedDeleteTime !== undefined).map((s) => s.secretName),
);
