/**
 * Details and values on the Pulumi surface, under mocks against the emulator: values are
 * secret in getSecretsOutput and SecretsLookup, details are not, and the provider returns
 * value-bearing outputs wrapped as engine secrets.
 */
import * as pulumi from "@pulumi/pulumi";
import { SecretsLookup, getSecrets, getSecretsOutput } from "pulumi-alicloud-kms-secrets";
import type { SeedSecret } from "../emulator";
import * as dynamic from "../provider/dynamic";
import { SECRET_SIG, SECRET_SIG_KEY, unwrapSecrets } from "../provider/dynamicState";
import { mayFetchValues } from "../sdk/secretsLookup";
import {
  SECRETS_LOOKUP_TOKEN,
  plaintextPaths,
  settle,
  testAccessKey,
  valueOf,
} from "./helpers/pulumiMocks";
import { useMockedEmulator } from "./helpers/mockedEmulator";

const key = testAccessKey();

/** Values no test would write by accident: a leak check can search for them. */
const valueOfSecret = (i: number): string => `v4lue-${i}-${key.accessKeyId.slice(-6)}`;
const SEED: SeedSecret[] = Array.from({ length: 6 }, (_, i) => ({
  SecretName: `app/secret-${i}`,
  SecretType: "Generic",
  CreateTime: `2024-01-0${i + 1}T00:00:00Z`,
  Description: `secret ${i}`,
  EncryptionKeyId: `key-${i}`,
  SecretData: valueOfSecret(i),
  VersionId: `v${i}`,
  ...(i === 4 ? { Forbidden: true } : {}),
}));

const mocked = useMockedEmulator({ seed: SEED, key });

const VALUES = { fetchValues: true, skipForbidden: true } as const;

describe("getSecrets / getSecretsOutput", () => {
  test("getSecrets returns values in its plain result (documented), with the forbidden list", async () => {
    const result = await getSecrets(VALUES);
    expect(result.forbidden).toEqual(["app/secret-4"]);
    expect(result.secrets.find((s) => s.secretName === "app/secret-0")?.secretData).toBe(
      valueOfSecret(0),
    );
  });

  test("with fetchValues the whole Output is secret; names stay recoverable with unsecret", async () => {
    const result = getSecretsOutput(VALUES);
    const settled = await settle(result);
    expect(settled.secret).toBe(true);
    expect(settled.value?.secrets[1]?.secretData).toBe(valueOfSecret(1));
    expect((await settle(result.secrets)).secret).toBe(true);
    const names = await settle(pulumi.unsecret(result.names));
    expect(names).toMatchObject({ secret: false, value: SEED.map((s) => s.SecretName) });
  });

  test("fetchValues given as an Output is honoured the same way", async () => {
    const settled = await settle(
      getSecretsOutput({ fetchValues: pulumi.output(true), ids: ["app/secret-2"] }),
    );
    expect(settled.secret).toBe(true);
    expect(settled.value?.secrets[0]?.secretData).toBe(valueOfSecret(2));
  });

  test("details alone are metadata: a plain Output with arn and description", async () => {
    const settled = await settle(getSecretsOutput({ enableDetails: true, ids: ["app/secret-3"] }));
    expect(settled.secret).toBe(false);
    expect(settled.value?.secrets[0]).toMatchObject({
      arn: `acs:kms:${mocked.emulator.region}:1234567890123456:secret/app/secret-3`,
      description: "secret 3",
      encryptionKeyId: "key-3",
    });
    expect(settled.value?.secrets[0]).not.toHaveProperty("secretData");
    expect(settled.value?.forbidden).toEqual([]);
  });

  test("a values query and a metadata query of the same secrets do not share a listing", async () => {
    await getSecrets({ ids: ["app/secret-0"] });
    const withValues = await getSecrets({ ids: ["app/secret-0"], fetchValues: true });
    expect(withValues.secrets[0]?.secretData).toBe(valueOfSecret(0));
    expect(mocked.emulator.stats().requestsByAction).toMatchObject({
      ListSecrets: 2,
      GetSecretValue: 1,
    });
  });
});

describe("SecretsLookup", () => {
  function captureSecretOutputs(): {
    seen: (string[] | undefined)[];
    transformation: pulumi.ResourceTransformation;
  } {
    const seen: (string[] | undefined)[] = [];
    return {
      seen,
      transformation: (args) => {
        if (args.type === SECRETS_LOOKUP_TOKEN) {
          seen.push((args.opts as pulumi.CustomResourceOptions).additionalSecretOutputs);
        }
        return undefined;
      },
    };
  }

  test("with fetchValues: secrets and fingerprint are secret outputs; names, ids and forbidden are plain", async () => {
    const { seen, transformation } = captureSecretOutputs();
    const lookup = new SecretsLookup("values", VALUES, { transformations: [transformation] });
    const secrets = await settle(lookup.secrets);
    expect(secrets.secret).toBe(true);
    expect(secrets.value?.find((s) => s.secretName === "app/secret-5")?.secretData).toBe(
      valueOfSecret(5),
    );
    expect((await settle(lookup.fingerprint)).secret).toBe(true);
    expect(await settle(lookup.names)).toMatchObject({ secret: false });
    expect(await settle(lookup.ids)).toMatchObject({ secret: false });
    expect(await settle(lookup.forbidden)).toEqual({
      known: true,
      secret: false,
      value: ["app/secret-4"],
    });
    expect(seen).toEqual([["args", "secrets", "fingerprint"]]);
  });

  test("additionalSecretOutputs: values added for true or an Output, not for false or absent", async () => {
    const { seen, transformation } = captureSecretOutputs();
    const opts = { transformations: [transformation] };
    await valueOf(new SecretsLookup("meta", { enableDetails: true }, opts).urn);
    await valueOf(new SecretsLookup("off", { fetchValues: false }, opts).urn);
    await valueOf(
      new SecretsLookup(
        "later",
        { fetchValues: pulumi.output(true), ...{ skipForbidden: true } },
        opts,
      ).urn,
    );
    expect(seen).toEqual([["args"], ["args"], ["args", "secrets", "fingerprint"]]);
    expect([undefined, false, true, pulumi.output(false)].map(mayFetchValues)).toEqual([
      false,
      false,
      true,
      true,
    ]);
  });

  test("details without values keep secrets and fingerprint plain (and the `ids` argument filters)", async () => {
    const lookup = new SecretsLookup("details", { enableDetails: true, ids: ["app/secret-1"] });
    expect(await valueOf(lookup.names)).toEqual(["app/secret-1"]);
    const secrets = await settle(lookup.secrets);
    expect(secrets.secret).toBe(false);
    expect(secrets.value?.[0]).toMatchObject({ arn: expect.stringContaining("secret-1") });
    expect((await settle(lookup.fingerprint)).secret).toBe(false);
  });
});

describe("the provider's own answers", () => {
  test("check, create, read and update wrap every value-bearing property; diff and update accept wrapped state back", async () => {
    const checked = await dynamic.check({}, { ...VALUES });
    expect(checked.failures).toBeUndefined();
    const inputs = checked.inputs ?? {};
    expect(inputs["fingerprint"]).toMatchObject({ [SECRET_SIG_KEY]: SECRET_SIG });
    const created = await dynamic.create(inputs);
    const read = await dynamic.read(created.id, created.outs as Record<string, unknown>);
    const updated = await dynamic.update(
      created.id,
      created.outs as Record<string, unknown>,
      inputs,
    );
    for (const answer of [checked.inputs, created.outs, read.props, read.inputs, updated.outs]) {
      for (let i = 0; i < SEED.length; i++) {
        expect(plaintextPaths(answer, valueOfSecret(i))).toEqual([]);
      }
      // ... and the fingerprint (a hash of the values) is wrapped wherever it appears
      expect(plaintextPaths(answer, unwrapSecrets(inputs)["fingerprint"] as string)).toEqual([]);
    }
    const plainOuts = unwrapSecrets(created.outs) as Record<string, unknown>;
    expect(JSON.stringify(plainOuts)).toContain(valueOfSecret(0));
    expect(plainOuts["forbidden"]).toEqual(["app/secret-4"]);
    // state handed back wrapped (or plain, as the engine does) compares equal: no drift
    expect(await dynamic.diff(created.id, created.outs as Record<string, unknown>, inputs)).toEqual(
      {
        changes: false,
      },
    );
    expect(await dynamic.diff(created.id, plainOuts, unwrapSecrets(inputs))).toEqual({
      changes: false,
    });
  });

  test("a changed value changes the (secret) fingerprint, so drift shows without showing the value", async () => {
    const before = await dynamic.check({}, { ...VALUES });
    const created = await dynamic.create(before.inputs ?? {});
    mocked.emulator.putSecret({ ...(SEED[2] as SeedSecret), SecretData: "rotated-value" });
    try {
      const after = await dynamic.check(created.outs as Record<string, unknown>, { ...VALUES });
      const result = await dynamic.diff(
        created.id,
        created.outs as Record<string, unknown>,
        after.inputs ?? {},
      );
      // the detailed diff names the field, never the value
      expect(result).toEqual({
        changes: true,
        detailedDiff: {
          'secrets["app/secret-2"].secretData': { kind: "update", inputDiff: false },
        },
      });
    } finally {
      mocked.emulator.putSecret(SEED[2] as SeedSecret);
    }
  });

  test("check names bad combinations as failures, and skips them while an argument is unknown", async () => {
    const failures = (await dynamic.check({}, { versionStage: "ACSPrevious" })).failures;
    expect(failures).toEqual([
      { property: "versionStage", reason: expect.stringContaining("fetchValues") },
    ]);
    const preview = await dynamic.check(
      {},
      { versionStage: "ACSPrevious", fetchValues: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" },
    );
    expect(preview.failures).toEqual([]);
  });
});
