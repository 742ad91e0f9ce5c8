/**
 * Runs every example program under Pulumi mocks against an emulator started here, the
 * program pointed at it only through stack config (`alicloud:*`, `kms-secrets:endpoint`),
 * and checks the exported outputs against the emulator's own seed data.
 */
import * as pulumi from "@pulumi/pulumi";
import { demoSecrets, startEmulator, type EmulatorHandle, type SeedSecret } from "../emulator";
import {
  SECRETS_LOOKUP_TOKEN,
  emulatorStackConfig,
  hasNoUndefined,
  setPulumiMocks,
  sortedNames,
  tagsOf,
  testAccessKey,
  valueOf,
  unwrapSecrets,
  type MockRecorder,
} from "./helpers/pulumiMocks";

const SEED: SeedSecret[] = demoSecrets(60);
const key = testAccessKey();
const ACCOUNT_ID = "5555666677778888";
let emulator: EmulatorHandle;
let recorder: MockRecorder;

beforeAll(async () => {
  emulator = await startEmulator({ seed: SEED, accessKeys: [key], accountId: ACCOUNT_ID });
  recorder = await setPulumiMocks(emulatorStackConfig(emulator, key));
});

afterAll(async () => {
  await emulator?.close();
});

/** Loads an example program (its top level runs once) and returns its exports. */
function runExample(name: string): Record<string, pulumi.Output<unknown>> {
  return require(`../examples/${name}/index.ts`) as Record<string, pulumi.Output<unknown>>;
}

function output<T>(
  program: Record<string, pulumi.Output<unknown>>,
  name: string,
): pulumi.Output<T> {
  const value = program[name];
  if (!pulumi.Output.isInstance(value)) throw new Error(`example does not export ${name}`);
  return value as pulumi.Output<T>;
}

const isProd = (s: SeedSecret) => tagsOf(s)["env"] === "prod";

describe("example programs under mocks", () => {
  test("basic exports every secret name, sorted, and the region", async () => {
    const program = runExample("basic");
    expect(await valueOf(output(program, "region"))).toBe(emulator.region);
    expect(await valueOf(output(program, "secretNames"))).toEqual(sortedNames(SEED));
    expect(await valueOf(output(program, "secretCount"))).toBe(SEED.length);
  });

  test("filtered exports the Generic secrets tagged env=prod, with their full tag sets", async () => {
    const program = runExample("filtered");
    const expected = SEED.filter((s) => s.SecretType === "Generic" && isProd(s));
    expect(expected.length).toBeGreaterThan(3);
    expect(await valueOf(output(program, "names"))).toEqual(sortedNames(expected));
    const secrets = await valueOf(
      output<{ secretName: string; secretType: string; tags: Record<string, string> }[]>(
        program,
        "secrets",
      ),
    );
    for (const secret of secrets) {
      const seed = expected.find((s) => s.SecretName === secret.secretName);
      expect(secret.secretType).toBe("Generic");
      expect(secret.tags).toEqual(tagsOf(seed as SeedSecret));
    }
    expect(hasNoUndefined(secrets)).toBe(true);
    expect(await valueOf(output(program, "scheduledForDeletion"))).toEqual(
      sortedNames(expected.filter((s) => s.PlannedDeleteTime !== undefined)),
    );
  });

  test("reference turns the checkout/prod secret names into a RAM policy document", async () => {
    const program = runExample("reference");
    const expected = SEED.filter((s) => tagsOf(s)["app"] === "checkout" && isProd(s));
    expect(expected.length).toBeGreaterThan(0);
    expect(await valueOf(output(program, "secretNames"))).toEqual(sortedNames(expected));
    const document = JSON.parse(await valueOf(output<string>(program, "policyDocument")));
    expect(document).toEqual({
      Version: "1",
      Statement: [
        {
          Effect: "Allow",
          Action: ["kms:GetSecretValue", "kms:DescribeSecret"],
          Resource: sortedNames(expected).map((n) => `acs:kms:${emulator.region}:*:secret/${n}`),
        },
      ],
    });
    const component = recorder.resources.find(
      (r) => r.type === "kms-secrets-examples:index:SecretReaderPolicy",
    );
    expect(component?.name).toBe("checkout-secrets-reader");
  });

  test("app-access grants read on the catalog/prod secrets' ARNs and gives the RDS account its stored password", async () => {
    const program = runExample("app-access");
    const mine = SEED.filter((s) => tagsOf(s)["app"] === "catalog" && isProd(s));
    const rds = mine.filter((s) => s.SecretType === "Rds");
    expect(rds).toHaveLength(1);
    const dbSecret = rds[0] as SeedSecret;
    expect(await valueOf(output(program, "readableSecrets"))).toEqual(sortedNames(mine));
    expect(await valueOf(output(program, "dbSecretName"))).toBe(dbSecret.SecretName);

    // the resources' outputs resolve once they are registered
    expect(await valueOf(output(program, "policyName"))).toBe("catalog-prod-secrets-read");
    const policy = recorder.resources.find((r) => r.type === "alicloud:ram/policy:Policy");
    expect(policy?.inputs["policyName"]).toBe("catalog-prod-secrets-read");
    const document = JSON.parse(String(policy?.inputs["policyDocument"]));
    expect(document.Statement).toEqual([
      {
        Effect: "Allow",
        Action: ["kms:GetSecretValue", "kms:DescribeSecret"],
        Resource: sortedNames(mine).map(
          (n) => `acs:kms:${emulator.region}:${ACCOUNT_ID}:secret/${n}`,
        ),
      },
    ]);

    const stored = JSON.parse(dbSecret.SecretData as string) as Record<string, string>;
    expect(await valueOf(output(program, "dbAccountName"))).toBe(stored["AccountName"]);
    const account = recorder.resources.find((r) => r.type === "alicloud:rds/account:Account");
    expect(account?.inputs["accountName"]).toBe(stored["AccountName"]);
    // the password arrives as a serialized secret, never as a plain input
    expect(account?.inputs["accountPassword"]).not.toBe(stored["AccountPassword"]);
    expect(unwrapSecrets(account?.inputs["accountPassword"])).toBe(stored["AccountPassword"]);
  });

  test("drift registers a SecretsLookup whose outputs match the env=prod secrets", async () => {
    const program = runExample("drift");
    const expected = SEED.filter(isProd);
    expect(await valueOf(output(program, "names"))).toEqual(sortedNames(expected));
    expect(await valueOf(output(program, "secretCount"))).toBe(expected.length);
    expect(await valueOf(output<string>(program, "fingerprint"))).toMatch(/^[0-9a-f]{64}$/);

    const registered = recorder.resources.find((r) => r.type === SECRETS_LOOKUP_TOKEN);
    expect(registered?.name).toBe("prod-secrets");
    expect(registered?.inputs).toMatchObject({ tags: { env: "prod" }, fetchTags: true });
    const provider = String(registered?.inputs["__provider"]);
    expect(provider).toContain('"pulumi-alicloud-kms-secrets/provider"');
    expect(provider).not.toContain(key.accessKeySecret);
    expect(provider).not.toContain(key.securityToken);
  });
});
