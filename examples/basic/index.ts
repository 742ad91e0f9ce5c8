// basic: list every KMS secret of the stack's region and export the names.
//
// Region and credentials come from the stack config (`alicloud:region`,
// `alicloud:accessKey`, `alicloud:secretKey`) or the environment, like @pulumi/alicloud.
import * as kmsSecrets from "pulumi-alicloud-kms-secrets";

const all = kmsSecrets.getSecretsOutput();

export const region = all.region;
export const secretNames = all.names;
export const secretCount = all.ids.apply((ids) => ids.length);
