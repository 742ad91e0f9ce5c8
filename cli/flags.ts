/**
 * The one table of the CLI's flags. It generates the parser options of each command
 * (cli/args.ts), the flag sections of `--help` (cli/help.ts) and the flag table in
 * docs/cli.md (a test keeps the file equal to `markdownFlagTable()`).
 */
import { FLAGS } from "./flagTable";

/** The commands that take flags from this table. */
export type CommandName = "list" | "drift";

/** Where a flag is shown in `--help`. */
export type FlagGroup = "global" | "lookup" | "output" | "drift";

export interface FlagSpec {
  /** The long name, without `--`. */
  readonly name: string;
  /** The lookup arguments it sets (their issues are reported under this flag). */
  readonly args?: readonly string[];
  /** A one-letter alias, without `-`. */
  readonly short?: string;
  /** A flag with a value (`string`) or a switch (`boolean`). */
  readonly type: "string" | "boolean";
  /** May be given more than once (values are collected); any other value flag may not. */
  readonly repeatable: boolean;
  /** The value's placeholder in help, e.g. `REGION`. */
  readonly value?: string;
  /** Help text; one line per array entry (the first is the summary used in the docs table). */
  readonly help: readonly string[];
  /** The commands accepting it. */
  readonly commands: readonly CommandName[];
  readonly group: FlagGroup;
}

/** The table, checked against FlagSpec at compile time. */
export const ALL_FLAGS: readonly FlagSpec[] = FLAGS;

/** The flags of `command`, optionally of one help group. */
export function flagsOf(command: CommandName, group?: FlagGroup): FlagSpec[] {
  return ALL_FLAGS.filter(
    (f) => f.commands.includes(command) && (group === undefined || f.group === group),
  );
}

type Flag = (typeof FLAGS)[number];

/** The table's flags of `C` (and of group `G`), as types. */
export type FlagsFor<C extends CommandName, G extends FlagGroup = FlagGroup> = Flag extends infer F
  ? F extends { commands: readonly (infer X)[]; group: infer Gr }
    ? C extends X
      ? Gr extends G
        ? F
        : never
      : never
    : never
  : never;

/** node:util parseArgs options of `C`'s flags (of group `G`), with literal types. */
export type OptionsFor<C extends CommandName, G extends FlagGroup = FlagGroup> = {
  [F in FlagsFor<C, G> as F["name"]]: F extends { short: infer S extends string }
    ? { type: F["type"]; multiple: F["repeatable"]; short: S }
    : { type: F["type"]; multiple: F["repeatable"] };
};

/** The parseArgs options of `command`'s flags, optionally of some groups only. */
export function optionsFor<C extends CommandName, G extends FlagGroup = FlagGroup>(
  command: C,
  groups?: readonly G[],
): OptionsFor<C, G> {
  const options: Record<string, { type: "string" | "boolean"; multiple: boolean; short?: string }> =
    {};
  for (const flag of flagsOf(command)) {
    if (groups && !groups.includes(flag.group as G)) continue;
    if (Object.hasOwn(options, flag.name))
      throw new Error(`flag --${flag.name} is in the table twice for ${command}`);
    options[flag.name] = {
      type: flag.type,
      multiple: flag.repeatable,
      ...(flag.short ? { short: flag.short } : {}),
    };
  }
  return options as unknown as OptionsFor<C, G>;
}

/** `-o, --output FORMAT` / `--region REGION`. */
export function flagUsage(flag: FlagSpec): string {
  const long = `--${flag.name}${flag.value ? ` ${flag.value}` : ""}`;
  return flag.short ? `-${flag.short}, ${long}` : long;
}

const HELP_COLUMN = 27;

/** The help lines of `flags`, aligned as `  USAGE  TEXT`. */
export function helpLines(flags: readonly FlagSpec[]): string {
  const lines: string[] = [];
  for (const flag of flags) {
    const usage = `  ${flagUsage(flag)}`;
    const [first = "", ...rest] = flag.help;
    const pad = usage.length + 2 > HELP_COLUMN ? 2 : HELP_COLUMN - usage.length;
    lines.push(`${usage}${" ".repeat(pad)}${first}`);
    for (const line of rest) lines.push(`${" ".repeat(HELP_COLUMN)}${line}`);
  }
  return lines.join("\n");
}

function markdownCell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|");
}

/** The markdown table of every flag, for docs/cli.md. */
export function markdownFlagTable(): string {
  const rows = [
    "| flag | commands | repeatable | meaning |",
    "| --- | --- | --- | --- |",
    ...ALL_FLAGS.map((flag) => {
      const usage = `\`${flagUsage(flag)}\``;
      const commands = flag.commands.join(", ");
      const repeatable = flag.repeatable
        ? "yes"
        : flag.type === "string"
          ? "no (exit 2 if repeated)"
          : "no";
      return `| ${markdownCell(usage)} | ${commands} | ${repeatable} | ${markdownCell(flag.help.join(" "))} |`;
    }),
  ];
  return `${rows.join("\n")}\n`;
}

/** Rows of a markdown table as trimmed cells, separator rows dropped: compares tables whatever their padding. */
export function tableCells(markdown: string): string[][] {
  return markdown
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith("|") && !/^\|[\s:|-]+\|$/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
}
