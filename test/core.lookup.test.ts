/** The lookup over a fake in-memory transport: paging, consistency, tag cap, output, arguments. */
import fc from "fast-check";
import { ArgumentError } from "../core/args";
import { KmsError } from "../core/errors";
import { iterateSecrets, listSecrets, type LookupProgress } from "../core/lookup";
import { getSecretsResultSchema, type Secret } from "../core/result";
import { defaultRate, sharedRateLimiter } from "../core/rateLimiter";
import { FakeKms, fakeContext, fakeSecrets, type FakeSecret } from "./helpers/coreFakes";
import { ListenerProbe } from "./helpers/listenerProbe";

function hasUndefinedValue(value: unknown): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value)) return value.some(hasUndefinedValue);
  if (value && typeof value === "object") return Object.values(value).some(hasUndefinedValue);
  return false;
}

describe("listSecrets over a fake transport", () => {
  test.each([
    [0, 100, 1],
    [1, 100, 1],
    [99, 100, 1],
    [100, 100, 1],
    [101, 100, 2],
    [1234, 100, 13],
    [1234, 7, 177],
  ])("N=%d pageSize=%d makes exactly %d ListSecrets calls", async (n, pageSize, calls) => {
    const fake = new FakeKms(fakeSecrets(n));
    const result = await listSecrets({ pageSize }, fakeContext(fake));
    expect(fake.listCalls).toBe(calls);
    expect(result.names).toHaveLength(n);
    expect(new Set(fake.calls.map((c) => c.params["PageNumber"])).size).toBe(calls);
    expect(fake.closed).toBe(1);
  });

  test("result: sorted by name, ids = names, no undefined anywhere, valid against the schema", async () => {
    const secrets = fakeSecrets(250).reverse();
    const fake = new FakeKms(secrets);
    const result = await listSecrets({}, fakeContext(fake));
    const sorted = secrets.map((s) => s.SecretName).sort();
    expect(result.names).toEqual(sorted);
    expect(result.ids).toEqual(sorted);
    expect(result.region).toBe("cn-hangzhou");
    expect(result.id).toMatch(/^[0-9a-f]{16}$/);
    expect(hasUndefinedValue(result)).toBe(false);
    expect(getSecretsResultSchema().parse(result)).toEqual(result);
    expect(result.secrets[0]).toEqual({
      id: "secret-000000",
      secretName: "secret-000000",
      secretType: "Rds",
      createTime: "2024-07-17T07:59:05Z",
      updateTime: "2024-07-18T07:59:05Z",
      plannedDeleteTime: "2024-08-17T07:59:05Z",
      tags: {},
    });
  });

  test("maxRequestsPerSecond caps this lookup only, and leaves the id alone", async () => {
    const fake = new FakeKms(fakeSecrets(3));
    const { rateLimit: _default, ...ctx } = fakeContext(fake);
    const endpoint = "http://127.0.0.1:9";
    const plain = await listSecrets({ endpoint }, ctx);
    const slept: number[] = [];
    const paced = {
      ...ctx,
      retry: { ...ctx.retry, sleep: async (ms: number) => void slept.push(ms) },
    };
    const fast = await listSecrets({ endpoint, maxRequestsPerSecond: 5, pageSize: 1 }, paced);
    // one slot per 200 ms for this lookup...
    expect(slept.filter((ms) => ms > 150).length).toBeGreaterThanOrEqual(2);
    // ...without reconfiguring the limiter the other lookups of this key share
    const keyId = ctx.env?.["ALIBABA_CLOUD_ACCESS_KEY_ID"] as string;
    expect(sharedRateLimiter(endpoint, keyId, "ListSecrets").configuredRate).toBe(
      defaultRate("ListSecrets"),
    );
    expect(fast.id).toBe(plain.id);
    await expect(listSecrets({ maxRequestsPerSecond: 0 }, ctx)).rejects.toThrow(
      /maxRequestsPerSecond/,
    );
  });

  test("the id is stable across equivalent queries and differs by region and query", async () => {
    const fake = new FakeKms(fakeSecrets(3));
    const ctx = fakeContext(fake);
    const a = await listSecrets(
      { filters: { secretType: ["Rds", "Generic"] }, ids: ["b", "a"] },
      ctx,
    );
    const b = await listSecrets(
      {
        filters: [{ Key: "SecretType", Values: ["Generic", "Rds"] }],
        ids: ["a", "b"],
        pageSize: 5,
      },
      ctx,
    );
    const c = await listSecrets({ filters: { secretType: ["Rds"] }, ids: ["a", "b"] }, ctx);
    const d = await listSecrets(
      { filters: { secretType: ["Rds", "Generic"] }, ids: ["a", "b"], region: "cn-shanghai" },
      ctx,
    );
    expect(a.id).toBe(b.id);
    expect(new Set([a.id, c.id, d.id]).size).toBe(3);
  });

  test("client-side ids, nameRegex and tags (all pairs, extra tags allowed)", async () => {
    const tags = (i: number) => [
      { TagKey: "env", TagValue: i % 2 ? "prod" : "dev" },
      { TagKey: "team", TagValue: i % 3 ? "a" : "b" },
    ];
    const fake = new FakeKms(fakeSecrets(30, "s", tags));
    const ctx = fakeContext(fake);
    const byTags = await listSecrets({ tags: { env: "prod", team: "b" } }, ctx);
    expect(byTags.names).toEqual(["s-000003", "s-000009", "s-000015", "s-000021", "s-000027"]);
    expect(byTags.secrets[0]?.tags).toEqual({ env: "prod", team: "b" });
    expect(fake.calls.at(-1)?.params["FetchTags"]).toBe("true");

    const byRegex = await listSecrets({ nameRegex: "-00001[0-2]$" }, ctx);
    expect(byRegex.names).toEqual(["s-000010", "s-000011", "s-000012"]);
    expect(byRegex.secrets[0]?.tags).toEqual({});

    const before = fake.listCalls;
    const byIds = await listSecrets({ ids: ["s-000004", "nope", "s-000002"] }, ctx);
    expect(byIds.names).toEqual(["s-000002", "s-000004"]);
    // ids are pushed down as a SecretName filter: one small page instead of the whole account
    expect(fake.listCalls - before).toBe(1);
    expect(JSON.parse(fake.calls.at(-1)?.params["Filters"] ?? "[]")).toEqual([
      { Key: "SecretName", Values: ["nope", "s-000002", "s-000004"] },
    ]);
  });

  test("ids are pushed down as a SecretName filter up to 10, and more than 10 are filtered on the client", async () => {
    const fake = new FakeKms(fakeSecrets(30, "s"));
    const ctx = fakeContext(fake);
    const ids = (n: number) =>
      Array.from({ length: n }, (_, i) => `s-${String(i + 1).padStart(6, "0")}`);
    const ten = await listSecrets({ ids: ids(10) }, ctx);
    expect(ten.names).toEqual(ids(10));
    expect(JSON.parse(fake.calls.at(-1)?.params["Filters"] ?? "[]")).toEqual([
      { Key: "SecretName", Values: ids(10) },
    ]);
    // the server takes at most 10 values per filter: 11 ids list everything, matched client-side
    const before = fake.calls.length;
    const eleven = await listSecrets({ ids: [...ids(11), "nope"] }, ctx);
    expect(eleven.names).toEqual(ids(11));
    expect(fake.calls.length).toBeGreaterThan(before);
    for (const call of fake.calls.slice(before)) expect(call.params["Filters"]).toBeUndefined();
  });

  test("unknown SecretType and extra fields pass through", async () => {
    const odd = {
      ...fakeSecrets(1)[0],
      SecretType: "FutureType",
      Surprise: { x: 1 },
    } as FakeSecret;
    const result = await listSecrets({}, fakeContext(new FakeKms([odd])));
    expect(result.secrets[0]?.secretType).toBe("FutureType");
    expect(result.secrets[0]).not.toHaveProperty("Surprise");
  });

  test("reports progress per page", async () => {
    const progress: LookupProgress[] = [];
    const fake = new FakeKms(fakeSecrets(250));
    await listSecrets({}, fakeContext(fake, { onProgress: (p) => progress.push(p) }));
    expect(progress.map((p) => p.pagesFetched)).toEqual([1, 2, 3]);
    expect(progress.at(-1)).toEqual({
      pagesFetched: 3,
      totalPages: 3,
      secretsFetched: 250,
      listing: 1,
    });
  });
});

describe("consistency", () => {
  test("an insert between pages is detected and the listing is redone", async () => {
    const fake = new FakeKms(fakeSecrets(250));
    fake.afterList = (index) => {
      if (index === 0) fake.secrets.unshift({ ...fakeSecrets(1, "aaa-new")[0]! });
    };
    const result = await listSecrets({ maxConcurrency: 1 }, fakeContext(fake));
    expect(result.names).toHaveLength(251);
    expect(result.names[0]).toBe("aaa-new-000000");
    // pass 1 stops at page 2 (TotalCount changed; page 3 is never sent), pass 2 takes 3 pages
    expect(fake.listCalls).toBe(5);
  });

  test("a delete between pages is detected and the listing is redone", async () => {
    const fake = new FakeKms(fakeSecrets(250));
    fake.afterList = (index) => {
      if (index === 0) fake.secrets.splice(3, 1);
    };
    const result = await listSecrets({ maxConcurrency: 1 }, fakeContext(fake));
    expect(result.names).toHaveLength(249);
    expect(result.names).not.toContain("secret-000003");
  });

  test("a set that keeps changing fails after a bounded number of listings", async () => {
    const fake = new FakeKms(fakeSecrets(250));
    let k = 0;
    fake.afterList = () => {
      fake.secrets.unshift({ ...fakeSecrets(1, `new-${k++}`)[0]! });
    };
    const err = await listSecrets({}, fakeContext(fake)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KmsError);
    expect(err).toMatchObject({ code: "ListingInconsistent" });
    expect((err as Error).message).toMatch(/the set kept changing: 4 listings/);
    expect(fake.listCalls).toBeLessThanOrEqual(4 * 3);
  });

  test("a page that duplicates names (same TotalCount) is caught", async () => {
    const fake = new FakeKms(fakeSecrets(200));
    fake.hook = (call) => {
      if (call.params["PageNumber"] !== "2") return undefined;
      const body = fake.listSecrets({ ...call.params, PageNumber: "1" });
      return { body, httpStatus: 200, requestId: "dup" };
    };
    const err = await listSecrets({}, fakeContext(fake, { maxRelists: 1 })).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: "ListingInconsistent" });
    expect((err as Error).message).toMatch(/appeared on two pages/);
  });

  test("iterateSecrets streams pages in order and throws if the set changed", async () => {
    const fake = new FakeKms(fakeSecrets(250));
    const pages: Secret[][] = [];
    for await (const page of iterateSecrets({}, fakeContext(fake))) pages.push(page);
    expect(pages.map((p) => p.length)).toEqual([100, 100, 50]);
    expect(pages.flat().map((s) => s.secretName)).toEqual(
      fakeSecrets(250).map((s) => s.SecretName),
    );

    fake.afterList = (index) => {
      if (index === 3) fake.secrets.unshift({ ...fakeSecrets(1, "aaa")[0]! });
    };
    const seen: number[] = [];
    const err = await (async () => {
      for await (const page of iterateSecrets({ maxConcurrency: 1 }, fakeContext(fake)))
        seen.push(page.length);
    })().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "ListingInconsistent" });
    expect(seen.length).toBeLessThan(3);
  });

  test("breaking out of iterateSecrets stops requests and closes the transport", async () => {
    const fake = new FakeKms(fakeSecrets(2000));
    for await (const page of iterateSecrets({ maxConcurrency: 2 }, fakeContext(fake))) {
      expect(page).toHaveLength(100);
      break;
    }
    const made = fake.listCalls;
    expect(made).toBeLessThanOrEqual(1 + 4);
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.listCalls).toBe(made);
    expect(fake.closed).toBe(1);
  });
});

describe("tag filter cap", () => {
  const tagged = (i: number) => [{ TagKey: "env", TagValue: i % 10 === 0 ? "dev" : "prod" }];

  test("a tag-filtered query at the 4,000 cap is relisted without the tag filter and filtered locally", async () => {
    const fake = new FakeKms([...fakeSecrets(4500, "t", tagged), ...fakeSecrets(300, "u")]);
    const result = await listSecrets({ filters: { tagValue: ["prod"] } }, fakeContext(fake));
    expect(result.names).toHaveLength(4050);
    expect(result.names.every((n) => n.startsWith("t-"))).toBe(true);
    // 1 capped first page, then the unfiltered listing of 4,800 secrets
    expect(fake.listCalls).toBe(1 + 48);
    expect(JSON.parse(fake.calls.at(-1)?.params["Filters"] ?? "[]")).toEqual([]);
    // tags were fetched for the local filter, but not asked for: not returned
    expect(result.secrets[0]?.tags).toEqual({});
  });

  test("the same through the iterator, before any page is yielded", async () => {
    const fake = new FakeKms(fakeSecrets(4100, "t", tagged));
    let count = 0;
    for await (const page of iterateSecrets(
      { filters: { tagKey: ["env"] }, fetchTags: true },
      fakeContext(fake),
    )) {
      count += page.length;
      expect(page.every((s) => s.tags["env"] !== undefined)).toBe(true);
    }
    expect(count).toBe(4100);
  });

  test("below the cap, the tag filter stays on the server", async () => {
    const fake = new FakeKms(fakeSecrets(500, "t", tagged));
    const result = await listSecrets({ filters: { tagValue: ["dev"] } }, fakeContext(fake));
    expect(result.names).toHaveLength(50);
    expect(fake.listCalls).toBe(1);
  });
});

describe("arguments are refused before any request", () => {
  const invalid = fc.oneof(
    fc.record({
      pageSize: fc.oneof(
        fc.integer({ max: 0 }),
        fc.integer({ min: 101 }),
        fc.double({ noInteger: true }),
      ),
    }),
    fc.record({ maxConcurrency: fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 33 })) }),
    fc.record({ requestTimeoutMs: fc.integer({ max: 99 }) }),
    fc.record({ maxRetries: fc.oneof(fc.integer({ max: -1 }), fc.integer({ min: 21 })) }),
    fc.record({ region: fc.string().filter((s) => !/^[a-z]{2,}(-[a-z0-9]+)+$/.test(s)) }),
    fc.record({
      endpoint: fc.constantFrom(
        "http://10.0.0.1",
        "ftp://x",
        "https://kms.example.com/path",
        "http://user:pw@127.0.0.1",
        "::",
      ),
    }),
    fc.record({ nameRegex: fc.constantFrom("(", "[", "a{2,1}", "\\") }),
    fc.record({ ids: fc.array(fc.constant(""), { minLength: 1 }) }),
    fc.record({ tags: fc.constant({ "": "x" }) }),
    fc.record({ fetchTags: fc.oneof(fc.string(), fc.integer()) }),
    fc.record({
      filters: fc.oneof(
        fc.constant("not json"),
        fc.constant("{}"),
        fc.array(
          fc.record({
            Key: fc
              .string()
              .filter(
                (k) =>
                  ![
                    "SecretName",
                    "Description",
                    "TagKey",
                    "TagValue",
                    "DKMSInstanceId",
                    "SecretType",
                    "Creator",
                  ].includes(k),
              ),
            Values: fc.array(fc.string({ minLength: 1 }), { maxLength: 3 }),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        fc.array(
          fc.record({
            Key: fc.constant("SecretName"),
            Values: fc.array(fc.string({ minLength: 1 }), { minLength: 11, maxLength: 15 }),
          }),
          { minLength: 1, maxLength: 2 },
        ),
        fc.array(fc.constant({ Key: "SecretName", Values: ["a"] }), {
          minLength: 11,
          maxLength: 12,
        }),
        fc.record({ secretName: fc.constant([""]) }),
        fc.record({ bogusKey: fc.constant(["x"]) }),
      ),
    }),
    fc.dictionary(
      fc
        .string({ minLength: 1 })
        .filter(
          (k) =>
            ![
              "region",
              "endpoint",
              "filters",
              "nameRegex",
              "ids",
              "tags",
              "fetchTags",
              "pageSize",
              "maxConcurrency",
              "requestTimeoutMs",
              "maxRetries",
              "__proto__",
              "constructor",
              "toString",
              "valueOf",
              "hasOwnProperty",
            ].includes(k),
        ),
      fc.anything(),
      { minKeys: 1, maxKeys: 3 },
    ),
  );

  test("every invalid argument gets an ArgumentError naming it, and nothing is sent", async () => {
    const fake = new FakeKms(fakeSecrets(5));
    const ctx = fakeContext(fake);
    await fc.assert(
      fc.asyncProperty(invalid, async (args) => {
        const err = await listSecrets(args as never, ctx).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ArgumentError);
        const issues = (err as ArgumentError).issues;
        expect(issues.length).toBeGreaterThan(0);
        for (const key of Object.keys(args)) {
          expect(issues.some((i) => i.path === key || i.path.startsWith(`${key}.`))).toBe(true);
        }
        expect((err as Error).message).not.toMatch(/\n\s+at /);
        const iterErr = await (async () => {
          for await (const _ of iterateSecrets(args as never, ctx)) void _;
        })().catch((e: unknown) => e);
        expect(iterErr).toBeInstanceOf(ArgumentError);
      }),
      { numRuns: 300 },
    );
    expect(fake.calls).toHaveLength(0);
    expect(fake.transports).toHaveLength(0);
  });

  test("one error names every bad field", async () => {
    const fake = new FakeKms([]);
    const err = (await listSecrets(
      { pageSize: 0, maxConcurrency: 0, nameRegex: "(", region: "Nope" } as never,
      fakeContext(fake),
    ).catch((e: unknown) => e)) as ArgumentError;
    expect(err.issues.map((i) => i.path).sort()).toEqual([
      "maxConcurrency",
      "nameRegex",
      "pageSize",
      "region",
    ]);
    expect(fake.calls).toHaveLength(0);
  });
});

describe("malformed responses never crash untyped", () => {
  const secretish = fc.record(
    {
      SecretName: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
      SecretType: fc.oneof(fc.string(), fc.constant(undefined), fc.integer()),
      CreateTime: fc.oneof(fc.string(), fc.constant(null)),
      UpdateTime: fc.string(),
      PlannedDeleteTime: fc.oneof(fc.string(), fc.constant(null), fc.integer()),
      OwingService: fc.oneof(fc.string(), fc.constant(null)),
      Tags: fc.oneof(
        fc.constant(null),
        fc.record({
          Tag: fc.oneof(
            fc.array(
              fc.record({
                TagKey: fc.oneof(fc.string(), fc.integer()),
                TagValue: fc.oneof(fc.string(), fc.constant(null)),
              }),
            ),
            fc.anything(),
          ),
        }),
        fc.anything(),
      ),
    },
    { requiredKeys: [] },
  );
  const body = fc.oneof(
    fc.anything(),
    fc.record(
      {
        RequestId: fc.oneof(fc.string(), fc.integer()),
        TotalCount: fc.oneof(
          fc.nat(300),
          fc.string(),
          fc.double(),
          fc.constant(null),
          fc.integer({ min: -5, max: 5 }),
        ),
        PageSize: fc.oneof(fc.constant(100), fc.nat(200), fc.string()),
        SecretList: fc.oneof(
          fc.constant(null),
          fc.record(
            { Secret: fc.oneof(fc.array(secretish, { maxLength: 5 }), secretish, fc.anything()) },
            { requiredKeys: [] },
          ),
          fc.anything(),
        ),
      },
      { requiredKeys: [] },
    ),
  );

  test("either a typed error or a valid result", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(body, { minLength: 1, maxLength: 4 }), async (bodies) => {
        const fake = new FakeKms([]);
        fake.hook = (_call, index) => ({
          body: bodies[index % bodies.length] as Record<string, unknown>,
          httpStatus: 200,
          requestId: undefined,
        });
        try {
          const result = await listSecrets({ maxRetries: 1 }, fakeContext(fake, { maxRelists: 1 }));
          expect(getSecretsResultSchema().parse(result)).toEqual(result);
          expect(hasUndefinedValue(result)).toBe(false);
          expect(result.names).toEqual([...result.names].sort());
        } catch (err) {
          expect(err).toBeInstanceOf(KmsError);
          // a broken contract, named as such: never UnexpectedError or a retryable kind
          expect(["MalformedResponse", "UnexpectedPageSize", "ListingInconsistent"]).toContain(
            (err as KmsError).code,
          );
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("abort listeners", () => {
  test("32 calls in flight stay within the pass signal's listener limit (no MaxListenersExceededWarning)", async () => {
    const fake = new FakeKms(fakeSecrets(1200));
    fake.hook = () => new Promise((resolve) => setTimeout(() => resolve(undefined), 3));
    const probe = new ListenerProbe();
    const result = await listSecrets(
      { pageSize: 5, maxConcurrency: 32 },
      fakeContext(fake, { rateLimiter: probe }),
    );
    expect(result.names).toHaveLength(1200);
    expect(probe.peak).toBeGreaterThan(10); // more than Node's default limit
    expect(probe.peak).toBeLessThanOrEqual(probe.limit);
  });
});

describe("abort", () => {
  test("an AbortSignal stops a lookup promptly with a typed error and closes the transport", async () => {
    const fake = new FakeKms(fakeSecrets(500));
    const never = new Promise<undefined>(() => undefined);
    fake.hook = (_call, index) => (index === 0 ? undefined : never); // page 2.. hang forever
    const controller = new AbortController();
    const ctx = fakeContext(fake, {
      signal: controller.signal,
      onProgress: () => setTimeout(() => controller.abort(new Error("deploy cancelled")), 5),
    });
    const err = await listSecrets({}, ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KmsError);
    expect(err).toMatchObject({ code: "Aborted", retryable: false });
    expect((err as Error).message).toMatch(/deploy cancelled/);
    expect(fake.closed).toBe(1);
  });

  test("an already aborted signal sends nothing", async () => {
    const fake = new FakeKms(fakeSecrets(5));
    const err = await listSecrets({}, fakeContext(fake, { signal: AbortSignal.abort() })).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: "Aborted" });
    expect(fake.calls).toHaveLength(0);
  });
});
