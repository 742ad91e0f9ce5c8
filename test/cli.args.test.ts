import {
  flagForPath,
  lookupInputFromFlags,
  parseCliLookup,
  parseFlags,
  splitValues,
  LOOKUP_OPTIONS,
} from "../cli/args";
import { UsageError } from "../cli/errors";
import { LIST_OPTIONS } from "../cli/commands/list";

/** The production path: the flags' input, parsed once. */
const fromFlags = (flags: Parameters<typeof lookupInputFromFlags>[0]) =>
  parseCliLookup(lookupInputFromFlags(flags));

function usageMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    throw err;
  }
  throw new Error("expected a UsageError");
}

describe("cli flags → lookup args", () => {
  test("maps every lookup flag to the core's argument", () => {
    const flags = parseFlags(
      [
        "--region=cn-shanghai",
        "--endpoint",
        "http://127.0.0.1:9000",
        "--filter",
        "secrettype=Rds,Redis",
        "--filter",
        "Description=a\\,b,c",
        "--name-regex",
        "^app/",
        "--id",
        "a",
        "--id",
        "b",
        "--tag",
        "env=prod",
        "--tag",
        "expr=a=b",
        "--fetch-tags",
        "--page-size",
        "50",
        "--concurrency",
        "2",
        "--request-timeout",
        "500",
        "--max-retries",
        "0",
        "--max-rps",
        "120",
      ],
      LOOKUP_OPTIONS,
    );
    expect(fromFlags(flags)).toEqual({
      region: "cn-shanghai",
      endpoint: "http://127.0.0.1:9000",
      filters: [
        { Key: "SecretType", Values: ["Rds", "Redis"] },
        { Key: "Description", Values: ["a,b", "c"] },
      ],
      nameRegex: "^app/",
      ids: ["a", "b"],
      tags: { env: "prod", expr: "a=b" },
      fetchTags: true,
      pageSize: 50,
      maxConcurrency: 2,
      requestTimeoutMs: 500,
      maxRetries: 0,
      maxRequestsPerSecond: 120,
    });
  });

  test("no flags → no arguments", () => {
    expect(fromFlags(parseFlags([], LOOKUP_OPTIONS))).toEqual({});
  });

  test("splitValues honours escaped commas and backslashes", () => {
    expect(splitValues("a,b")).toEqual(["a", "b"]);
    expect(splitValues("a\\,b")).toEqual(["a,b"]);
    expect(splitValues("a\\\\,b")).toEqual(["a\\", "b"]);
    expect(splitValues("x\\y")).toEqual(["x\\y"]);
  });

  test.each([
    [["--page-size", "101"], /^--page-size: /],
    [["--page-size", "ten"], /^--page-size must be a whole number, got "ten"/],
    [["--concurrency", "0"], /^--concurrency: /],
    [["--region", "Hangzhou"], /^--region: must look like a region id/],
    [["--endpoint", "http://10.0.0.1"], /^--endpoint: http:\/\/ is only allowed for loopback/],
    [["--name-regex", "("], /^--name-regex: is not a valid regular expression/],
    [["--filter", "Colour=red"], /^--filter #1: Key must be one of/],
    [["--filter", "SecretName"], /^--filter #1 "SecretName" must look like Key=value1,value2/],
    [["--filter", "SecretName=a", "--filter", "SecretType="], /^--filter #2: must not be empty/],
    [["--tag", "novalue"], /^--tag "novalue" must look like key=value/],
    [["--tag", "a=1", "--tag", "a=2"], /^--tag a is given twice/],
    [["--id", ""], /^--id: must not be empty/],
    [["--request-timeout", "5"], /^--request-timeout: /],
    [["--max-rps", "5000"], /^--max-rps: /],
  ])("%j is refused naming the flag", (argv, expected) => {
    expect(usageMessage(() => fromFlags(parseFlags(argv, LOOKUP_OPTIONS)))).toMatch(expected);
  });

  test("unknown flags, missing values and stray arguments are usage errors", () => {
    expect(usageMessage(() => parseFlags(["--access-key-secret", "x"], LIST_OPTIONS))).toMatch(
      /Unknown option '--access-key-secret'/,
    );
    expect(usageMessage(() => parseFlags(["--region"], LIST_OPTIONS))).toMatch(
      /--region <value>' argument missing/,
    );
    expect(usageMessage(() => parseFlags(["stray"], LIST_OPTIONS))).toMatch(
      /Unexpected argument 'stray'/,
    );
  });
});

describe("problems are named by the flag the user typed (the flag table's args)", () => {
  test.each([
    ["filters.1.Values.0", "--filter #2"],
    ["filters", "--filter"],
    ["tags.env", "--tag env"],
    ["endpoints.cn-shanghai", "--endpoint cn-shanghai"],
    ["endpoint", "--endpoint"],
    ["regions.1", "--region"],
    ["region", "--region"],
    ["allowUnreadableRegions", "--allow-unreadable-region"],
    ["maxConcurrency", "--concurrency"],
    ["requestTimeoutMs", "--request-timeout"],
    ["maxRequestsPerSecond", "--max-rps"],
    ["skipForbidden", "--skip-forbidden"],
    ["somethingElse", "somethingElse"],
  ])("%s -> %s", (path, flag) => {
    expect(flagForPath(path)).toBe(flag);
  });

  test("the whole input is parsed once; region problems name --region and --endpoint", () => {
    expect(
      usageMessage(() =>
        parseCliLookup({
          regions: ["cn-hangzhou", "Mars"],
          endpoints: { "cn-hangzhou": "ftp://x" },
        }),
      ),
    ).toMatch(/^--region: must look like a region id/);
    expect(
      usageMessage(() =>
        parseCliLookup({ regions: ["cn-hangzhou"], endpoints: { "cn-hangzhou": "ftp://x" } }),
      ),
    ).toMatch(/^--endpoint cn-hangzhou: /);
    const parsed = parseCliLookup({ regions: ["cn-shanghai", "cn-hangzhou"], fetchTags: true });
    expect(Object.isFrozen(parsed)).toBe(true);
    expect(parsed.regions).toEqual(["cn-hangzhou", "cn-shanghai"]);
  });
});
