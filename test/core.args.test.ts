import { ArgumentError } from "../core/args";
import { parseLookupArgs } from "../core/parsedArgs";

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
