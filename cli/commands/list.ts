/** `kms-secrets list`: one listing, printed in the chosen format. */
import { parseChoice, parseCliLookup, parseFlags } from "../args";
import { optionsFor } from "../flags";
import { EXIT_OK, type ExitCode } from "../exit-codes";
import { formatResult, LIST_FORMATS } from "../format";
import { LIST_HELP } from "../help";
import { UsageError } from "../errors";
import { colorEnabled, type CliIo } from "../io";
import { readHashKey } from "../values";
import { escapeControl } from "../format/text";
import { runLookup } from "./lookup";
import { regionInputFromFlags } from "./regionFlags";

export const LIST_OPTIONS = optionsFor("list");

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
  const { input } = regionInputFromFlags(flags, flags["allow-unreadable-region"] === true);
  // The human formats have a tags column; fetching tags costs no extra request.
  const tagged = format === "table" || format === "csv";
  const args = parseCliLookup(tagged ? { ...input, fetchTags: true } : input);
  if (flags["show-values"] && !args.fetchValues) {
    throw new UsageError(
      "argument",
      "--show-values: there are no values to show without --fetch-values",
    );
  }
  // Read before listing: a bad key fails fast (exit 2) without calling the service.
  const hashKey = args.fetchValues && format === "json" ? readHashKey(io.env) : undefined;
  const result = await runLookup(args, io);
  io.stdout.write(
    formatResult(result, format, {
      color: colorEnabled(io.stdout, io.env),
      showValues: flags["show-values"] === true,
      hashKey,
      details: args.enableDetails === true,
      values: args.fetchValues === true,
    }),
  );
  if (result.forbidden && result.forbidden.length > 0 && format !== "table") {
    io.stderr.write(
      `kms-secrets: note: not readable (Forbidden.NoPermission), listed without the denied fields: ${escapeControl(result.forbidden.join(", "))}\n`,
    );
  }
  for (const u of result.unreadableRegions ?? []) {
    io.stderr.write(
      `kms-secrets: warning: region ${u.region} is unreadable (${u.code}): its secrets are not listed\n`,
    );
  }
  return EXIT_OK;
}
