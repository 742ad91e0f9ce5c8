/**
 * Details and values (`enableDetails`, `fetchValues`, `versionStage`/`versionId`,
 * `skipForbidden`) in the lookup core, against the emulator over real HTTP and a fake
 * transport: fields, exact call counts, concurrency, faults, forbidden and vanished secrets.
 */
import { inspect } from "node:util";
import type { EmulatorHandle, FaultOptions, SeedSecret } from "../emulator";
import { ArgumentError } from "../core/args";
import { parseLookupArgs } from "../core/parsedArgs";
import { popCoreTransport, type TransportFactory } from "../core/client";
import { KmsError } from "../core/errors";
import { iterateSecrets, listSecrets } from "../core/lookup";
import { RateLimiter } from "../core/rateLimiter";
import { secretValueSchema, valueParser } from "../core/wireDetails";
import { emuArgs, emuContext, emulatorsPerTest, seedSecrets } from "./helpers/coreEmulator";
import { FakeKms, fakeContext, fakeSecrets } from "./helpers/coreFakes";
import { ListenerProbe } from "./helpers/listenerProbe";

const emulator = emulatorsPerTest();

const calls = (emu: EmulatorHandle, action: string): number =>
  emu.stats().requestsByAction[action] ?? 0;

/** Secrets with every DescribeSecret / GetSecretValue field the emulator serves. */
function richSeed(n: number): SeedSecret[] {
  return seedSecrets(n).map((s, i) => ({
    ...s,
    UpdateTime: "2024-06-01T00:00:00Z",
    Description: `database ${i}`,
    EncryptionKeyId: `key-test-${i}`,
    DKMSInstanceId: i % 2 === 0 ? `kst-test-${i}` : undefined,
    ...(i % 3 === 0
      ? {
          AutomaticRotation: "Enabled",
          RotationInterval: "604800s",
          LastRotationDate: "2024-05-01T00:00:00Z",
          NextRotationDate: "2024-05-08T00:00:00Z",
          ExtendedConfig: JSON.stringify({ SecretSubType: "SingleUser", DBInstanceId: `rm-${i}` }),
        }
      : {}),
    SecretData: `pw-${i}-${"x".repeat(i % 5)}`,
    SecretDataType: "text",
    VersionId: `v${i}`,
    VersionStages: i % 4 === 0 ? ["ACSCurrent", "ACSPrevious"] : ["ACSCurrent"],
  }));
}

function definedKeys(value: object): string[] {
  return Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
}

describe("fields", () => {
  test("enableDetails and fetchValues add every detail and value field; absent fields are omitted", async () => {
    const seed = richSeed(12);
    const emu = await emulator({ seed, region: "cn-shanghai" });
    const result = await listSecrets(
      emuArgs(emu, { enableDetails: true, fetchValues: true }),
      emuContext(emu),
    );
    expect(result.forbidden).toEqual([]);
    expect(result.names).toHaveLength(12);
    for (const secret of result.secrets) {
      const s = seed.find((x) => x.SecretName === secret.secretName) as SeedSecret;
      const expected: Record<string, unknown> = {
        arn: `acs:kms:cn-shanghai:1234567890123456:secret/${s.SecretName}`,
        description: s.Description,
        encryptionKeyId: s.EncryptionKeyId,
        automaticRotation: s.AutomaticRotation ?? "Disabled", // the emulator's default
        rotationInterval: s.RotationInterval,
        lastRotationDate: s.LastRotationDate,
        nextRotationDate: s.NextRotationDate,
        dkmsInstanceId: s.DKMSInstanceId,
        extendedConfig: s.ExtendedConfig,
        secretData: s.SecretData,
        secretDataType: "text",
        versionId: s.VersionId,
        versionStages: s.VersionStages,
      };
      for (const [key, value] of Object.entries(expected)) {
        if (value === undefined) expect(secret).not.toHaveProperty(key);
        else expect(secret).toHaveProperty([key], value);
      }
      // the listing's own fields are untouched
      expect(secret.createTime).toBe(s.CreateTime);
      expect(secret.secretType).toBe(s.SecretType);
      expect(Object.values(secret)).not.toContain(undefined);
    }
    expect(JSON.stringify(result)).not.toContain("null");
  });

  test("enableDetails alone never calls GetSecretValue and holds no value; fetchValues alone never calls DescribeSecret", async () => {
    const emu = await emulator({ seed: richSeed(7) });
    const details = await listSecrets(emuArgs(emu, { enableDetails: true }), emuContext(emu));
    expect(calls(emu, "DescribeSecret")).toBe(7);
    expect(calls(emu, "GetSecretValue")).toBe(0);
    expect(JSON.stringify(details)).not.toContain("pw-");
    expect(details.secrets.every((s) => s.arn && s.secretData === undefined)).toBe(true);

    emu.resetStats();
    const values = await listSecrets(emuArgs(emu, { fetchValues: true }), emuContext(emu));
    expect(calls(emu, "DescribeSecret")).toBe(0);
    expect(calls(emu, "GetSecretValue")).toBe(7);
    expect(values.secrets.every((s) => s.secretData?.startsWith("pw-") && !s.arn)).toBe(true);
  });

  test("a metadata-only lookup is unchanged: no forbidden list, no detail fields, same id", async () => {
    const emu = await emulator({ seed: richSeed(3) });
    const plain = await listSecrets(emuArgs(emu), emuContext(emu));
    const explicitOff = await listSecrets(
      emuArgs(emu, { enableDetails: false, fetchValues: false }),
      emuContext(emu),
    );
    expect(plain).not.toHaveProperty("forbidden");
    expect(definedKeys(plain.secrets[0] as object).sort()).toEqual(
      ["createTime", "id", "secretName", "secretType", "tags", "updateTime"].sort(),
    );
    expect(explicitOff).toEqual(plain);
    const withValues = await listSecrets(emuArgs(emu, { fetchValues: true }), emuContext(emu));
    const withDetails = await listSecrets(emuArgs(emu, { enableDetails: true }), emuContext(emu));
    const staged = await listSecrets(
      emuArgs(emu, { fetchValues: true, versionStage: "ACSCurrent" }),
      emuContext(emu),
    );
    // every new argument is part of the query id
    expect(new Set([plain.id, withValues.id, withDetails.id, staged.id]).size).toBe(4);
  });

  test("versionStage and versionId select the version; a secret without it fails with VersionNotFound naming it", async () => {
    const seed = richSeed(8);
    const emu = await emulator({ seed });
    const previous = await listSecrets(
      emuArgs(emu, { fetchValues: true, versionStage: "ACSPrevious", nameRegex: "-00000[04]$" }),
      emuContext(emu),
    );
    expect(previous.names).toEqual(["s-000000", "s-000004"]);
    expect(previous.secrets.map((s) => s.versionStages)).toEqual([
      ["ACSCurrent", "ACSPrevious"],
      ["ACSCurrent", "ACSPrevious"],
    ]);
    const byId = await listSecrets(
      emuArgs(emu, { fetchValues: true, versionId: "v3", ids: ["s-000003"] }),
      emuContext(emu),
    );
    expect(byId.secrets[0]).toMatchObject({ versionId: "v3", secretData: "pw-3-xxx" });

    emu.resetStats();
    const err = await listSecrets(
      emuArgs(emu, { fetchValues: true, versionStage: "ACSPrevious", nameRegex: "-00000[01]$" }),
      emuContext(emu),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KmsError);
    expect(err).toMatchObject({ code: "VersionNotFound", remedy: "check-arguments" });
    expect((err as KmsError).message).toContain('"s-000001"');
    expect((err as KmsError).message).toContain('versionStage "ACSPrevious"');
    // told apart from a vanished secret with one DescribeSecret, without relisting
    expect(calls(emu, "ListSecrets")).toBe(1);
    expect(calls(emu, "DescribeSecret")).toBe(1);
  });
});

describe("exact call counts and concurrency", () => {
  test("one DescribeSecret and one GetSecretValue per matched secret, after client-side filtering, concurrent up to maxConcurrency", async () => {
    const emu = await emulator({ seed: richSeed(60), faults: { latencyMs: 15 } });
    const result = await listSecrets(
      emuArgs(emu, {
        enableDetails: true,
        fetchValues: true,
        nameRegex: "[02468]$", // 30 of 60, filtered on the client
        maxConcurrency: 4,
      }),
      emuContext(emu),
    );
    const stats = emu.stats();
    console.log(
      `details+values for ${result.names.length} matched secrets: ${JSON.stringify(stats.requestsByAction)}, maxInFlight ${stats.maxInFlight} (maxConcurrency 4)`,
    );
    expect(result.names).toHaveLength(30);
    expect(stats.requestsByAction).toEqual({
      ListSecrets: 1,
      DescribeSecret: 30,
      GetSecretValue: 30,
    });
    expect(stats.maxInFlight).toBeGreaterThan(1);
    expect(stats.maxInFlight).toBeLessThanOrEqual(4);
  });

  test("maxConcurrency 1 runs the calls one at a time; 8 runs up to 8", async () => {
    const emu = await emulator({ seed: richSeed(16), faults: { latencyMs: 10 } });
    await listSecrets(emuArgs(emu, { fetchValues: true, maxConcurrency: 1 }), emuContext(emu));
    expect(emu.stats().maxInFlight).toBe(1);
    expect(calls(emu, "GetSecretValue")).toBe(16);
    emu.resetStats();
    await listSecrets(
      emuArgs(emu, { enableDetails: true, fetchValues: true, maxConcurrency: 8 }),
      emuContext(emu),
    );
    expect(emu.stats().maxInFlight).toBeGreaterThan(4);
    expect(emu.stats().maxInFlight).toBeLessThanOrEqual(8);
  });

  test("32 calls in flight stay within the per-secret signal's listener limit (no MaxListenersExceededWarning)", async () => {
    const emu = await emulator({ seed: richSeed(150), faults: { latencyMs: 5 } });
    const probe = new ListenerProbe();
    const result = await listSecrets(
      emuArgs(emu, { enableDetails: true, fetchValues: true, maxConcurrency: 32 }),
      emuContext(emu, { rateLimiter: probe }),
    );
    expect(result.names).toHaveLength(150);
    expect(probe.peak).toBeGreaterThan(10);
    expect(probe.peak).toBeLessThanOrEqual(probe.limit);
  });

  test("no matches: no per-secret call", async () => {
    const emu = await emulator({ seed: richSeed(5) });
    const result = await listSecrets(
      emuArgs(emu, { enableDetails: true, fetchValues: true, nameRegex: "^nothing" }),
      emuContext(emu),
    );
    expect(result).toMatchObject({ names: [], forbidden: [] });
    expect(emu.stats().requestsByAction).toEqual({ ListSecrets: 1 });
  });

  test("iterateSecrets yields pages whose secrets already carry their details and values", async () => {
    const emu = await emulator({ seed: richSeed(25) });
    const pages: string[][] = [];
    for await (const page of iterateSecrets(
      emuArgs(emu, { enableDetails: true, fetchValues: true, pageSize: 10 }),
      emuContext(emu),
    )) {
      expect(page.every((s) => s.arn !== undefined && s.secretData !== undefined)).toBe(true);
      pages.push(page.map((s) => s.secretName));
    }
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(emu.stats().requestsByAction).toEqual({
      ListSecrets: 3,
      DescribeSecret: 25,
      GetSecretValue: 25,
    });
  });
});

describe("complete and correct under faults", () => {
  const cases: [string, FaultOptions, { requestTimeoutMs?: number; rateLimit?: object }][] = [
    ["30% throttling", { throttleRate: 0.3 }, {}],
    ["10% 500s and 10% 503s", { error500Rate: 0.1, error503Rate: 0.1 }, {}],
    ["HTML 502 pages", { html502Rate: 0.2 }, {}],
    [
      "a gateway QPS limit below our rate (Rejected.Throttling 429; the rate adapts)",
      { qpsLimit: 40 },
      { rateLimit: { requestsPerSecond: 80, burst: 10 } },
    ],
    [
      "stalls, throttling and 5xx at once",
      {
        throttleRate: 0.1,
        error500Rate: 0.05,
        error503Rate: 0.05,
        stallRate: 0.05,
        stallMs: 10_000,
      },
      { requestTimeoutMs: 200 },
    ],
  ];
  test.each(cases)(
    "%s: the same details and values as without faults",
    async (_, faults, extra) => {
      const emu = await emulator({ seed: richSeed(50) });
      const args = emuArgs(emu, {
        enableDetails: true,
        fetchValues: true,
        pageSize: 20,
        maxConcurrency: 6,
        ...(extra.requestTimeoutMs ? { requestTimeoutMs: extra.requestTimeoutMs } : {}),
      });
      const clean = await listSecrets(args, emuContext(emu));
      emu.resetStats();
      emu.setFaults({ ...faults, randomSeed: 7 });
      const faulty = await listSecrets(
        args,
        emuContext(
          emu,
          extra.rateLimit
            ? {
                rateLimiter: new RateLimiter(extra.rateLimit),
                // a QPS window is a second long: back off long enough to see it pass
                retry: { baseDelayMs: 1, throttlingBaseDelayMs: 100, maxDelayMs: 1000 },
              }
            : {},
        ),
      );
      expect(faulty).toEqual(clean);
      const stats = emu.stats();
      expect(Object.values(stats.faultsInjected).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      expect(calls(emu, "DescribeSecret")).toBeGreaterThanOrEqual(50);
      expect(calls(emu, "GetSecretValue")).toBeGreaterThanOrEqual(50);
    },
  );
});

describe("forbidden values", () => {
  function withForbidden(): SeedSecret[] {
    const seed = richSeed(10);
    (seed[3] as SeedSecret).Forbidden = true; // GetSecretValue denied
    (seed[6] as SeedSecret).Forbidden = ["DescribeSecret"];
    return seed;
  }

  test("Forbidden.NoPermission on GetSecretValue fails the whole call, naming the secret, without leaking any value", async () => {
    const emu = await emulator({ seed: withForbidden() });
    const err = await listSecrets(emuArgs(emu, { fetchValues: true }), emuContext(emu)).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(KmsError);
    const kms = err as KmsError;
    expect(kms).toMatchObject({
      code: "Forbidden.NoPermission",
      httpStatus: 403,
      remedy: "check-permissions",
      apiAction: "GetSecretValue",
    });
    expect(kms.message).toContain('secret "s-000003"');
    expect(kms.message).toContain("kms:GetSecretValue");
    expect(kms.message).toContain("skipForbidden");
    expect(`${kms.message} ${inspect(kms)} ${JSON.stringify(kms)}`).not.toMatch(/pw-\d/);
  });

  test("skipForbidden records denied secrets in `forbidden`; they stay listed without the denied fields", async () => {
    const emu = await emulator({ seed: withForbidden() });
    const result = await listSecrets(
      emuArgs(emu, { enableDetails: true, fetchValues: true, skipForbidden: true }),
      emuContext(emu),
    );
    expect(result.forbidden).toEqual(["s-000003", "s-000006"]);
    expect(result.names).toHaveLength(10);
    const byName = new Map(result.secrets.map((s) => [s.secretName, s]));
    expect(byName.get("s-000003")).toHaveProperty("arn");
    expect(byName.get("s-000003")).not.toHaveProperty("secretData");
    expect(byName.get("s-000006")).not.toHaveProperty("arn");
    expect(byName.get("s-000006")).toHaveProperty("secretData", "pw-6-x");
    expect(byName.get("s-000005")).toMatchObject({ secretData: "pw-5-", arn: expect.any(String) });
    // each call still made exactly once per secret
    expect(calls(emu, "DescribeSecret")).toBe(10);
    expect(calls(emu, "GetSecretValue")).toBe(10);
  });

  test("a denied DescribeSecret fails enableDetails without skipForbidden", async () => {
    const emu = await emulator({ seed: withForbidden() });
    await expect(
      listSecrets(emuArgs(emu, { enableDetails: true }), emuContext(emu)),
    ).rejects.toMatchObject({
      code: "Forbidden.NoPermission",
      apiAction: "DescribeSecret",
      message: expect.stringContaining('secret "s-000006"'),
    });
  });

  test("iterateSecrets refuses skipForbidden (its pages cannot report skipped secrets) before any request", async () => {
    const emu = await emulator({ seed: withForbidden() });
    const run = async (): Promise<void> => {
      for await (const _ of iterateSecrets(
        emuArgs(emu, { fetchValues: true, skipForbidden: true }),
        emuContext(emu),
      ));
    };
    await expect(run()).rejects.toBeInstanceOf(ArgumentError);
    expect(emu.stats().requests).toBe(0);
  });
});

describe("a secret vanishing between the listing and its per-secret call", () => {
  /** pop-core against `emu`; the first `times` per-secret calls remove their secret just before they are sent. */
  function removingTransport(emu: EmulatorHandle, times: number): TransportFactory {
    let removed = 0;
    return (options) => {
      const inner = popCoreTransport(options);
      return {
        call: async (action, params, callOptions) => {
          if (action !== "ListSecrets" && removed < times) {
            removed++;
            emu.removeSecret(params["SecretName"] as string);
          }
          return inner.call(action, params, callOptions);
        },
        close: () => inner.close(),
      };
    };
  }

  test("listSecrets lists again and returns the new set, with every secret's details", async () => {
    const emu = await emulator({ seed: richSeed(20) });
    const result = await listSecrets(
      emuArgs(emu, { enableDetails: true, fetchValues: true, maxConcurrency: 1 }),
      emuContext(emu, { transport: removingTransport(emu, 1) }),
    );
    expect(result.names).toHaveLength(19);
    expect(result.names).not.toContain("s-000000");
    expect(result.names).toEqual([...emu.listSecretNames()].sort());
    expect(result.secrets.every((s) => s.arn !== undefined && s.secretData !== undefined)).toBe(
      true,
    );
    expect(calls(emu, "ListSecrets")).toBe(2);
  });

  test("when it keeps happening, listSecrets fails with ListingInconsistent; iterateSecrets fails at once", async () => {
    const emu = await emulator({ seed: richSeed(20) });
    await expect(
      listSecrets(
        emuArgs(emu, { fetchValues: true, maxConcurrency: 1 }),
        emuContext(emu, { transport: removingTransport(emu, 100), maxRelists: 2 }),
      ),
    ).rejects.toMatchObject({
      code: "ListingInconsistent",
      message: expect.stringContaining("the set kept changing"),
    });
    expect(calls(emu, "ListSecrets")).toBe(3);

    const emu2 = await emulator({ seed: richSeed(20) });
    const run = async (): Promise<void> => {
      for await (const _ of iterateSecrets(
        emuArgs(emu2, { enableDetails: true, maxConcurrency: 1 }),
        emuContext(emu2, { transport: removingTransport(emu2, 1) }),
      ));
    };
    await expect(run()).rejects.toMatchObject({ code: "ListingInconsistent" });
  });
});

describe("fake transport: answers the emulator does not give", () => {
  test("a secret scheduled for deletion whose value is refused (Rejected.ResourceInDeleteWindow) keeps plannedDeleteTime and has no value", async () => {
    const fake = new FakeKms(fakeSecrets(8)); // secret-000000 and secret-000007 are scheduled
    fake.hook = (call) => {
      if (call.action !== "GetSecretValue") return undefined;
      const name = call.params["SecretName"] as string;
      if (name === "secret-000007") {
        throw new KmsError({
          code: "Rejected.ResourceInDeleteWindow",
          message: "GetSecretValue failed: Rejected.ResourceInDeleteWindow",
          httpStatus: 409,
          retryable: false,
          kind: "rejected",
          apiAction: "GetSecretValue",
        });
      }
      return {
        body: { SecretName: name, SecretData: `v-${name}`, VersionStages: ["ACSCurrent"] },
        httpStatus: 200,
        requestId: "r",
      };
    };
    const result = await listSecrets({ fetchValues: true }, fakeContext(fake));
    const doomed = result.secrets.find((s) => s.secretName === "secret-000007");
    expect(doomed).toHaveProperty("plannedDeleteTime");
    expect(doomed).not.toHaveProperty("secretData");
    expect(result.forbidden).toEqual([]);
    // plain list form of VersionStages is accepted
    expect(result.secrets[1]).toMatchObject({
      secretData: "v-secret-000001",
      versionStages: ["ACSCurrent"],
    });
  });

  test("the same refusal for a secret not scheduled for deletion fails the lookup, naming it", async () => {
    const fake = new FakeKms(fakeSecrets(3));
    fake.hook = (call) => {
      if (call.action === "GetSecretValue") {
        throw new KmsError({
          code: "Rejected.ResourceInDeleteWindow",
          message: "GetSecretValue failed: Rejected.ResourceInDeleteWindow",
          httpStatus: 409,
          retryable: false,
          kind: "rejected",
          apiAction: "GetSecretValue",
        });
      }
      return undefined;
    };
    await expect(listSecrets({ fetchValues: true }, fakeContext(fake))).rejects.toMatchObject({
      code: "Rejected.ResourceInDeleteWindow",
      message: expect.stringMatching(/^secret "secret-00000\d": /),
    });
  });

  test("a GetSecretValue answer about another secret, or without SecretData, is MalformedResponse and never echoes a value", async () => {
    const fake = new FakeKms(fakeSecrets(2));
    fake.hook = (call) =>
      call.action === "GetSecretValue"
        ? {
            body: { SecretName: "someone-else", SecretData: "hunter2-value", RequestId: "rid-1" },
            httpStatus: 200,
            requestId: "rid-1",
          }
        : undefined;
    const err = await listSecrets({ fetchValues: true }, fakeContext(fake)).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: "MalformedResponse", requestId: "rid-1" });
    expect(String((err as Error).message)).not.toContain("hunter2");

    const parse = valueParser();
    expect(() => parse({ SecretName: "a", RequestId: "rid-2" }, "a")).toThrow(
      /GetSecretValue of secret "a" returned a malformed answer \(RequestId rid-2\): SecretData/,
    );
    let message = "";
    try {
      parse({ SecretName: "a", SecretData: { nested: "hunter2-value" } }, "a");
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/SecretData/);
    expect(message).not.toContain("hunter2");
    // the schema accepts the three VersionStages shapes
    const schema = secretValueSchema();
    for (const stages of [
      { VersionStage: ["ACSCurrent"] },
      { VersionStage: "ACSCurrent" },
      ["ACSCurrent"],
    ]) {
      expect(schema.parse({ SecretData: "x", VersionStages: stages }).VersionStages).toEqual([
        "ACSCurrent",
      ]);
    }
  });
});

describe("argument validation", () => {
  test.each([
    [{ versionStage: "ACSPrevious" }, ["versionStage"]],
    [{ versionId: "v1", enableDetails: true }, ["versionId"]],
    [{ skipForbidden: true }, ["skipForbidden"]],
    [{ fetchValues: "yes", versionStage: "" }, ["fetchValues", "versionStage", "versionStage"]],
    [{ fetchValues: true, versionId: " v1" }, ["versionId"]],
    [{ enableDetails: 1 }, ["enableDetails"]],
  ])("%j is refused naming %j", (args, paths) => {
    let error: unknown;
    try {
      parseLookupArgs(args);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).issues.map((i) => i.path).sort()).toEqual([...paths].sort());
  });

  test.each([
    { fetchValues: true, versionStage: "ACSPrevious", versionId: "v1" },
    { enableDetails: true, skipForbidden: true },
    { fetchValues: true, skipForbidden: false },
  ])("%j is accepted", (args) => {
    expect(parseLookupArgs(args)).toEqual(args);
  });
});
