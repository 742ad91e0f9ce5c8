/**
 * CI-native drift output against emulators: GitHub workflow commands (escaped) and the step
 * summary, markdown, JUnit XML checked by a strict parser, and drift over several regions.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { escapeGithubData, escapeGithubProperty } from "../cli/format/github";
import { escapeMarkdown } from "../cli/format/markdown";
import { escapeXml } from "../cli/format/junit";
import { startRegionalEmulator, type RegionalEmulatorHandle, type SeedSecret } from "../emulator";
import { runCli as runInProcess } from "./helpers/cliInProcess";
import { keyEnv, stsKey } from "./helpers/coreEmulator";

const key = stsKey();
const env = keyEnv(key);
const T0 = "2024-07-17T07:59:05Z";
const seed = (name: string, tags: Record<string, string> = {}): SeedSecret => ({
  SecretName: name,
  CreateTime: T0,
  UpdateTime: T0,
  Tags: { Tag: Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })) },
});
/** A tag value trying to end a workflow command and start another, and to break XML/markdown. */
const HOSTILE = "50%,: ok\r\n::error::pwned <b>&\"'</b> | [x](http://e) \u0001";

let emu: RegionalEmulatorHandle;
let dir: string;
const REGIONS = ["cn-hangzhou", "cn-shanghai"];

beforeAll(async () => {
  emu = await startRegionalEmulator({
    regions: REGIONS,
    accessKeys: [key],
    seed: [seed("prod/db", { env: "prod" }), seed("prod/api", { env: "prod" })],
  });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "kms-ci-output-"));
});
afterAll(async () => {
  await emu?.close();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

test("escaping: GitHub data and properties, markdown, XML", () => {
  expect(escapeGithubData("a%b\r\nc:d,e")).toBe("a%25b%0D%0Ac:d,e");
  expect(escapeGithubProperty("a%b\r\nc:d,e")).toBe("a%25b%0D%0Ac%3Ad%2Ce");
  expect(escapeMarkdown("a|b [x](y) <i>")).toBe("a\\|b \\[x\\]\\(y\\) &lt;i&gt;");
  expect(escapeXml(`<a b="c">&'\u0000\ud800`)).toBe(
    "&lt;a b=&quot;c&quot;&gt;&amp;&apos;\\u0000\\ud800",
  );
});

describe("drift over several regions", () => {
  const baseline = (): string => path.join(dir, "regions.json");
  const all = (): string[] => ["--region", REGIONS.join(","), "--endpoint", emu.endpointFlag];

  beforeAll(async () => {
    const created = await runInProcess(
      ["drift", ...all(), "--fetch-tags", "-b", baseline(), "--write-baseline"],
      env,
    );
    expect(created.code).toBe(0);
    // the same change in one region only: drift names that region
    emu.region("cn-shanghai").putSecret(seed("prod/db", { env: "prod", note: HOSTILE }));
    emu.region("cn-shanghai").putSecret(seed("prod/new", { env: "prod" }));
  });

  test("compares per region; --output github escapes every command; the summary is appended", async () => {
    const summary = path.join(dir, "summary.md");
    await fs.writeFile(summary, "earlier step\n", "utf8");
    const gh = await runInProcess(
      [
        "drift",
        "--endpoint",
        emu.endpointFlag,
        "-b",
        baseline(),
        "-o",
        "github",
        "--require",
        "prod/api",
      ],
      { ...env, GITHUB_STEP_SUMMARY: summary },
    );
    expect(gh.code).toBe(1);
    const lines = gh.stdout.trimEnd().split("\n");
    // every line is one workflow command: nothing the data holds can start another
    for (const line of lines)
      expect(line).toMatch(/^::(error|warning|notice) title=[^:\r\n]*::[^\r\n]*$/);
    expect(lines).toContain(
      "::error title=KMS drift%3A cn-shanghai%3Aprod/new::cn-shanghai:prod/new: added since the baseline",
    );
    const tagLine = lines.find((l) => l.includes("tags.note"));
    expect(tagLine).toMatch(/^::error title=KMS drift%3A cn-shanghai%3Aprod\/db%3A tags\.note::/);
    expect(tagLine).toContain("50%25,: ok");
    expect(lines.at(-1)).toMatch(
      /^::error title=KMS drift check::Drift found: 1 added, 0 removed, 1 changed\.$/,
    );
    const md = await fs.readFile(summary, "utf8");
    expect(md.startsWith("earlier step\n### ❌ KMS secrets drift")).toBe(true);
    expect(md).toContain("| + | cn\\-shanghai:prod/new | added | | |");
    expect(md).not.toContain("<b>");
    expect(md).not.toContain("[x](");
    // markdown rows keep their five cells: the hostile pipe is escaped
    for (const row of md.split("\n").filter((l) => l.startsWith("| "))) {
      expect(row.split(/(?<!\\)\|/).length).toBe(7);
    }
  });

  test("--output junit: a strict XML parse, one test case per secret and per requirement", async () => {
    const junit = await runInProcess(
      [
        "drift",
        "--endpoint",
        emu.endpointFlag,
        "-b",
        baseline(),
        "-o",
        "junit",
        "--require",
        "prod/api",
        "--require",
        "cn-hangzhou:gone",
      ],
      env,
    );
    expect(junit.code).toBe(1);
    expect(XMLValidator.validate(junit.stdout, { allowBooleanAttributes: false })).toBe(true);
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: "",
      isArray: (name) => ["testsuite", "testcase"].includes(name),
    }).parse(junit.stdout);
    const [secrets, requirements] = doc.testsuites.testsuite;
    const names = secrets.testcase.map((c: { name: string }) => c.name);
    expect(names).toEqual([
      "cn-hangzhou:prod/api",
      "cn-hangzhou:prod/db",
      "cn-shanghai:prod/api",
      "cn-shanghai:prod/db",
      "cn-shanghai:prod/new",
    ]);
    const failed = secrets.testcase.filter((c: { failure?: unknown }) => c.failure !== undefined);
    expect(failed.map((c: { name: string }) => c.name)).toEqual([
      "cn-shanghai:prod/db",
      "cn-shanghai:prod/new",
    ]);
    expect(failed[0].failure.type).toBe("drift");
    expect(failed[0].failure["#text"]).toContain("tags.note: (none) -> ");
    expect(secrets).toMatchObject({ tests: "5", failures: "2", errors: "0" });
    expect(requirements.testcase.map((c: { name: string }) => c.name)).toEqual([
      "cn-hangzhou:gone",
      "prod/api",
    ]);
    expect(requirements).toMatchObject({ tests: "2", failures: "1" });
    expect(doc.testsuites).toMatchObject({ tests: "7", failures: "3" });
  });

  test("--output markdown for PR comments", async () => {
    const md = await runInProcess(
      ["drift", "--endpoint", emu.endpointFlag, "-b", baseline(), "-o", "markdown"],
      env,
    );
    expect(md.code).toBe(1);
    expect(md.stdout).toMatch(
      /^### ❌ KMS secrets drift: Drift found: 1 added, 0 removed, 1 changed/,
    );
    expect(md.stdout).toContain("| ~ | cn\\-shanghai:prod/db | tags\\.note | _(none)_ |");
  });

  test("an unreadable region fails the run naming it (3), or with the opt-in is reported, not compared", async () => {
    emu.region("cn-hangzhou").setFaults({ error503Rate: 1 });
    try {
      const args = [
        "drift",
        "--endpoint",
        emu.endpointFlag,
        "-b",
        baseline(),
        "--max-retries",
        "0",
      ];
      const failed = await runInProcess(args, env);
      expect(failed.code).toBe(3);
      expect(failed.stderr).toMatch(/service error: region cn-hangzhou: /);
      const allowed = await runInProcess([...args, "--allow-unreadable-region", "-o", "json"], env);
      expect(allowed.code).toBe(1);
      const report = JSON.parse(allowed.stdout);
      expect(report.unreadableRegions).toEqual([
        expect.objectContaining({ region: "cn-hangzhou", code: "ServiceUnavailable" }),
      ]);
      expect(report.removed).toEqual([]);
      expect(report.added).toEqual(["cn-shanghai:prod/new"]);
      expect(allowed.stderr).toContain(
        "warning: region cn-hangzhou is unreadable (ServiceUnavailable)",
      );
      const gh = await runInProcess([...args, "--allow-unreadable-region", "-o", "github"], env);
      expect(gh.stdout).toContain("::warning title=KMS region unreadable%3A cn-hangzhou::");
      const rewrite = await runInProcess(
        [...args, "--allow-unreadable-region", "--write-baseline"],
        env,
      );
      expect(rewrite.code).toBe(3);
      expect(rewrite.stderr).toMatch(
        /not written: the listing misses unreadable region\(s\) cn-hangzhou/,
      );
    } finally {
      emu.region("cn-hangzhou").setFaults({});
    }
  });
});
