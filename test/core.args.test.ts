import { ArgumentError } from "../core/args";
import { isParsedLookupArgs, parseLookupArgs } from "../core/parsedArgs";
import { argsForRegion, isParsedRegionLookupArgs, parseRegionLookupArgs } from "../core/regionArgs";

function issuesOf(input: unknown): string[] {
  try {
    parseLookupArgs(input);
  } catch (err) {
    if (err instanceof ArgumentError) return err.issues.map((i) => i.path);
    throw err;
  }
  return [];
}

describe("parseLookupArgs", () => {
  test("accepts no arguments", () => {
    expect(parseLookupArgs(undefined)).toEqual({});
  });

  test("normalizes the three filter forms to the wire form", () => {
    const wire = [{ Key: "SecretType", Values: ["Generic"] }];
    expect(parseLookupArgs({ filters: { secretType: ["Generic"] } }).filters).toEqual(wire);
    expect(parseLookupArgs({ filters: wire }).filters).toEqual(wire);
    expect(parseLookupArgs({ filters: JSON.stringify(wire) }).filters).toEqual(wire);
  });

  test("names every bad field at once", () => {
    expect(
      issuesOf({
        filters: [{ Key: "Bad", Values: [] }],
        pageSize: 101,
        endpoint: "http://kms.example.com",
        nameRegex: "(",
      }).sort(),
    ).toEqual(["endpoint", "filters.0.Key", "nameRegex", "pageSize"]);
  });

  test("refuses more than 10 filters or 10 values", () => {
    const many = Array.from({ length: 11 }, (_, i) => `v${i}`);
    expect(issuesOf({ filters: { secretName: many } })).toEqual(["filters.secretName"]);
    const filters = Array.from({ length: 11 }, () => ({ Key: "SecretName", Values: ["a"] }));
    expect(issuesOf({ filters })).toEqual(["filters"]);
  });

  test("allows http:// only for loopback endpoints", () => {
    expect(parseLookupArgs({ endpoint: "http://127.0.0.1:8080" }).endpoint).toBe(
      "http://127.0.0.1:8080",
    );
    expect(parseLookupArgs({ endpoint: "kms.cn-hangzhou.aliyuncs.com" }).endpoint).toBe(
      "https://kms.cn-hangzhou.aliyuncs.com",
    );
    expect(issuesOf({ endpoint: "http://10.0.0.1" })).toEqual(["endpoint"]);
  });

  test("refuses unknown arguments", () => {
    expect(() => parseLookupArgs({ nameregex: "x" })).toThrow(/nameregex/);
  });
});

describe("raw keys a record parse would lose", () => {
  test("a __proto__ tag key is refused, not silently dropped with its filter", () => {
    const tags = JSON.parse('{"__proto__": "v", "env": "prod"}') as Record<string, string>;
    expect(issuesOf({ tags })).toEqual(["tags.__proto__"]);
  });
});

describe("region arguments are parsed once; each region's arguments are derived", () => {
  const input = {
    regions: ["cn-shanghai", "cn-hangzhou", "cn-shanghai"],
    ids: ["app/a"],
  };

  test("the parsed value is frozen and branded; parsing it again returns it as is", () => {
    const parsed = parseRegionLookupArgs({ ...input, endpoint: "https://KMS.{region}.test/" });
    expect(Object.isFrozen(parsed)).toBe(true);
    expect(isParsedRegionLookupArgs(parsed)).toBe(true);
    expect(isParsedRegionLookupArgs({ ...parsed })).toBe(false);
    expect(parsed.regions).toEqual(["cn-hangzhou", "cn-shanghai"]);
    expect(parsed.endpoint).toBe("https://kms.{region}.test");
    expect(parseRegionLookupArgs(parsed)).toBe(parsed);
  });

  test("a region's arguments are a new frozen value, filled in from the parse, which is unchanged", () => {
    const parsed = parseRegionLookupArgs({ ...input, endpoint: "https://kms.{region}.test" });
    const region = argsForRegion(parsed, "cn-hangzhou");
    expect(isParsedLookupArgs(region)).toBe(true);
    expect(Object.isFrozen(region)).toBe(true);
    expect(region).toEqual({
      region: "cn-hangzhou",
      endpoint: "https://kms.cn-hangzhou.test",
      ids: ["app/a"],
    });
    // derived, not parsed again: the parsed (frozen) list is shared, not rebuilt
    expect(region.ids).toBe(parsed.ids);
    expect(parsed.endpoint).toBe("https://kms.{region}.test");
    expect(parsed.region).toBeUndefined();
  });

  test("an endpoints map is made canonical, and a bad entry is named before any request", () => {
    const parsed = parseRegionLookupArgs({
      regions: ["cn-hangzhou"],
      endpoints: { "cn-hangzhou": "http://127.0.0.1:9/" },
    });
    expect(argsForRegion(parsed, "cn-hangzhou").endpoint).toBe("http://127.0.0.1:9");
    expect(() =>
      parseRegionLookupArgs({ regions: ["cn-hangzhou"], endpoints: { "cn-hangzhou": "ftp://x" } }),
    ).toThrow(
      expect.objectContaining({
        issues: [expect.objectContaining({ path: "endpoints.cn-hangzhou" })],
      }),
    );
  });

  test.each([
    [{ regions: ["cn-hangzhou", "BAD!"], pageSize: 500 }, ["regions.1", "pageSize"]],
    [
      { endpoints: { "cn-hangzhou": "ftp://x" }, pageSize: 500 },
      ["pageSize", "endpoints.cn-hangzhou"],
    ],
    [
      { regions: ["cn-hangzhou", "cn-shanghai"], endpoint: "https://kms.test", pageSize: 500 },
      ["pageSize", "endpoint"],
    ],
  ])("one error names every bad field of %j", (input, paths) => {
    let caught: unknown;
    try {
      parseRegionLookupArgs(input as Parameters<typeof parseRegionLookupArgs>[0]);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ArgumentError);
    expect((caught as ArgumentError).issues.map((i) => i.path)).toEqual(paths);
  });
});
