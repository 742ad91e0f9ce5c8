/** Unit tests of the lookup core's small modules: classification, redaction, retry, limits, wire. */
import { classifyCode, kmsErrorFromBody, kmsErrorFromThrown } from "../core/classify";
import { standardResilience } from "../core/resilience";
import { KmsError, redact } from "../core/errors";
import { RateLimiter, sharedRateLimiter } from "../core/rateLimiter";
import { RETRY_COST, RetryBudget, backoffDelay, retryPolicy, withRetries } from "../core/retry";
import fc from "fast-check";
import {
  fastEnvelope,
  fastSecret,
  listSecretsEnvelopeSchema,
  pageParser,
  toSecret,
  wireSecretSchema,
} from "../core/wire";

const ctx = { apiAction: "ListSecrets", known: [] as string[] };

describe("classifyCode", () => {
  test.each([
    ["Throttling.User", 400, true, "retry"],
    ["Rejected.Throttling", 429, true, "retry"],
    ["Throttling", 400, true, "retry"],
    ["ServiceUnavailable", 503, true, "retry"],
    ["InternalFailure", 500, true, "retry"],
    ["SomethingNew", 502, true, "retry"],
    ["InvalidAccessKeyId.NotFound", 404, false, "check-credentials"],
    ["SignatureDoesNotMatch", 400, false, "check-credentials"],
    ["InvalidSecurityToken.Expired", 400, false, "check-credentials"],
    ["InvalidTimeStamp.Expired", 400, false, "check-clock"],
    ["Forbidden.NoPermission", 403, false, "check-permissions"],
    ["InvalidParameter", 400, false, "check-arguments"],
    ["SomethingNew", 400, false, "none"],
  ] as const)("%s (HTTP %d)", (code, status, retryable, action) => {
    const c = classifyCode(code, status);
    expect(c.retryable).toBe(retryable);
    expect(c.remedy).toBe(action);
  });

  test("a wrong key says which variables to check; a stale clock says so", () => {
    const key = kmsErrorFromBody(
      { Code: "InvalidAccessKeyId.NotFound", RequestId: "r-1" },
      404,
      ctx,
    );
    expect(key.message).toMatch(/check ALIBABA_CLOUD_ACCESS_KEY_ID/);
    expect(key).toMatchObject({
      code: "InvalidAccessKeyId.NotFound",
      httpStatus: 404,
      requestId: "r-1",
    });
    const clock = kmsErrorFromBody({ Code: "InvalidTimeStamp.Expired" }, 400, ctx);
    expect(clock.message).toMatch(/your clock is off/);
    expect(clock.remedy).toBe("check-clock");
  });

  test("thrown values keep only their kind, never their message", () => {
    const url = "http://127.0.0.1:1/?AccessKeyId=testkey-x&SecurityToken=tok-abcdef&Signature=sig";
    const reset = Object.assign(new Error(`socket hang up GET ${url} failed.`), {
      code: "ECONNRESET",
    });
    const e = kmsErrorFromThrown(reset, ctx);
    expect(e).toMatchObject({ code: "NetworkError", retryable: true });
    expect(e.message).not.toMatch(/tok-abcdef|testkey-x|127\.0\.0\.1/);
    const timeout = Object.assign(new Error(`ReadTimeout(100). GET ${url} failed.`), {
      name: "RequestTimeoutError",
    });
    expect(kmsErrorFromThrown(timeout, ctx)).toMatchObject({
      code: "RequestTimeout",
      retryable: true,
    });
    expect(kmsErrorFromThrown({ weird: true }, ctx)).toMatchObject({
      code: "UnexpectedError",
      retryable: false,
    });
    expect(kmsErrorFromThrown("a string", ctx)).toBeInstanceOf(KmsError);
  });
});

describe("redact", () => {
  const token = "CAIS+abc/def==ghi";
  test("removes signed-URL parameters, encoded strings to sign and known values", () => {
    const text = [
      `GET http://127.0.0.1:8080/?AccessKeyId=testkey-1&SecurityToken=${encodeURIComponent(token)}&Signature=abc%3D failed.`,
      `server string to sign is:POST&%2F&AccessKeyId%3Dtestkey-1%26SecurityToken%3D${encodeURIComponent(encodeURIComponent(token))}%26Version%3D2016-01-20`,
      `{ accessKeySecret: 'sekrit-1234', "SecurityToken": "xyz" } x-acs-security-token: abcd`,
      `access_key_secret = from-ini-file`,
      `raw token ${token} and encoded ${encodeURIComponent(token)}`,
    ].join("\n");
    const out = redact(text, [token, "sekrit-1234"]);
    for (const leaked of [
      token,
      encodeURIComponent(token),
      "sekrit-1234",
      "xyz",
      "abcd",
      "from-ini-file",
      "abc%3D",
    ]) {
      expect(out).not.toContain(leaked);
    }
    expect(out).toContain("[REDACTED]");
    expect(out).toContain("Version%3D2016-01-20");
  });

  test("KmsError redacts its message and stack, and serializes without secrets", () => {
    const e = new KmsError({
      code: "X",
      message: `failed with ${token}`,
      kind: "internal",
      retryable: false,
      known: [token],
    });
    expect(e.message).not.toContain(token);
    expect(e.stack ?? "").not.toContain(token);
    expect(JSON.stringify(e)).not.toContain(token);
    expect(JSON.parse(JSON.stringify(e))).toMatchObject({ code: "X", retryable: false });
  });
});

describe("retry", () => {
  test("full jitter stays within [0, min(cap, base*2^n))", () => {
    expect(backoffDelay(0, 100, 20_000, () => 0.999)).toBe(99);
    expect(backoffDelay(3, 100, 20_000, () => 0.5)).toBe(400);
    expect(backoffDelay(20, 100, 20_000, () => 0.999)).toBe(19_980);
    expect(backoffDelay(5, 100, 20_000, () => 0)).toBe(0);
  });

  const transient = (): KmsError =>
    new KmsError({
      code: "ServiceUnavailable",
      kind: "unavailable",
      message: "x",
      retryable: true,
    });
  const fatal = (): KmsError =>
    new KmsError({
      code: "Forbidden.NoPermission",
      message: "x",
      kind: "permission",
      retryable: false,
    });

  test("retries transient errors, sleeping with the jittered backoff", async () => {
    const sleeps: number[] = [];
    const policy = retryPolicy(5, { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 });
    let n = 0;
    const result = await withRetries(
      async () => {
        if (n++ < 3) throw transient();
        return "ok";
      },
      policy,
      new RetryBudget(),
    );
    expect(result).toBe("ok");
    expect(sleeps).toEqual([50, 100, 200]);
  });

  test("does not retry auth or validation errors", async () => {
    let n = 0;
    const policy = retryPolicy(5, { sleep: async () => undefined });
    await expect(
      withRetries(
        async () => {
          n++;
          throw fatal();
        },
        policy,
        new RetryBudget(),
      ),
    ).rejects.toMatchObject({ code: "Forbidden.NoPermission" });
    expect(n).toBe(1);
  });

  test("gives up after maxRetries, saying so", async () => {
    let n = 0;
    const policy = retryPolicy(2, { sleep: async () => undefined });
    const err = await withRetries(
      async () => {
        n++;
        throw transient();
      },
      policy,
      new RetryBudget(),
    ).catch((e: unknown) => e);
    expect(n).toBe(3);
    expect(err).toMatchObject({ code: "ServiceUnavailable", attempts: 3 });
    expect((err as Error).message).toMatch(/gave up after 3 attempts/);
  });

  test("the retry budget bounds retries across calls and refills on success", async () => {
    const budget = new RetryBudget(3 * RETRY_COST);
    const policy = retryPolicy(100, { sleep: async () => undefined });
    let n = 0;
    await expect(
      withRetries(
        async () => {
          n++;
          throw transient();
        },
        policy,
        budget,
      ),
    ).rejects.toThrow(/retry budget/);
    expect(n).toBe(4);
    expect(budget.available).toBe(0);
    await withRetries(async () => "ok", policy, budget);
    expect(budget.available).toBe(1);
  });
});

describe("RateLimiter", () => {
  function fakeClock() {
    let now = 0;
    const slept: number[] = [];
    return {
      clock: {
        now: () => now,
        sleep: async (ms: number) => {
          slept.push(ms);
          now += ms;
        },
      },
      slept,
      advance: (ms: number) => (now += ms),
    };
  }

  test("one shared limiter per endpoint, access key and action, for the whole process", () => {
    const endpoint = "http://127.0.0.1:1";
    const list = sharedRateLimiter(endpoint, "testkey-a", "ListSecrets");
    expect(sharedRateLimiter(endpoint, "testkey-a", "ListSecrets")).toBe(list);
    expect(sharedRateLimiter(endpoint, "testkey-a", "GetSecretValue")).not.toBe(list);
    expect(sharedRateLimiter(endpoint, "testkey-b", "ListSecrets")).not.toBe(list);
    expect(sharedRateLimiter("http://127.0.0.1:2", "testkey-a", "ListSecrets")).not.toBe(list);
    // paced just under the shared gateway's quota per action (40/s; GetSecretValue 450/s)
    expect(list.configuredRate).toBe(38);
    expect(sharedRateLimiter(endpoint, "testkey-a", "GetSecretValue").configuredRate).toBe(427.5);
  });

  test("a cap above the shared pace lifts it: one call at a time 20 ms apart never waits (the bench's sequential contender)", async () => {
    const sleeps = async (maxRequestsPerSecond: number | undefined): Promise<number> => {
      const { clock, slept, advance } = fakeClock();
      const shared = new RateLimiter({ requestsPerSecond: 38 }, clock);
      const strategy = standardResilience({
        policy: retryPolicy(0),
        maxConcurrency: 1,
        maxRequestsPerSecond,
        limiterFor: () => shared,
      });
      const signal = new AbortController().signal;
      const roundTrip = async (): Promise<void> => void advance(20);
      for (let i = 0; i < 10; i++) await strategy.run("ListSecrets", roundTrip, signal);
      return slept.length;
    };
    expect(await sleeps(1000)).toBe(0);
    expect(await sleeps(undefined)).toBe(9); // at 38/s, every call after the first waits ~6 ms
  });

  test("lets a burst through, then spaces requests at the rate", async () => {
    const { clock, slept } = fakeClock();
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 3 }, clock);
    for (let i = 0; i < 6; i++) await limiter.acquire();
    expect(slept).toEqual([100, 100, 100]);
  });

  test("slows down on throttling once per epoch and cooldown, and climbs back linearly in time", async () => {
    const { clock, advance } = fakeClock();
    const limiter = new RateLimiter({ requestsPerSecond: 20, burst: 1 }, clock);
    const a = await limiter.acquire();
    const b = await limiter.acquire();
    limiter.onThrottle(a);
    limiter.onThrottle(b); // same epoch: no second decrease
    expect(limiter.currentRate).toBeCloseTo(14);
    const c = await limiter.acquire();
    limiter.onThrottle(c); // new epoch, but within the cooldown
    expect(limiter.currentRate).toBeCloseTo(14);
    advance(600);
    const d = await limiter.acquire();
    limiter.onThrottle(d);
    expect(limiter.currentRate).toBeCloseTo(9.8);
    advance(1000);
    limiter.onSuccess(); // one second later: +20% of the ceiling
    expect(limiter.currentRate).toBeCloseTo(13.8);
    advance(10_000);
    limiter.onSuccess();
    expect(limiter.currentRate).toBe(20);
    for (let i = 0; i < 20; i++) {
      advance(600);
      limiter.onThrottle(await limiter.acquire());
    }
    expect(limiter.currentRate).toBe(1);
  });

  test("a throttle from a request sent before the last decrease does not decrease again, even after the cooldown", async () => {
    const { clock, advance } = fakeClock();
    const limiter = new RateLimiter({ requestsPerSecond: 20, burst: 1 }, clock);
    const early = await limiter.acquire();
    const late = await limiter.acquire();
    limiter.onThrottle(early);
    expect(limiter.currentRate).toBeCloseTo(14);
    advance(600); // past the cooldown: only the epoch tells `late` was sent at the old rate
    limiter.onThrottle(late);
    expect(limiter.currentRate).toBeCloseTo(14);
    limiter.onThrottle(await limiter.acquire()); // sent after the decrease: counts
    expect(limiter.currentRate).toBeCloseTo(9.8);
  });
});

describe("the resilience strategy's cap on calls in flight", () => {
  test("never runs more than maxConcurrency calls at once", async () => {
    const strategy = standardResilience({
      policy: retryPolicy(0),
      maxConcurrency: 4,
      limiterFor: () => new RateLimiter({ requestsPerSecond: 100_000, burst: 1000 }),
    });
    let running = 0;
    let peak = 0;
    const task = async (): Promise<void> => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setImmediate(r));
      running--;
    };
    const signal = new AbortController().signal;
    await Promise.all(Array.from({ length: 20 }, () => strategy.run("ListSecrets", task, signal)));
    expect(peak).toBe(4);
    expect(strategy.stats).toEqual({ requests: 20, throttled: 0 });
  });
});

describe("pageParser", () => {
  const parse = pageParser(true);
  const item = {
    SecretName: "a",
    SecretType: "Generic",
    CreateTime: "2024-07-17T07:59:05Z",
    UpdateTime: "2024-07-17T07:59:05Z",
  };

  test("the reference example parses; absent fields are omitted, empty OwingService dropped", () => {
    const page = parse({
      PageNumber: 1,
      PageSize: 2,
      RequestId: "6a6287a0",
      TotalCount: 55,
      SecretList: {
        Secret: [
          {
            ...item,
            SecretName: "secret001",
            PlannedDeleteTime: "2024-08-17T07:59:05Z",
            Tags: { Tag: [{ TagValue: "val1", TagKey: "key1" }] },
            OwingService: "",
          },
        ],
      },
    });
    expect(page).toEqual({
      requestId: "6a6287a0",
      totalCount: 55,
      pageSize: 2,
      secrets: [
        {
          id: "secret001",
          secretName: "secret001",
          secretType: "Generic",
          createTime: "2024-07-17T07:59:05Z",
          updateTime: "2024-07-17T07:59:05Z",
          plannedDeleteTime: "2024-08-17T07:59:05Z",
          tags: { key1: "val1" },
        },
      ],
    });
    expect(Object.keys(page.secrets[0] ?? {})).not.toContain("owingService");
  });

  test("is lenient: unknown fields, unknown SecretType, single objects, nulls, numeric strings", () => {
    const page = parse({
      TotalCount: "1",
      Extra: { anything: true },
      SecretList: {
        Secret: {
          ...item,
          SecretType: "QuantumVault",
          NewField: 1,
          PlannedDeleteTime: null,
          Tags: { Tag: { TagKey: "k", TagValue: "v" } },
        },
      },
    });
    expect(page.totalCount).toBe(1);
    expect(page.secrets[0]).toEqual({
      id: "a",
      secretName: "a",
      secretType: "QuantumVault",
      createTime: item.CreateTime,
      updateTime: item.UpdateTime,
      tags: { k: "v" },
    });
    expect(parse({ TotalCount: 0 }).secrets).toEqual([]);
  });

  test("a missing SecretName or a non-numeric TotalCount names the RequestId", () => {
    const { SecretName: _omit, ...noName } = item;
    expect(() =>
      parse({ RequestId: "rq-77", TotalCount: 1, SecretList: { Secret: [noName] } }),
    ).toThrow(/RequestId rq-77.*SecretList\.Secret\.0\.SecretName/);
    expect(() => parse({ RequestId: "rq-78", TotalCount: "lots" })).toThrow(
      /RequestId rq-78.*TotalCount/,
    );
    const err = (() => {
      try {
        parse({ RequestId: "rq-79", TotalCount: -1 });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toMatchObject({ code: "MalformedResponse", requestId: "rq-79", retryable: false });
  });

  test("without tags wanted, tags are left empty", () => {
    const page = pageParser(false)({
      TotalCount: 1,
      SecretList: { Secret: [{ ...item, Tags: { Tag: [{ TagKey: "k", TagValue: "v" }] } }] },
    });
    expect(page.secrets[0]?.tags).toEqual({});
  });
});

describe("fastSecret (the parser's fast path) agrees with the zod schema", () => {
  const text = fc.oneof(fc.string(), fc.constantFrom("", "Generic", "2024-07-17T07:59:05Z"));
  // mostly valid values, sometimes not: both paths get exercised
  const maybe = <T>(arb: fc.Arbitrary<T>) =>
    fc.oneof(
      { arbitrary: arb, weight: 12 },
      fc.constant(undefined),
      fc.constant(null),
      fc.integer(),
      fc.boolean(),
    );
  const tag = fc.oneof(
    fc.record({ TagKey: maybe(text), TagValue: maybe(text) }, { requiredKeys: [] }),
    fc.anything(),
  );
  const item = fc.oneof(
    fc.record(
      {
        SecretName: maybe(text),
        SecretType: maybe(text),
        CreateTime: maybe(text),
        UpdateTime: maybe(text),
        PlannedDeleteTime: maybe(text),
        OwingService: maybe(text),
        Tags: fc.oneof(
          maybe(
            fc.record(
              { Tag: fc.oneof(maybe(fc.array(tag, { maxLength: 4 })), tag) },
              { requiredKeys: [] },
            ),
          ),
          fc.array(tag, { maxLength: 2 }),
        ),
        Extra: fc.anything(),
      },
      { requiredKeys: [] },
    ),
    fc.anything(),
  );

  test("whenever the fast path answers, the schema path gives the same secret", () => {
    const schema = wireSecretSchema();
    let fastHits = 0;
    fc.assert(
      fc.property(item, fc.boolean(), (raw, withTags) => {
        const fast = fastSecret(raw, withTags);
        const slow = schema.safeParse(raw);
        if (fast) {
          fastHits++;
          expect(slow.success).toBe(true);
          if (slow.success) expect(fast).toEqual(toSecret(slow.data, withTags));
        }
      }),
      { numRuns: 3000 },
    );
    expect(fastHits).toBeGreaterThan(10);
  });

  test("well-formed items take the fast path", () => {
    const raw = {
      SecretName: "n",
      SecretType: "Generic",
      CreateTime: "c",
      UpdateTime: "u",
      PlannedDeleteTime: "",
      OwingService: null,
      Tags: { Tag: [{ TagKey: "k", TagValue: "v" }] },
    };
    expect(fastSecret(raw, true)).toEqual({
      id: "n",
      secretName: "n",
      secretType: "Generic",
      createTime: "c",
      updateTime: "u",
      tags: { k: "v" },
    });
  });
});

describe("fastEnvelope (the page envelope's fast path) agrees with the zod schema", () => {
  const count = fc.oneof(
    { arbitrary: fc.nat(), weight: 8 },
    fc.integer(),
    fc.double(),
    fc.constantFrom("12", " 3 ", "x", null, undefined, 2 ** 60),
  );
  const list = fc.oneof(
    fc.record(
      { Secret: fc.oneof(fc.array(fc.anything(), { maxLength: 3 }), fc.anything()) },
      {
        requiredKeys: [],
      },
    ),
    fc.anything(),
  );
  const body = fc.oneof(
    fc.record(
      {
        RequestId: fc.oneof(fc.string(), fc.constant(null), fc.integer()),
        TotalCount: count,
        PageNumber: count,
        PageSize: count,
        SecretList: list,
      },
      { requiredKeys: [] },
    ),
    fc.anything(),
  );

  test("whenever the fast path answers, the schema gives the same count, page size and items", () => {
    const schema = listSecretsEnvelopeSchema();
    let fastHits = 0;
    fc.assert(
      fc.property(body, (raw) => {
        const fast = fastEnvelope(raw);
        if (!fast) return;
        fastHits++;
        const slow = schema.safeParse(raw);
        expect(slow.success).toBe(true);
        if (!slow.success) return;
        expect(fast).toEqual({
          totalCount: slow.data.TotalCount,
          pageSize: slow.data.PageSize,
          items: slow.data.SecretList?.Secret ?? [],
        });
      }),
      { numRuns: 3000 },
    );
    expect(fastHits).toBeGreaterThan(50);
  });
});
