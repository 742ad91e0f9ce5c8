/**
 * The CLI's one flag table drives the parser, --help and docs/cli.md; parsed flags and
 * arguments are frozen; a repeated single-value flag and a __proto__ tag key are refused.
 * UPDATE_FLAG_TABLE=1 rewrites docs/cli.md's table from cli/flagTable.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { isParsedRegionLookupArgs } from "../core/regionArgs";
import { lookupInputFromFlags, parseCliLookup, parseFlags, LOOKUP_OPTIONS } from "../cli/args";
import {
  ALL_FLAGS,
  markdownFlagTable,
  optionsFor,
  tableCells,
  type CommandName,
} from "../cli/flags";
import { DRIFT_HELP, LIST_HELP } from "../cli/help";
import type { CliIo } from "../cli/io";
import { runCli } from "../cli/run";

const DOC = path.join(__dirname, "..", "docs", "cli.md");
const START = /<!-- flag-table:start[^>]*-->\n/;
const END = "<!-- flag-table:end -->";

function docTable(text: string): string {
  const start = START.exec(text);
  const end = text.indexOf(END);
  if (!start || end < 0) throw new Error("docs/cli.md has no flag-table markers");
  return text.slice(start.index + start[0].length, end);
}

test("docs/cli.md's flag table is the generated one", () => {
  let text = fs.readFileSync(DOC, "utf8");
  if (process.env["UPDATE_FLAG_TABLE"] === "1") {
    const start = START.exec(text);
    if (start) {
      const from = start.index + start[0].length;
      text = `${text.slice(0, from)}\n${markdownFlagTable()}\n${text.slice(text.indexOf(END))}`;
      fs.writeFileSync(DOC, text);
    }
  }
  expect(tableCells(docTable(text))).toEqual(tableCells(markdownFlagTable()));
});

describe.each<[CommandName, string]>([
  ["list", LIST_HELP],
  ["drift", DRIFT_HELP],
])("%s", (command, help) => {
  const flags = ALL_FLAGS.filter((f) => f.commands.includes(command));

  test("the parser accepts exactly the table's flags", () => {
    const options = optionsFor(command);
    expect(Object.keys(options).sort()).toEqual(flags.map((f) => f.name).sort());
    for (const flag of flags) {
      expect(options[flag.name as keyof typeof options]).toEqual({
        type: flag.type,
        multiple: flag.repeatable,
        ...(flag.short ? { short: flag.short } : {}),
      });
    }
  });

  test("--help shows every flag with its first help line", () => {
    for (const flag of flags) {
      expect(help).toContain(`--${flag.name}`);
      expect(help).toContain(flag.help[0]);
    }
  });
});

function captureIo(): { io: CliIo; out: () => string; err: () => string } {
  let out = "";
  let err = "";
  const io = {
    stdout: { write: (s: string) => ((out += s), true), isTTY: false },
    stderr: { write: (s: string) => ((err += s), true), isTTY: false },
    env: {
      ALIBABA_CLOUD_ACCESS_KEY_ID: "testkey-1",
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: "testsecret-1",
    },
  } as unknown as CliIo;
  return { io, out: () => out, err: () => err };
}

test.each([
  [["list", "--region", "cn-hangzhou", "--region", "cn-beijing"], "--region"],
  [["list", "--output", "json", "-o", "csv"], "--output"],
  [["drift", "-b", "a.json", "--baseline", "b.json"], "--baseline"],
  [["list", "--name-regex=a", "--name-regex=b"], "--name-regex"],
])("%j: a repeated single-value flag exits 2 naming it", async (argv, flag) => {
  const { io, err } = captureIo();
  expect(await runCli(argv, io)).toBe(2);
  expect(err()).toContain(`${flag} is given more than once`);
});

test("--tag __proto__=x exits 2 naming --tag, before any request", async () => {
  const { io, err } = captureIo();
  const code = await runCli(
    ["list", "--region", "cn-hangzhou", "--endpoint", "http://127.0.0.1:9", "--tag", "__proto__=x"],
    io,
  );
  expect(err()).toMatch(/--tag __proto__/);
  expect(code).toBe(2);
});

test("parsed flags and lookup arguments are frozen; extras make a new object", () => {
  const flags = parseFlags(["--region", "cn-hangzhou", "--id", "a"], LOOKUP_OPTIONS);
  expect(Object.isFrozen(flags)).toBe(true);
  expect(Object.isFrozen(flags.id)).toBe(true);
  const input = lookupInputFromFlags(flags);
  const args = parseCliLookup(input);
  expect(Object.isFrozen(args)).toBe(true);
  expect(isParsedRegionLookupArgs(args)).toBe(true);
  const more = parseCliLookup({ ...input, fetchTags: true });
  expect(more).not.toBe(args);
  expect(args.fetchTags).toBeUndefined();
  expect(more).toMatchObject({ region: "cn-hangzhou", ids: ["a"], fetchTags: true });
});
