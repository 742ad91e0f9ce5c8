/**
 * `getSecretValue*` / `getSecretJson*` under Pulumi mocks against the emulator (one call,
 * secret Outputs, typed JSON) and every Output form unknown in preview (opts.provider:
 * test/account.dropin.test.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import {
  SecretFormatError,
  getSecretJson,
  getSecretJsonOutput,
  getSecretValue,
  getSecretValueOutput,
  kms,
} from "pulumi-alicloud-kms-secrets";
import { DROPIN_SEED } from "./helpers/dropinSeed";
import { useMockedEmulator } from "./helpers/mockedEmulator";
import { emulatorStackConfig, setPulumiMocks, settle } from "./helpers/pulumiMocks";

const dropin = useMockedEmulator({ seed: DROPIN_SEED });
const { key, requests } = dropin;

/** A resource whose `value` output stays unknown in preview (the mocks return no state for it). */
class Thing extends pulumi.CustomResource {
  declare readonly value: pulumi.Output<string>;
  constructor(name: string) {
    super("test:index:Thing", name, { value: undefined });
  }
}

describe("preview with unknown inputs", () => {
  test("every Output form is unknown and sends nothing; known inputs still run", async () => {
    await setPulumiMocks(emulatorStackConfig(dropin.emulator, key), { preview: true });
    const pending = new Thing("pending").value;
    expect((await settle(pending)).known).toBe(false);
    const outputs: pulumi.Output<unknown>[] = [
      kms.getSecretsOutput({ nameRegex: pending }),
      kms.getSecretVersionsOutput({ secretName: pending }),
      getSecretValueOutput({ secretName: pending }),
      getSecretJsonOutput({ secretName: pending, kind: "rds" }),
    ];
    for (const output of outputs) expect((await settle(output)).known).toBe(false);
    expect(dropin.emulator.stats().requests).toBe(0);
    const known = await settle(getSecretValueOutput({ secretName: "app/api-key" }));
    expect(known).toMatchObject({ known: true, secret: true, value: "api-key-value" });
  });
});

describe("getSecretValue", () => {
  test("the Output is secret and costs one GetSecretValue call, no listing", async () => {
    const settled = await settle(getSecretValueOutput({ secretName: "app/api-key" }));
    expect(settled).toEqual({ known: true, secret: true, value: "api-key-value" });
    expect(requests()).toEqual({ GetSecretValue: 1 });
  });

  test("versionStage / versionId pick the version; the Promise form is plain", async () => {
    await expect(
      getSecretValue({ secretName: "app/rotated", versionStage: "ACSPrevious" }),
    ).resolves.toBe("pw-two");
    const byId = await settle(
      getSecretValueOutput({ secretName: pulumi.output("app/rotated"), versionId: "v3" }),
    );
    expect(byId).toMatchObject({ secret: true, value: "pw-three" });
  });

  test("JSON forms: a typed RDS object as a secret Output; non-JSON refused without the value", async () => {
    const rds = await settle(getSecretJsonOutput({ secretName: "db/password", kind: "rds" }));
    expect(rds).toEqual({
      known: true,
      secret: true,
      value: { AccountName: "app", AccountPassword: "rds-pw" },
    });
    const config = await getSecretJson({ secretName: "app/config" });
    expect(config).toEqual({ feature: true });
    const err = await getSecretJson({ secretName: "app/api-key" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretFormatError);
    expect(err).toMatchObject({ code: "SecretNotJson", secretName: "app/api-key" });
    expect(String((err as Error).message)).not.toContain("api-key-value");
    const wrongShape = await getSecretJson({ secretName: "app/config", kind: "ram" }).catch(
      (e: unknown) => e,
    );
    expect(wrongShape).toMatchObject({ code: "SecretJsonShape" });
  });
});
