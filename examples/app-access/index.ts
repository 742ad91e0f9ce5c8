// app-access: one application's KMS secrets wired into @pulumi/alicloud resources.
//
// - A RAM policy that lets the application read exactly its own secrets, built from the real
//   ARNs that DescribeSecret returns (`enableDetails`), not from names and a guessed account id.
// - A database account whose password is the value of the application's RDS secret
//   (`fetchValues`): the value stays a secret Output all the way into the resource's inputs.
import * as pulumi from "@pulumi/pulumi";
import * as alicloud from "@pulumi/alicloud";
import * as kmsSecrets from "pulumi-alicloud-kms-secrets";

const config = new pulumi.Config();
const app = config.get("app") ?? "catalog";
const env = config.get("env") ?? "prod";
const dbInstanceId = config.get("dbInstanceId") ?? "rm-example";

// Metadata and ARNs of every secret tagged with the application (no values: plain outputs).
const appSecrets = kmsSecrets.getSecretsOutput({ tags: { app, env }, enableDetails: true });
const secretArns = appSecrets.secrets.apply((secrets) =>
  secrets.map((s) => s.arn).filter((arn): arn is string => arn !== undefined),
);

const readPolicy = new alicloud.ram.Policy(`${app}-secrets-read`, {
  policyName: `${app}-${env}-secrets-read`,
  description: `Read the KMS secrets tagged app=${app}, env=${env}`,
  policyDocument: secretArns.apply((arns) =>
    JSON.stringify({
      Version: "1",
      // RAM rejects an empty Resource list: with no secrets, allow nothing.
      Statement: [
        arns.length > 0
          ? {
              Effect: "Allow",
              Action: ["kms:GetSecretValue", "kms:DescribeSecret"],
              Resource: arns,
            }
          : { Effect: "Deny", Action: ["kms:GetSecretValue"], Resource: ["*"] },
      ],
    }),
  ),
});

// The application's RDS secret, with its value: the whole result is a secret Output.
const db = kmsSecrets.getSecretsOutput({
  filters: { secretType: ["Rds"] },
  tags: { app, env },
  fetchValues: true,
});

/** The JSON value KMS keeps for a managed RDS secret. */
interface RdsSecretValue {
  AccountName: string;
  AccountPassword: string;
}

const dbCredentials = db.secrets.apply((secrets): RdsSecretValue => {
  const secret = secrets[0];
  if (secret?.secretData === undefined) {
    throw new Error(`no RDS secret tagged app=${app}, env=${env}`);
  }
  return JSON.parse(secret.secretData) as RdsSecretValue;
});

const account = new alicloud.rds.Account(`${app}-db-account`, {
  dbInstanceId,
  accountName: pulumi.unsecret(dbCredentials.apply((c) => c.AccountName)),
  accountPassword: dbCredentials.apply((c) => c.AccountPassword), // a secret Output
});

export const policyName = readPolicy.policyName;
export const readableSecrets = appSecrets.names;
export const dbSecretName = pulumi.unsecret(db.names.apply((names) => names[0] ?? ""));
export const dbAccountName = account.accountName;
