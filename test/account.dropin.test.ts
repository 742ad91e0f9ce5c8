/**
 * `opts.provider` for the drop-in invokes and `getSecretValue*` / `getSecretJson*` under
 * Pulumi mocks: an `@pulumi/alicloud` Provider's keys and region win over the stack's
 * config (which names a key the emulator does not know); another package's is refused.
 */
import * as pulumi from "@pulumi/pulumi";
import type { EmulatorAccessKey, EmulatorHandle } from "../emulator";
import { startEmulator } from "../emulator";
import * as kms from "../sdk/kms";
import {
  getSecretJson,
  getSecretJsonOutput,
  getSecretValue,
  getSecretValueOutput,
} from "../sdk/getSecretValue";
import { clearLookupMemo } from "../sdk/lookupMemo";
import { madeUpKey } from "./helpers/accountFixtures";
import { setPulumiMocks, valueOf } from "./helpers/pulumiMocks";
import {
  alicloudProviderWith,
  PackageProvider,
  unknownKeyStackConfig,
} from "./helpers/providerResources";

let emulator: EmulatorHandle;
const base: EmulatorAccessKey = madeUpKey();
const unknown = madeUpKey();
const JSON_VALUE = JSON.stringify({ AccountName: "app", AccountPassword: "pw-1" });

beforeAll(async () => {
  emulator = await startEmulator({
    accessKeys: [base],
    seed: [
      { SecretName: "db", SecretData: JSON_VALUE },
      { SecretName: "plain", SecretData: "v-plain" },
    ],
  });
});
afterAll(() => emulator.close());

beforeEach(async () => {
  await setPulumiMocks(unknownKeyStackConfig(unknown, emulator.endpoint));
  clearLookupMemo();
});

function alicloudProvider(name: string, region = "ap-southeast-1"): pulumi.ProviderResource {
  return alicloudProviderWith(base, name, { region });
}

test("kms.getSecrets / getSecretsOutput use the provider's keys and region", async () => {
  const provider = alicloudProvider("sg");
  const plain = await kms.getSecrets({}, { provider });
  expect(plain.names).toEqual(["db", "plain"]);
  const output = await valueOf(kms.getSecretsOutput({}, { provider }));
  expect(output.names).toEqual(["db", "plain"]);
  // the region is in the id: another region's provider gives another id
  const hz = await kms.getSecrets({}, { provider: alicloudProvider("hz", "cn-hangzhou") });
  expect(hz.id).not.toBe(plain.id);
  expect(output.id).toBe(plain.id);
  await expect(kms.getSecrets({})).rejects.toThrow(/InvalidAccessKeyId/);
});

test("kms.getSecretVersions / getSecretVersionsOutput use the provider's keys and region", async () => {
  const provider = alicloudProvider("sg-v");
  const args = { secretName: "plain", enableDetails: true };
  const plain = await kms.getSecretVersions(args, { provider });
  expect(plain.versions.map((v) => v.secretData)).toEqual(["v-plain"]);
  const output = await valueOf(kms.getSecretVersionsOutput(args, { provider }));
  expect(output.versions.map((v) => v.secretData)).toEqual(["v-plain"]);
  const hz = await kms.getSecretVersions(args, {
    provider: alicloudProvider("hz-v", "cn-hangzhou"),
  });
  expect(hz.id).not.toBe(plain.id);
  expect(output.id).toBe(plain.id);
  await expect(kms.getSecretVersions(args)).rejects.toThrow(/InvalidAccessKeyId/);
});

test("getSecretValue* / getSecretJson* use the provider's keys, and one opts.parent passes down", async () => {
  const provider = alicloudProvider("sg-value");
  expect(await getSecretValue({ secretName: "plain" }, { provider })).toBe("v-plain");
  expect(await valueOf(getSecretValueOutput({ secretName: "plain" }, { provider }))).toBe(
    "v-plain",
  );
  const rds = await getSecretJson({ secretName: "db", kind: "rds" }, { provider });
  expect(rds.AccountPassword).toBe("pw-1");
  const parent = new pulumi.ComponentResource(
    "test:index:Group",
    "g",
    {},
    { providers: [provider] },
  );
  const viaParent = await valueOf(
    getSecretJsonOutput({ secretName: "db", kind: "rds" }, { parent }),
  );
  expect(viaParent.AccountName).toBe("app");
  await expect(getSecretValue({ secretName: "plain" })).rejects.toThrow(/InvalidAccessKeyId/);
});

test("the provider's region is read (a bad one is refused before any request)", async () => {
  emulator.resetStats();
  const provider = alicloudProvider("bad-region", "not a region!");
  await expect(getSecretValue({ secretName: "plain" }, { provider })).rejects.toThrow(/region/);
  await expect(kms.getSecretVersions({ secretName: "plain" }, { provider })).rejects.toThrow(
    /region/,
  );
  expect(emulator.stats().requests).toBe(0);
});

test("another package's provider is refused, naming it, by every form", async () => {
  const provider = new PackageProvider("aws", "aws", { region: "us-east-1" });
  const refused = /opts\.provider is a pulumi:providers:aws provider/;
  await expect(kms.getSecretVersions({ secretName: "plain" }, { provider })).rejects.toThrow(
    refused,
  );
  await expect(getSecretValue({ secretName: "plain" }, { provider })).rejects.toThrow(refused);
  await expect(getSecretJson({ secretName: "db" }, { provider })).rejects.toThrow(refused);
  await expect(kms.getSecrets({}, { provider })).rejects.toThrow(refused);
  expect(() => kms.getSecretVersionsOutput({ secretName: "plain" }, { provider })).toThrow(refused);
  expect(() => getSecretValueOutput({ secretName: "plain" }, { provider })).toThrow(refused);
  expect(() => getSecretJsonOutput({ secretName: "db" }, { provider })).toThrow(refused);
  expect(() => kms.getSecretsOutput({}, { provider })).toThrow(refused);
});
