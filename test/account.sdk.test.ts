/**
 * `opts.provider` in a program under Pulumi mocks: an `@pulumi/alicloud` Provider's region
 * and keys win over the stack's config; another package's provider is refused naming it.
 * SecretsLookup with a provider: test/pulumi.secretsLookupAccount.test.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import type { EmulatorAccessKey, EmulatorHandle } from "../emulator";
import { getSecrets, getSecretsOutput } from "../sdk/getSecrets";
import { clearLookupMemo } from "../sdk/lookupMemo";
import { BASE_SECRETS, accountEmulator, madeUpKey } from "./helpers/accountFixtures";
import { setPulumiMocks, valueOf } from "./helpers/pulumiMocks";
import {
  alicloudProviderWith,
  PackageProvider,
  unknownKeyStackConfig,
} from "./helpers/providerResources";

let emulator: EmulatorHandle;
let base: EmulatorAccessKey;
const unknown = madeUpKey();

beforeAll(async () => {
  ({ emulator, base } = await accountEmulator());
});
afterAll(() => emulator.close());

beforeEach(async () => {
  await setPulumiMocks(unknownKeyStackConfig(unknown, emulator.endpoint));
  clearLookupMemo();
});

function alicloudProvider(name: string): pulumi.ProviderResource {
  return alicloudProviderWith(base, name, { accountId: "1234" });
}

test("getSecretsOutput and getSecrets use opts.provider's region and keys", async () => {
  const provider = alicloudProvider("sg");
  const result = await valueOf(getSecretsOutput({}, { provider }));
  expect(result.region).toBe("ap-southeast-1");
  expect(result.names).toEqual(BASE_SECRETS);
  const plain = await getSecrets({}, { provider });
  expect(plain.names).toEqual(BASE_SECRETS);
  // without it, the stack's (unknown) key is used and fails
  await expect(getSecrets({})).rejects.toThrow(/InvalidAccessKeyId/);
});

test("a provider passed down by opts.parent is used too", async () => {
  const provider = alicloudProvider("sg-parent");
  const parent = new pulumi.ComponentResource(
    "test:index:Group",
    "group",
    {},
    { providers: [provider] },
  );
  const result = await getSecrets({}, { parent });
  expect(result.region).toBe("ap-southeast-1");
});

test("another package's provider is refused, naming it", () => {
  const aws = new PackageProvider("aws", "aws", { region: "us-east-1" });
  expect(() => getSecretsOutput({}, { provider: aws })).toThrow(
    /opts\.provider is a pulumi:providers:aws provider/,
  );
});

test("a provider setting that cannot be honoured is refused, naming it", async () => {
  const provider = new PackageProvider("alicloud", "oidc", {
    region: "ap-southeast-1",
    assumeRoleWithOidc: JSON.stringify({ roleArn: "r", oidcProviderArn: "p" }),
  });
  await expect(getSecrets({}, { provider })).rejects.toThrow(/opts\.provider\.assumeRoleWithOidc/);
});

test("a provider setting this package does not know is refused too, naming it (not dropped)", async () => {
  const provider = new PackageProvider("alicloud", "future", {
    region: "ap-southeast-1",
    someFutureAccountSetting: "x",
  });
  await expect(getSecrets({}, { provider })).rejects.toThrow(
    /opts\.provider\.someFutureAccountSetting.*not a setting/,
  );
});
