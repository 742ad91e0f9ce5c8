import * as pulumi from "@pulumi/pulumi";

export interface SecretReaderPolicyArgs {
  /** The secrets the reader may read. */
  secretNames: pulumi.Input<pulumi.Input<string>[]>;
  region: pulumi.Input<string>;
  /** The Alibaba Cloud account id the secrets live in; `*` matches any. */
  accountId?: pulumi.Input<string>;
}

/**
 * A RAM policy document that lets an application read exactly the given secrets:
 * `kms:GetSecretValue` and `kms:DescribeSecret` on `acs:kms:<region>:<account>:secret/<name>`.
 *
 * `policyDocument` is the JSON string `alicloud.ram.Policy` takes:
 * `new alicloud.ram.Policy("reader", { policyName: "app-secrets-read", policyDocument: reader.policyDocument })`.
 */
export class SecretReaderPolicy extends pulumi.ComponentResource {
  readonly policyDocument: pulumi.Output<string>;
  readonly resources: pulumi.Output<string[]>;

  constructor(name: string, args: SecretReaderPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("kms-secrets-examples:index:SecretReaderPolicy", name, {}, opts);
    const accountId = args.accountId ?? "*";
    this.resources = pulumi
      .all([args.secretNames, args.region, accountId])
      .apply(([names, region, account]) =>
        names.map((secretName) => `acs:kms:${region}:${account}:secret/${secretName}`),
      );
    this.policyDocument = this.resources.apply((resources) =>
      JSON.stringify({
        Version: "1",
        Statement: [
          // RAM rejects an empty Resource list: with no secrets, allow nothing.
          resources.length > 0
            ? {
                Effect: "Allow",
                Action: ["kms:GetSecretValue", "kms:DescribeSecret"],
                Resource: resources,
              }
            : { Effect: "Deny", Action: ["kms:GetSecretValue"], Resource: ["*"] },
        ],
      }),
    );
    this.registerOutputs({ policyDocument: this.policyDocument, resources: this.resources });
  }
}
