// reference: feed secret names into another resource's inputs.
//
// The names of one application's secrets (by tag) become a least-privilege RAM policy
// document. With @pulumi/alicloud installed, pass it straight to a RAM policy:
//
//   import * as alicloud from "@pulumi/alicloud";
//   new alicloud.ram.Policy("app-secrets-read", {
//     policyName: `${app}-secrets-read`,
//     policyDocument: reader.policyDocument,
//   });
//
// (This example leaves that resource out so it runs without the alicloud plugin.)
import * as pulumi from "@pulumi/pulumi";
import * as kmsSecrets from "pulumi-alicloud-kms-secrets";
import { SecretReaderPolicy } from "./secretReaderPolicy";

const config = new pulumi.Config();
const app = config.get("app") ?? "checkout";
const env = config.get("env") ?? "prod";
const accountId = config.get("accountId") ?? "*";

const appSecrets = kmsSecrets.getSecretsOutput({ tags: { app, env } });

const reader = new SecretReaderPolicy(`${app}-secrets-reader`, {
  secretNames: appSecrets.names,
  region: appSecrets.region,
  accountId,
});

export const secretNames = appSecrets.names;
export const policyDocument = reader.policyDocument;
