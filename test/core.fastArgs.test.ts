/** fastLookupArgs, parseLookupArgs's fast path: it answers only what the zod schema would, identically. */
import fc from "fast-check";
import {
  ArgumentError,
  argumentCombinationIssues,
  lookupArgsSchema,
  MAX_VERSION_SELECTOR_LENGTH,
  NUMERIC_ARG_BOUNDS,
  toArgumentIssues,
  type ArgumentIssue,
  type LookupArgsOutput,
} from "../core/args";
import { fastLookupArgs } from "../core/fastArgs";
import { MAX_NAME_REGEX_LENGTH } from "../core/nameRegex";
import { lookupArgsIssues, parseLookupArgs, type ParsedLookupArgs } from "../core/parsedArgs";

describe("fastLookupArgs (parseLookupArgs's fast path) agrees with the zod schema", () => {
  const SEED = 20_240_717; // fixed: the same inputs on every run
  const typical = {
    region: "cn-hangzhou",
    endpoint: "http://127.0.0.1:1234",
    pageSize: 100,
    fetchTags: true,
    ids: ["a"],
    tags: { env: "prod" },
  };

  /** Freezes `value` and everything it holds: a write by either path then throws. */
  function deepFreeze<T>(value: T, seen = new WeakSet<object>()): T {
    if ((typeof value !== "object" && typeof value !== "function") || value === null) return value;
    if (seen.has(value) || ArrayBuffer.isView(value)) return value;
    seen.add(value);
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (descriptor && "value" in descriptor) deepFreeze(descriptor.value as unknown, seen);
    }
    return Object.freeze(value);
  }

  /** parse() of core/parsedArgs.ts as it was before the fast path: zod only. */
  function zodOnly(
    input: unknown,
    schema = lookupArgsSchema(),
  ): { issues: ArgumentIssue[]; data?: LookupArgsOutput } {
    const raw = input ?? {};
    const result = schema.safeParse(raw);
    const combinations =
      typeof raw === "object" && !Array.isArray(raw)
        ? argumentCombinationIssues(raw as Record<string, unknown>)
        : [];
    if (!result.success) return { issues: [...toArgumentIssues(result.error), ...combinations] };
    return combinations.length > 0 ? { issues: combinations } : { issues: [], data: result.data };
  }

  const wrongType = fc.oneof(
    fc.constantFrom(null, 0, 1, -1, true, false, "", "x", [], {}, NaN, Infinity, 1n),
    fc.anything(),
  );
  /** Mostly well-formed values of a field, else edge and bad ones of the right type, else any. */
  const field = (valid: fc.Arbitrary<unknown>, edge: fc.Arbitrary<unknown>) => ({
    valid,
    any: fc.oneof(
      { arbitrary: valid, weight: 24 },
      { arbitrary: edge, weight: 4 },
      { arbitrary: wrongType, weight: 1 },
      { arbitrary: fc.constant(undefined), weight: 1 },
    ),
  });
  const bounded = ({ min, max, integer }: { min: number; max: number; integer: boolean }) =>
    field(
      fc.oneof(
        fc.constantFrom(min, max),
        fc.integer({ min, max }),
        integer ? fc.constant(min) : fc.double({ min, max, noNaN: true }),
      ),
      fc.oneof(
        fc.constantFrom(min - 1, max + 1, min - 0.5, min + 0.5, max - 0.5, max + 0.5, -0),
        fc.constantFrom(max + max * Number.EPSILON, NaN, Infinity, -Infinity, `${min}`),
        fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, Number.MIN_VALUE, 2 ** 53),
        fc.double({ min: min - 2, max: max + 2 }),
        fc.double(),
        fc.integer(),
      ),
    );
  const flag = field(fc.boolean(), fc.constantFrom(0, 1, "true", "false", null, new Boolean(true)));
  const versionSelector = field(
    fc.constantFrom("ACSCurrent", "ACSPrevious", "v1", "a".repeat(MAX_VERSION_SELECTOR_LENGTH)),
    fc.oneof(
      fc.constantFrom("", " x", "x ", "\nx", "\u00a0x", "x\u2028", "a b"),
      fc.constant("a".repeat(MAX_VERSION_SELECTOR_LENGTH + 1)),
      fc.string(),
    ),
  );
  const nullProto = (record: object): object =>
    Object.assign(Object.create(null) as object, record);
  const tagRecord = fc.dictionary(fc.string({ minLength: 1 }), fc.string(), { maxKeys: 4 });

  const fields = {
    region: field(
      fc.constantFrom("cn-hangzhou", "ap-southeast-1", "us-west-1", "cn-hangzhou-finance-1"),
      fc.oneof(
        fc.constantFrom("cn", "CN-hangzhou", "", " cn-hangzhou", "cn-hangzhou\n", "cn-", "c-x"),
        fc.stringMatching(/^[a-z]{1,3}(-[a-z0-9]{0,3}){0,2}$/),
        fc.string(),
      ),
    ),
    endpoint: field(
      fc.constantFrom(
        "http://127.0.0.1:1234",
        "https://kms.cn-hangzhou.aliyuncs.com",
        "kms.cn-hangzhou.aliyuncs.com",
        " https://KMS.example.com/ ",
        "\thttp://localhost:8080\n",
        "http://[::1]:9",
        "HTTPS://Kms.Example.COM:443",
        "\u00a0https://kms.example.com:8443/\u00a0",
      ),
      fc.oneof(
        fc.constantFrom("http://10.0.0.1", "ftp://x", "https://x/path", "https://u:p@x", "ws://x"),
        fc.constantFrom(
          "https://x?q=1",
          "https://x#h",
          "",
          "   ",
          "https://",
          "://x",
          "https://a b",
        ),
        fc.webUrl(),
        fc.domain(),
        fc.string(),
      ),
    ),
    filters: field(
      fc.constantFrom(
        { secretType: ["Generic"] },
        [{ Key: "SecretName", Values: ["a"] }],
        '[{"Key":"SecretName","Values":["a"]}]',
      ),
      fc.constantFrom({ bad: ["x"] }, [{ Key: "Bad", Values: [] }], "{", ""),
    ),
    nameRegex: field(
      fc.constantFrom("^app/", "prod$", "a|b", "", "x".repeat(MAX_NAME_REGEX_LENGTH)),
      fc.oneof(
        fc.constantFrom("(", "[", "a{2,", "(?<n>x)", "\\", "x".repeat(MAX_NAME_REGEX_LENGTH + 1)),
        fc.string({ maxLength: 6 }),
      ),
    ),
    ids: field(
      fc.array(fc.string({ minLength: 1 }), { maxLength: 4 }),
      fc.oneof(
        fc.array(fc.oneof(fc.string(), wrongType), { maxLength: 4 }),
        fc.sparseArray(fc.string({ minLength: 1 }), { maxLength: 4 }),
        fc.constantFrom("a", { 0: "a", length: 1 }, new Set(["a"])),
      ),
    ),
    tags: field(
      fc.oneof(tagRecord, tagRecord.map(nullProto), fc.constant({ "1": "a", b: "", env: "prod" })),
      fc.oneof(
        fc.dictionary(fc.string(), fc.oneof(fc.string(), wrongType), { maxKeys: 3 }),
        fc
          .constantFrom("__proto__", "constructor", "toString", "", "hasOwnProperty")
          .map((key) => JSON.parse(`{${JSON.stringify(key)}: "v", "env": "prod"}`) as unknown),
        fc.constantFrom(
          { env: "prod", [Symbol("s")]: "x" },
          Object.defineProperty({ env: "prod" }, "hidden", { value: "x", enumerable: false }),
          Object.assign(new (class Tags {})(), { env: "prod" }),
          Object.create({ inherited: "x" }) as unknown,
          new Map([["env", "prod"]]),
          ["prod"],
        ),
      ),
    ),
    fetchTags: flag,
    pageSize: bounded(NUMERIC_ARG_BOUNDS.pageSize),
    maxConcurrency: bounded(NUMERIC_ARG_BOUNDS.maxConcurrency),
    requestTimeoutMs: bounded(NUMERIC_ARG_BOUNDS.requestTimeoutMs),
    maxRetries: bounded(NUMERIC_ARG_BOUNDS.maxRetries),
    maxRequestsPerSecond: bounded(NUMERIC_ARG_BOUNDS.maxRequestsPerSecond),
    enableDetails: flag,
    fetchValues: flag,
    versionStage: versionSelector,
    versionId: versionSelector,
    skipForbidden: flag,
  };
  type Fields = typeof fields;
  const pick = (which: "valid" | "any", without: readonly string[] = []) =>
    fc.record(
      Object.fromEntries(
        Object.entries(fields)
          .filter(([key]) => !without.includes(key))
          .map(([key, arbs]) => [key, arbs[which]]),
      ) as { [K in keyof Fields]: fc.Arbitrary<unknown> },
      { requiredKeys: [] },
    );
  const extraKey = fc.oneof(
    fc.constantFrom("nameregex", "Region", "page_size", "", "constructor", "toString", "__proto__"),
    fc.string(),
  );
  // filters always go to the schema: mostly left out, so that the fast path answers often
  const args = fc.oneof({ arbitrary: pick("any", ["filters"]), weight: 3 }, pick("any"));
  const input = fc.oneof(
    { arbitrary: args, weight: 12 },
    args.map(nullProto),
    fc.tuple(args, extraKey, fc.anything()).map(([a, key, value]) => ({ ...a, [key]: value })),
    args.map((a) => Object.create(a) as unknown),
    args.map((a) => Object.assign(new (class Args {})(), a)),
    args.map((a) => [a]),
    fc.anything(),
  );

  test("a typical argument object takes the fast path", () => {
    // a copy made here (structuredClone would make one of another realm, which it declines)
    const raw = deepFreeze({ ...typical, ids: [...typical.ids], tags: { ...typical.tags } });
    const fast = fastLookupArgs(raw);
    expect(fast).toStrictEqual(lookupArgsSchema().parse(raw));
    expect(fast).toStrictEqual(typical);
    expect(fast?.ids).not.toBe(raw.ids);
    expect(fast?.tags).not.toBe(raw.tags);
    expect(raw).toStrictEqual(typical);
    expect(fastLookupArgs({})).toStrictEqual({});
    expect(fastLookupArgs({ region: undefined })).toStrictEqual({ region: undefined });
  });

  test.each(Object.entries(NUMERIC_ARG_BOUNDS))("%s: the bounds of the one table", (key, b) => {
    const schema = lookupArgsSchema();
    const inside = [b.min, b.max, ...(b.integer ? [] : [b.min + 0.5, b.max - 0.5])];
    const outside = [b.min - 1, b.max + 1, ...(b.integer ? [b.min + 0.5] : [b.max + 0.001])];
    for (const value of inside) {
      expect(fastLookupArgs({ [key]: value })).toStrictEqual({ [key]: value });
      expect(schema.safeParse({ [key]: value }).success).toBe(true);
    }
    for (const value of [...outside, NaN, Infinity, -Infinity, String(b.min)]) {
      expect(fastLookupArgs({ [key]: value })).toBeUndefined();
      expect(schema.safeParse({ [key]: value }).success).toBe(false);
    }
  });

  test("whenever the fast path answers, the schema gives a deep-equal value, keys in its order", () => {
    const schema = lookupArgsSchema();
    let fastHits = 0;
    let declined = 0;
    fc.assert(
      fc.property(input, (generated) => {
        const raw = deepFreeze(generated);
        const fast = fastLookupArgs(raw);
        if (fast === undefined) {
          declined++;
          return;
        }
        fastHits++;
        const slow = schema.safeParse(raw);
        expect(slow.success).toBe(true);
        if (!slow.success) return;
        expect(fast).toStrictEqual(slow.data);
        expect(Object.keys(fast)).toEqual(Object.keys(slow.data));
        if (fast.tags) expect(Object.keys(fast.tags)).toEqual(Object.keys(slow.data.tags ?? {}));
        const given = raw as Record<string, unknown>;
        if (fast.ids) expect(fast.ids).not.toBe(given.ids);
        if (fast.tags) expect(fast.tags).not.toBe(given.tags);
      }),
      { seed: SEED, numRuns: 4000 },
    );
    // both paths are exercised
    expect(fastHits).toBeGreaterThan(200);
    expect(declined).toBeGreaterThan(2000);
  });

  test.each<[string, unknown]>([
    ["an array with the prototype of an object", Object.setPrototypeOf([], Object.prototype)],
    ["an array with no prototype", Object.setPrototypeOf([], null)],
    ["tags as an array with no prototype", { tags: Object.setPrototypeOf(["a"], null) }],
    [
      "tags as a proxy over an array that claims Object.prototype",
      { tags: new Proxy(["a"], { getPrototypeOf: () => Object.prototype }) },
    ],
  ])("the fast path leaves %s to the schema, which refuses it", (_what, raw) => {
    expect(fastLookupArgs(raw)).toBeUndefined();
    expect(lookupArgsSchema().safeParse(raw).success).toBe(false);
  });

  test("well-formed arguments (filters aside) all take the fast path", () => {
    const schema = lookupArgsSchema();
    fc.assert(
      fc.property(pick("valid", ["filters"]), (raw) => {
        const slow = schema.safeParse(raw);
        expect(slow.success).toBe(true);
        expect(fastLookupArgs(raw)).toStrictEqual(slow.success ? slow.data : undefined);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  test("parseLookupArgs gives what zod alone gave: the same value, the same issues", () => {
    const schema = lookupArgsSchema();
    fc.assert(
      fc.property(input, (generated) => {
        const raw = deepFreeze(generated);
        const expected = zodOnly(raw, schema);
        let parsed: ParsedLookupArgs | undefined;
        let issues: ArgumentIssue[] = [];
        try {
          parsed = parseLookupArgs(raw);
        } catch (err) {
          if (!(err instanceof ArgumentError)) throw err;
          issues = err.issues;
        }
        expect(issues).toEqual(expected.issues);
        expect(parsed && { ...parsed }).toStrictEqual(expected.data);
        if (parsed && expected.data) {
          expect(Object.keys(parsed)).toEqual(Object.keys(expected.data));
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  test.each<[Record<string, unknown>, ArgumentIssue[]]>([
    [{ pageSize: 0 }, [{ path: "pageSize", message: "Too small: expected number to be >=1" }]],
    [
      { pageSize: 1.5 },
      [{ path: "pageSize", message: "Invalid input: expected int, received number" }],
    ],
    [
      { maxRequestsPerSecond: 1000.5 },
      [{ path: "maxRequestsPerSecond", message: "Too big: expected number to be <=1000" }],
    ],
    [
      { requestTimeoutMs: NaN },
      [{ path: "requestTimeoutMs", message: "Invalid input: expected number, received NaN" }],
    ],
    [
      { endpoint: " https://x/p " },
      [
        {
          path: "endpoint",
          message: "must be scheme://host[:port] with no path, query or credentials",
        },
      ],
    ],
    [
      { endpoint: "http://10.0.0.1" },
      [{ path: "endpoint", message: "http:// is only allowed for loopback hosts; use https://" }],
    ],
    [{ endpoint: "https://" }, [{ path: "endpoint", message: "is not a valid URL" }]],
    [
      { fetchTags: "yes" },
      [{ path: "fetchTags", message: "Invalid input: expected boolean, received string" }],
    ],
    [{ ids: ["a", ""] }, [{ path: "ids.1", message: "must not be empty" }]],
    [
      { versionStage: " x", fetchValues: true },
      [{ path: "versionStage", message: "must not start or end with whitespace" }],
    ],
    [
      { ...typical, skipForbidden: true },
      [
        {
          path: "skipForbidden",
          message: "applies to the per-secret calls: set enableDetails or fetchValues too",
        },
      ],
    ],
  ])("bad input %j: the messages are unchanged", (raw, issues) => {
    expect(lookupArgsIssues(raw)).toEqual(issues);
  });
});
