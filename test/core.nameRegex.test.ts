/**
 * nameRegex is Go RE2 syntax matched by a linear-time engine: a catastrophic pattern cannot
 * hang, JavaScript-only syntax is refused, and an over-long pattern is refused before any
 * request without being echoed.
 */
import { ArgumentError } from "../core/args";
import { parseLookupArgs } from "../core/parsedArgs";
import { listSecrets } from "../core/lookup";
import { MAX_NAME_REGEX_LENGTH, nameMatcher, nameRegexProblem } from "../core/nameRegex";
import { runCli } from "./helpers/cliInProcess";
import { FakeKms, fakeContext } from "./helpers/coreFakes";
import { startHostileServer } from "./helpers/hostileServer";

test("a catastrophic pattern ('^(a+)+$' against 30 a's and a b) does not backtrack", async () => {
  const name = `${"a".repeat(30)}b`;
  const fake = new FakeKms([
    {
      SecretName: name,
      SecretType: "Generic",
      CreateTime: "2024-01-01T00:00:00Z",
      UpdateTime: "2024-01-01T00:00:00Z",
    },
    {
      SecretName: "aaaa",
      SecretType: "Generic",
      CreateTime: "2024-01-01T00:00:00Z",
      UpdateTime: "2024-01-01T00:00:00Z",
    },
  ]);
  const result = await listSecrets({ nameRegex: "^(a+)+$" }, fakeContext(fake));
  expect(result.names).toEqual(["aaaa"]);
});

test("Go's semantics: matched anywhere in the name, (?i) flags, Unicode classes", () => {
  expect(nameMatcher("app/")("prod/app/db")).toBe(true);
  expect(nameMatcher("^app/")("prod/app/db")).toBe(false);
  expect(nameMatcher("(?i)^PROD/")("prod/x")).toBe(true);
  expect(nameMatcher("^\\p{Han}+$")("密钥")).toBe(true);
  expect(nameMatcher("\\Aa\\z")("a")).toBe(true);
});

test.each(["(?=x)", "(?<=x)y", "(a)\\1"])("JavaScript-only syntax %j is refused", (source) => {
  expect(nameRegexProblem(source)).toMatch(/^is not a valid regular expression \(RE2 syntax\)/);
});

test(`a pattern over ${MAX_NAME_REGEX_LENGTH} characters is refused naming nameRegex, not quoting it`, () => {
  const source = "x".repeat(40_000);
  let err: unknown;
  try {
    parseLookupArgs({ nameRegex: source });
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ArgumentError);
  expect((err as ArgumentError).issues.map((i) => i.path)).toEqual(["nameRegex"]);
  expect((err as ArgumentError).message).not.toContain("x".repeat(50));
  expect(parseLookupArgs({ nameRegex: "x".repeat(MAX_NAME_REGEX_LENGTH) }).nameRegex).toHaveLength(
    MAX_NAME_REGEX_LENGTH,
  );
});

test("the CLI: a 40,000-character --name-regex exits 2 naming the flag, before any request, without echoing it", async () => {
  const server = await startHostileServer((_req, res) => res.end("{}"));
  try {
    const run = await runCli(
      [
        "list",
        "--region",
        "cn-hangzhou",
        "--endpoint",
        server.endpoint,
        "--name-regex",
        "(a|b)".repeat(8000),
      ],
      { ALIBABA_CLOUD_ACCESS_KEY_ID: "testkey-1", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "testsecret-1" },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--name-regex: is 40000 characters long; at most 1024/);
    expect(run.stderr).not.toContain("(a|b)(a|b)");
    expect(run.stderr.length).toBeLessThan(2000);
    expect(server.requests).toHaveLength(0);
  } finally {
    await server.close();
  }
});
