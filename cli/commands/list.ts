/** `kms-secrets list`: one listing, printed in the chosen format. */
import {
  COMMON_OPTIONS,
  LOOKUP_OPTIONS,
  lookupArgsFromFlags,
  parseChoice,
  parseFlags,
} from "../args";
import { EXIT_OK, type ExitCode } from "../exit-codes";
import { formatResult, LIST_FORMATS } from "../format";
import { LIST_HELP } from "../help";
import { colorEnabled, type CliIo } from "../io";
import { runLookup } from "./lookup";

export const LIST_OPTIONS = {
  ...COMMON_OPTIONS,
  ...LOOKUP_OPTIONS,
  output: { type: "string", short: "o" },
} as const;

export async function listCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const flags = parseFlags(argv, LIST_OPTIONS);
  if (flags.help) {
    io.stdout.write(LIST_HELP);
    return EXIT_OK;
  }
  const format = parseChoice(
    "--output",
    flags.output,
    LIST_FORMATS,
    io.stdout.isTTY === true ? "table" : "json",
  );
  const args = lookupArgsFromFlags(flags);
  // The human formats have a tags column; fetching tags costs no extra request.
  if (format === "table" || format === "csv") args.fetchTags = true;
  const result = await runLookup(args, io);
  io.stdout.write(formatResult(result, format, { color: colorEnabled(io.stdout, io.env) }));
  return EXIT_OK;
}
