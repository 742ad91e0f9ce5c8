/** The lookup core against the KMS emulator over real HTTP: counts, faults, consistency, tag cap, leaks. */
import { inspect } from "node:util";
import fc from "fast-check";
import type { FaultOptions } from "../emulator";
import { ArgumentError } from "../core/args";
import { popCoreTransport } from "../core/client";
import { KmsError } from "../core/errors";
import { iterateSecrets, listSecrets } from "../core/lookup";
import RPCClient from "@alicloud/pop-core";
import {
  emuArgs,
  emuContext,
  emulatorsPerTest,
  leakForms,
  listCalls,
  seedSecrets,
  stsKey,
} from "./helpers/coreEmulator";

const emulator = emulatorsPerTest();

describe("exact request counts (pageSize 100)", () => {
  test.each([
    [0, 1],
    [1, 1],
    [99, 1],
    [100, 1],
    [101, 2],
    [1234, 13],
  ])("N=%d: %d ListSecrets requests, every secret once", async (n, expected) => {
    const emu = await emulator({ seed: seedSecrets(n) });
    const result = await listSecrets(emuArgs(emu), emuContext(emu));
    expect(listCalls(emu)).toBe(expected);
    expect(emu.stats().requests).toBe(expected);
    expect(result.names).toEqual([...emu.listSecretNames()].sort());
    expect(result.names).toHaveLength(n);
  });

  test("the demo set (tags, unicode names, deletion dates) round-trips with fetchTags", async () => {
    const emu = await emulator({ demo: 345 });
    const result = await listSecrets(emuArgs(emu, { fetchTags: true }), emuContext(emu));
    expect(listCalls(emu)).toBe(4);
    expect(result.names).toEqual([...emu.listSecretNames()].sort());
    expect(result.secrets.some((s) => Object.keys(s.tags).length > 0)).toBe(true);
    expect(result.secrets.some((s) => s.plannedDeleteTime !== undefined)).toBe(true);
    expect(JSON.stringify(result)).not.toContain("null");
  });
});

describe("complete and correct under faults", () => {
  const cases: [string, FaultOptions, string[], Record<string, unknown>][] = [
    ["30% throttling", { throttleRate: 0.3 }, ["throttle"], {}],
    ["10% 500s and 10% 503s", { error500Rate: 0.1, error503Rate: 0.1 }, ["500", "503"], {}],
    ["HTML 502 pages", { html502Rate: 0.25 }, ["html502"], {}],
    [
      "stalled responses (timeouts)",
      { stallRate: 0.15, stallMs: 10_000 },
      ["stall"],
      { requestTimeoutMs: 150 },
    ],
    [
      "everything at once",
      {
        throttleRate: 0.1,
        error500Rate: 0.05,
        error503Rate: 0.05,
        html502Rate: 0.05,
        stallRate: 0.05,
        stallMs: 10_000,
      },
      ["throttle", "500", "503", "html502", "stall"],
      { requestTimeoutMs: 150 },
    ],
  ];

  test.each(cases)("%s", async (_name, faults, kinds, args) => {
    const emu = await emulator({ seed: seedSecrets(1234), faults: { ...faults, randomSeed: 7 } });
    const result = await listSecrets(
      emuArgs(emu, { pageSize: 25, maxRetries: 10, ...args }),
      emuContext(emu),
    );
    expect(result.names).toEqual([...emu.listSecretNames()].sort());
    expect(new Set(result.names).size).toBe(1234);
    const injected = emu.stats().faultsInjected;
    for (const kind of kinds) expect(injected[kind] ?? 0).toBeGreaterThan(0);
    expect(listCalls(emu)).toBeGreaterThan(50);
  });

  test("a gateway QPS limit: throttled answers are retried and the rate adapts", async () => {
    const emu = await emulator({ seed: seedSecrets(600), faults: { qpsLimit: 15 } });
    // backoff long enough to outlast the gateway's 1 s window (the test default, 10 ms at most,
    // gives up within ~80 ms when a slow machine bunches the requests)
    const ctx = emuContext(emu, {
      rateLimit: { requestsPerSecond: 60, burst: 10 },
      retry: { baseDelayMs: 1, throttlingBaseDelayMs: 100, maxDelayMs: 1000 },
    });
    const result = await listSecrets(emuArgs(emu, { pageSize: 25, maxConcurrency: 8 }), ctx);
    expect(result.names).toEqual([...emu.listSecretNames()].sort());
    expect(emu.stats().faultsInjected["qps"] ?? 0).toBeGreaterThan(0);
  });

  test("the shared limiter alone keeps under the gateway limit: no throttling at all", async () => {
    // two lookups of one key at the default pace (38/s) share one limiter: together under the
    // gateway's limit (unshared they would send 76/s); 45 leaves room for timer jitter under load
    const emu = await emulator({ seed: seedSecrets(500), faults: { qpsLimit: 45 } });
    const { rateLimit: _uncapped, ...ctx } = emuContext(emu);
    const [a, b] = await Promise.all([
      listSecrets(emuArgs(emu, { pageSize: 20 }), ctx),
      listSecrets(emuArgs(emu, { pageSize: 25 }), ctx),
    ]);
    expect(a.names).toEqual(b.names);
    expect(listCalls(emu)).toBe(25 + 20);
    expect(emu.stats().faultsInjected["qps"] ?? 0).toBe(0);
  });

  test("a service that stays down fails with a typed, retryable error after bounded retries", async () => {
    const emu = await emulator({ seed: seedSecrets(10), faults: { error503Rate: 1 } });
    const err = await listSecrets(emuArgs(emu, { maxRetries: 3 }), emuContext(emu)).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(KmsError);
    expect(err).toMatchObject({
      code: "ServiceUnavailable",
      httpStatus: 503,
      retryable: true,
      attempts: 4,
    });
    expect((err as KmsError).requestId).toBeTruthy();
    expect(listCalls(emu)).toBe(4);
  });

  test("an HTML 502 that never goes away is reported as such, with the status", async () => {
    const emu = await emulator({ seed: seedSecrets(10), faults: { html502Rate: 1 } });
    const err = await listSecrets(emuArgs(emu, { maxRetries: 1 }), emuContext(emu)).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: "GarbledResponse", httpStatus: 502, retryable: true });
    expect((err as Error).message).toMatch(/HTTP 502 with an HTML page/);
    expect((err as KmsError).requestId).toBeTruthy();
  });
});

describe("consistent or fail when the set changes mid-listing", () => {
  test("an insert after page 1 is detected; the relisting returns the new set", async () => {
    const emu = await emulator({ seed: seedSecrets(250) });
    let inserted = false;
    const result = await listSecrets(
      emuArgs(emu, { maxConcurrency: 1 }),
      emuContext(emu, {
        onProgress: (p) => {
          if (p.listing === 1 && p.pagesFetched === 1 && !inserted) {
            inserted = true;
            emu.putSecret({ SecretName: "aaa-inserted", CreateTime: "2020-01-01T00:00:00Z" });
          }
        },
      }),
    );
    expect(result.names).toHaveLength(251);
    expect(result.names).toEqual([...emu.listSecretNames()].sort());
    expect(listCalls(emu)).toBeGreaterThan(3);
  });

  test("a delete after page 1 is detected; the relisting returns the new set", async () => {
    const emu = await emulator({ seed: seedSecrets(250) });
    let removed = false;
    const result = await listSecrets(
      emuArgs(emu, { maxConcurrency: 1 }),
      emuContext(emu, {
        onProgress: (p) => {
          if (p.listing === 1 && p.pagesFetched === 1 && !removed)
            removed = emu.removeSecret("s-000005");
        },
      }),
    );
    expect(removed).toBe(true);
    expect(result.names).toHaveLength(249);
    expect(result.names).not.toContain("s-000005");
  });

  test("a set that keeps changing: fails saying so, after a bounded number of listings", async () => {
    const emu = await emulator({
      seed: seedSecrets(250),
      faults: { shiftBetweenPages: { everyNRequests: 1, insert: 1 } },
    });
    const err = await listSecrets(emuArgs(emu), emuContext(emu)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KmsError);
    expect(err).toMatchObject({ code: "ListingInconsistent", retryable: true });
    expect((err as Error).message).toMatch(/the set kept changing/);
    expect(listCalls(emu)).toBeLessThanOrEqual(4 * 3);
  });

  test("removals between pages: never a silently short list", async () => {
    const emu = await emulator({
      seed: seedSecrets(250),
      faults: { shiftBetweenPages: { everyNRequests: 2, remove: 3 } },
    });
    const outcome = await listSecrets(emuArgs(emu, { maxConcurrency: 1 }), emuContext(emu)).catch(
      (e: unknown) => e,
    );
    if (outcome instanceof Error) {
      expect(outcome).toMatchObject({ code: "ListingInconsistent" });
    } else {
      const result = outcome as Awaited<ReturnType<typeof listSecrets>>;
      // whatever pass succeeded saw no change: it equals the set at its end or just before
      expect(result.names.length).toBeGreaterThanOrEqual(emu.listSecretNames().length);
      expect(new Set(result.names).size).toBe(result.names.length);
    }
  });

  test("iterateSecrets throws instead of ending quietly when the set changed", async () => {
    const emu = await emulator({
      seed: seedSecrets(250),
      faults: { shiftBetweenPages: { everyNRequests: 1, insert: 2 } },
    });
    const err = await (async () => {
      for await (const page of iterateSecrets(emuArgs(emu, { maxConcurrency: 1 }), emuContext(emu)))
        void page;
    })().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "ListingInconsistent" });
  });
});

describe("the 4,000-result tag filter cap", () => {
  const tags = (i: number) => [
    { TagKey: "env", TagValue: i % 20 === 0 ? "dev" : "prod" },
    { TagKey: "team", TagValue: i % 2 ? "a" : "b" },
  ];

  test("tag filter over 4,000 matches: relisted without it, filtered locally, complete", async () => {
    const emu = await emulator({
      seed: [...seedSecrets(4300, "t", tags), ...seedSecrets(200, "u")],
    });
    const result = await listSecrets(
      emuArgs(emu, { filters: { tagValue: ["prod"] } }),
      emuContext(emu),
    );
    expect(result.names).toHaveLength(4085);
    expect(result.names.every((n) => n.startsWith("t-"))).toBe(true);
    expect(listCalls(emu)).toBe(1 + 45);
  });

  test("with client-side tags too (all pairs must match, extra tags allowed)", async () => {
    const emu = await emulator({ seed: seedSecrets(4300, "t", tags) });
    const result = await listSecrets(
      emuArgs(emu, { filters: { tagKey: ["env"] }, tags: { env: "prod", team: "a" } }),
      emuContext(emu),
    );
    const expected = seedSecrets(4300, "t", tags)
      .filter((_, i) => i % 20 !== 0 && i % 2 === 1)
      .map((s) => s.SecretName);
    expect(result.names).toEqual(expected);
    expect(result.secrets[0]?.tags).toEqual({ env: "prod", team: "a" });
  });
});

describe("invalid arguments never reach the network", () => {
  test("fast-check over bad arguments: ArgumentError, zero requests", async () => {
    const emu = await emulator({ seed: seedSecrets(3) });
    const bad = fc.oneof(
      fc.record({ pageSize: fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 101 })) }),
      fc.record({ filters: fc.constantFrom("[", '[{"Key":"Nope","Values":[]}]', "{}") }),
      fc.record({ nameRegex: fc.constantFrom("(", "*") }),
      fc.record({ maxConcurrency: fc.integer({ min: 33 }) }),
    );
    await fc.assert(
      fc.asyncProperty(bad, async (extra) => {
        const err = await listSecrets(
          { ...emuArgs(emu), ...extra } as never,
          emuContext(emu),
        ).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ArgumentError);
      }),
      { numRuns: 60 },
    );
    expect(emu.stats().requests).toBe(0);
  });
});

describe("no credential in any error (STS token set)", () => {
  function surfaces(err: unknown): string {
    const e = err as Error;
    return [
      e.message,
      e.stack ?? "",
      String(e),
      JSON.stringify(e),
      inspect(e, { depth: 10, showHidden: true }),
    ].join("\n");
  }

  function expectNoLeak(
    err: unknown,
    key: { accessKeySecret: string; securityToken: string },
  ): void {
    expect(err).toBeInstanceOf(KmsError);
    const text = surfaces(err);
    for (const value of [key.accessKeySecret, key.securityToken]) {
      for (const form of leakForms(value)) expect(text).not.toContain(form);
    }
    expect(text).not.toMatch(/Signature=|Signature%3D[^&]|SecurityToken=(?!\[REDACTED\])/);
  }

  test("POST-style: wrong secret, wrong token, unknown key id", async () => {
    const key = stsKey();
    const emu = await emulator({ seed: seedSecrets(3), accessKeys: [key] });

    const wrongSecret = {
      ...key,
      accessKeySecret: `testsecret-wrong-${key.accessKeySecret.slice(-8)}`,
    };
    const e1 = await listSecrets(emuArgs(emu), emuContext(emu, {}, wrongSecret)).catch(
      (e: unknown) => e,
    );
    expect(e1).toMatchObject({
      code: "SignatureDoesNotMatch",
      remedy: "check-credentials",
      retryable: false,
    });
    expect((e1 as Error).message).toMatch(/check ALIBABA_CLOUD_ACCESS_KEY_ID/);
    expectNoLeak(e1, wrongSecret);
    expectNoLeak(e1, key);

    const wrongToken = { ...key, securityToken: `teststs+other/${key.securityToken.slice(-6)}` };
    const e2 = await listSecrets(emuArgs(emu), emuContext(emu, {}, wrongToken)).catch(
      (e: unknown) => e,
    );
    expect(e2).toMatchObject({
      code: "InvalidSecurityToken.MismatchWithAccessKey",
      remedy: "check-credentials",
    });
    expectNoLeak(e2, wrongToken);

    const unknownId = { ...key, accessKeyId: "testkey-unknown" };
    const e3 = await listSecrets(emuArgs(emu), emuContext(emu, {}, unknownId)).catch(
      (e: unknown) => e,
    );
    expect(e3).toMatchObject({ code: "InvalidAccessKeyId.NotFound", httpStatus: 404 });
    expect((e3 as Error).message).toMatch(/check ALIBABA_CLOUD_ACCESS_KEY_ID/);
    expectNoLeak(e3, unknownId);
    expect(emu.stats().signatureRejected).toBe(3);
  });

  test("GET-style: pop-core's own errors carry the signed URL; ours never do", async () => {
    const key = stsKey();
    const emu = await emulator({ seed: seedSecrets(3), accessKeys: [key] });
    const wrongSecret = {
      ...key,
      accessKeySecret: `testsecret-wrong-${key.accessKeySecret.slice(-8)}`,
    };

    // The raw pop-core GET error really does contain the token: the test below can fail.
    const raw = new RPCClient({ endpoint: emu.endpoint, apiVersion: "2016-01-20", ...wrongSecret });
    const rawErr = await raw.request("ListSecrets", {}, { method: "GET" }).catch((e: unknown) => e);
    expect(String((rawErr as Error).message)).toContain(encodeURIComponent(key.securityToken));

    const credentials = { ...wrongSecret, source: "test" };
    const get = popCoreTransport({ endpoint: emu.endpoint, credentials, method: "GET" });
    try {
      const e1 = await get
        .call("ListSecrets", { PageSize: "10" }, { timeoutMs: 2000 })
        .catch((e: unknown) => e);
      expect(e1).toMatchObject({ code: "SignatureDoesNotMatch" });
      expectNoLeak(e1, wrongSecret);
    } finally {
      get.close();
    }

    // a network failure: httpx appends "GET <full signed URL> failed." to the message
    const port = Number(new URL(emu.endpoint).port);
    await emu.close();
    const dead = popCoreTransport({
      endpoint: `http://127.0.0.1:${port}`,
      credentials,
      method: "GET",
    });
    try {
      const e2 = await dead.call("ListSecrets", {}, { timeoutMs: 1000 }).catch((e: unknown) => e);
      expect(e2).toMatchObject({ code: "NetworkError", retryable: true });
      expectNoLeak(e2, wrongSecret);
      expect(surfaces(e2)).not.toContain(key.accessKeyId);
    } finally {
      dead.close();
    }
  });

  test("POST-style network failure and timeout", async () => {
    const key = stsKey();
    const emu = await emulator({
      seed: seedSecrets(3),
      accessKeys: [key],
      faults: { stallRate: 1, stallMs: 5000 },
    });
    const timeout = await listSecrets(
      emuArgs(emu, { requestTimeoutMs: 100, maxRetries: 1 }),
      emuContext(emu, {}, key),
    ).catch((e: unknown) => e);
    expect(timeout).toMatchObject({ code: "RequestTimeout", retryable: true, attempts: 2 });
    expectNoLeak(timeout, key);
    const args = emuArgs(emu, { maxRetries: 1 });
    await emu.close();
    const refused = await listSecrets(args, emuContext(emu, {}, key)).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "NetworkError", retryable: true });
    expectNoLeak(refused, key);
  });
});
