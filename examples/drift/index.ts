// drift: keep a listing in state so the pipeline notices when secrets change.
//
//   pulumi preview --expect-no-changes                    # fails if the live set differs from state
//   pulumi refresh --preview-only --expect-no-changes     # the same question, asked of refresh
//
// A SecretsLookup stores the sorted metadata and a fingerprint of it. Secrets added,
// removed, retyped, retagged or scheduled for deletion change the fingerprint, which
// the provider's diff reports as a change.
import * as pulumi from "@pulumi/pulumi";
import * as kmsSecrets from "pulumi-alicloud-kms-secrets";

const config = new pulumi.Config();
const env = config.get("env") ?? "prod";

const watched = new kmsSecrets.SecretsLookup(`${env}-secrets`, {
  tags: { env },
  fetchTags: true,
});

export const names = watched.names;
export const fingerprint = watched.fingerprint;
export const secretCount = watched.ids.apply((ids) => ids.length);
