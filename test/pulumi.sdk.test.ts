/**
 * getSecrets / getSecretsOutput / SecretsLookup in a program under Pulumi mocks, against
 * an emulator that the program finds through stack config only.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  ArgumentError,
  SecretsLookup,
  getSecrets,
  getSecretsOutput,
  type GetSecretsResult,
} from "pulumi-alicloud-kms-secrets";
import { demoSecrets, type SeedSecret } from "../emulator";
import { clearLookupMemo } from "../sdk/lookupMemo";
import {
  SECRETS_LOOKUP_TOKEN,
  emulatorStackConfig,
  hasNoUndefined,
  setPulumiMocks,
  settle,
  sortedNames,
  tagsOf,
  testAccessKey,
  valueOf,
} from "./helpers/pulumiMocks";
import { useMockedEmulator } from "./helpers/mockedEmulator";

const SEED: SeedSecret[] = demoSecrets(60);
const key = testAccessKey();
const otherKey = testAccessKey();
const mocked = useMockedEmulator({ seed: SEED, key, otherKeys: [otherKey] });

/** A resource whose `value` output stays unknown in preview (the mocks return no state for it). */
class Thing extends pulumi.CustomResource {
  declare readonly value: pulumi.Output<string>;
  constructor(name: string, value?: pulumi.Input<string>) {
    super("test:index:Thing", name, { value });
  }
}

const listRequests = () => mocked.emulator.stats().requestsByAction["ListSecrets"] ?? 0;
const prodNames = () => sortedNames(SEED.filter((s) => tagsOf(s)["env"] === "prod"));

describe("getSecrets", () => {
  test("lists every secret with typed, undefined-free fields named like alicloud.kms.getSecrets", async () => {
    const result = await getSecrets({ fetchTags: true });
    expect(result.region).toBe(mocked.emulator.region);
    expect(result.names).toEqual(sortedNames(SEED));
    expect(result.ids).toEqual(result.names);
    expect(result.secrets.map((s) => s.secretName)).toEqual(result.names);
    for (const secret of result.secrets) {
      const seed = SEED.find((s) => s.SecretName === secret.secretName) as SeedSecret;
      expect(secret.id).toBe(secret.secretName);
      expect(secret.secretType).toBe(seed.SecretType);
      expect(secret.tags).toEqual(tagsOf(seed));
      expect(secret.plannedDeleteTime).toBe(seed.PlannedDeleteTime);
    }
    expect(hasNoUndefined(JSON.parse(JSON.stringify(result)))).toBe(true);
  });

  test("one listing serves identical queries, also ones that differ only in paging", async () => {
    await getSecrets({ tags: { env: "prod" }, pageSize: 10 });
    const oneListing = listRequests();
    expect(oneListing).toBeGreaterThan(1);

    clearLookupMemo();
    mocked.emulator.resetStats();
    const results = await Promise.all([
      getSecrets({ tags: { env: "prod" }, pageSize: 10 }),
      getSecrets({ tags: { env: "prod" }, pageSize: 10 }),
      getSecrets({ pageSize: 10, tags: { env: "prod" }, maxConcurrency: 2 }),
    ]);
    expect(listRequests()).toBe(oneListing);
    for (const result of results) expect(result.names).toEqual(prodNames());

    // Each caller owns its copy.
    results[0]?.names.push("mutated");
    expect((await getSecrets({ tags: { env: "prod" }, pageSize: 10 })).names).toEqual(prodNames());
    expect(listRequests()).toBe(oneListing);
  });

  test("a different query, or other credentials, list again", async () => {
    await getSecrets({ tags: { env: "prod" } });
    const first = listRequests();
    await getSecrets({ tags: { env: "dev" } });
    const second = listRequests();
    expect(second).toBeGreaterThan(first);

    pulumi.runtime.setAllConfig(emulatorStackConfig(mocked.emulator, otherKey));
    await getSecrets({ tags: { env: "prod" } });
    expect(listRequests()).toBeGreaterThan(second);
  });

  test("bad arguments are refused before any request, naming each field", async () => {
    const failure = await getSecrets({ pageSize: 0, nameRegex: "(" }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ArgumentError);
    const paths = (failure as ArgumentError).issues.map((i) => i.path).sort();
    expect(paths).toEqual(["nameRegex", "pageSize"]);
    expect(listRequests()).toBe(0);
  });

  test("long listings report progress as ephemeral 'pages X/Y' log messages", async () => {
    const info = jest.mocked(pulumi.log.info);
    await getSecrets({ pageSize: 10 });
    const messages = info.mock.calls.map((call) => call[0]);
    expect(messages.length).toBeGreaterThanOrEqual(6);
    expect(messages.at(-1)).toMatch(/pages 6\/6\b/);
    for (const call of info.mock.calls) expect(call[3]).toBe(true);
  });

  test("short listings stay quiet", async () => {
    await getSecrets({});
    expect(pulumi.log.info).not.toHaveBeenCalled();
  });

  test("the endpoint comes from ALIBABA_CLOUD_KMS_ENDPOINT when the stack config has none", async () => {
    const { ["kms-secrets:endpoint"]: _endpoint, ...withoutEndpoint } = mocked.config;
    pulumi.runtime.setAllConfig(withoutEndpoint);
    const saved = process.env["ALIBABA_CLOUD_KMS_ENDPOINT"];
    process.env["ALIBABA_CLOUD_KMS_ENDPOINT"] = mocked.emulator.endpoint;
    try {
      expect((await getSecrets({})).names).toEqual(sortedNames(SEED));
    } finally {
      if (saved === undefined) delete process.env["ALIBABA_CLOUD_KMS_ENDPOINT"];
      else process.env["ALIBABA_CLOUD_KMS_ENDPOINT"] = saved;
    }
  });

  test("an explicit endpoint argument wins over the stack config", async () => {
    pulumi.runtime.setAllConfig({ ...mocked.config, "kms-secrets:endpoint": "http://127.0.0.1:9" });
    expect((await getSecrets({ endpoint: mocked.emulator.endpoint })).names).toEqual(
      sortedNames(SEED),
    );
  });
});

describe("getSecretsOutput", () => {
  test("takes Inputs anywhere in the arguments", async () => {
    const env = pulumi.output("prod");
    const result = getSecretsOutput({
      tags: { env },
      fetchTags: pulumi.output(true),
      filters: pulumi.output({ secretType: [pulumi.output("Generic")] }),
    });
    const expected = sortedNames(
      SEED.filter((s) => tagsOf(s)["env"] === "prod" && s.SecretType === "Generic"),
    );
    expect(await valueOf(result.names)).toEqual(expected);
  });

  test("a secret input makes the result secret", async () => {
    const result = getSecretsOutput({ tags: { env: pulumi.secret("prod") } });
    const settled = await settle(result);
    expect(settled).toMatchObject({ known: true, secret: true });
    expect(settled.value?.names).toEqual(prodNames());
    expect((await settle(result.names)).secret).toBe(true);
  });

  test("plain inputs give a plain result", async () => {
    expect(await settle(getSecretsOutput({ tags: { env: "prod" } }))).toMatchObject({
      known: true,
      secret: false,
    });
  });

  test("an unknown input during preview gives an unknown result and lists nothing", async () => {
    await setPulumiMocks(mocked.config, { preview: true });
    const unknownValue = new Thing("pending").value;
    expect((await settle(unknownValue)).known).toBe(false);

    const result = getSecretsOutput({ nameRegex: unknownValue });
    expect((await settle(result)).known).toBe(false);
    expect((await settle(result.names)).known).toBe(false);
    expect(listRequests()).toBe(0);

    // Known inputs still list during preview, as invokes do.
    expect(await valueOf(getSecretsOutput({ tags: { env: "prod" } }).names)).toEqual(prodNames());
  });

  test("bad arguments reject the output with the field named", async () => {
    const settled = settle(getSecretsOutput({ pageSize: pulumi.output(1000) }));
    await expect(settled).rejects.toThrow(/pageSize/);
  });

  test("waits for dependsOn resources", async () => {
    const dependency = new Thing("thing", "x");
    const result = getSecretsOutput({ tags: { env: "prod" } }, { dependsOn: [dependency] });
    expect(await valueOf(result.names)).toEqual(prodNames());
    expect(mocked.recorder.resources.map((r) => r.name)).toContain("thing");
  });
});

describe("SecretsLookup under mocks", () => {
  test("registers the dynamic resource type with its args and gets typed outputs", async () => {
    const lookup = new SecretsLookup("prod-secrets", { tags: { env: "prod" }, fetchTags: true });
    expect(await valueOf(lookup.names)).toEqual(prodNames());
    expect(await valueOf(lookup.ids)).toEqual(prodNames());
    expect(await valueOf(lookup.region)).toBe(mocked.emulator.region);
    expect(await valueOf(lookup.fingerprint)).toMatch(/^[0-9a-f]{64}$/);
    expect(await valueOf(lookup.args)).toEqual({ tags: { env: "prod" }, fetchTags: true });
    const secrets: GetSecretsResult["secrets"] = await valueOf(lookup.secrets);
    expect(secrets.every((s) => s.tags["env"] === "prod")).toBe(true);

    const registered = mocked.recorder.resources.find(
      (r) => r.type === SECRETS_LOOKUP_TOKEN && r.name === "prod-secrets",
    );
    expect(registered?.inputs).toMatchObject({ tags: { env: "prod" }, fetchTags: true });
    expect(Object.keys(registered?.inputs ?? {}).sort()).toEqual([
      "__provider",
      "fetchTags",
      "tags",
    ]);
  });

  test("stores `args` as a secret output, keeping the caller's additionalSecretOutputs", async () => {
    const seen: (string[] | undefined)[] = [];
    const capture: pulumi.ResourceTransformation = (args) => {
      if (args.type === SECRETS_LOOKUP_TOKEN) {
        seen.push((args.opts as pulumi.CustomResourceOptions).additionalSecretOutputs);
      }
      return undefined;
    };
    const lookup = new SecretsLookup(
      "with-secret-outputs",
      { nameRegex: pulumi.secret("^prod/") },
      { additionalSecretOutputs: ["names"], transformations: [capture] },
    );
    await valueOf(lookup.urn);
    expect(seen).toEqual([["args", "names"]]);
    const plain = new SecretsLookup("plain", {}, { transformations: [capture] });
    await valueOf(plain.urn);
    expect(seen[1]).toEqual(["args"]);
  });
});
