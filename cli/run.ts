/**
 * Dispatch: picks the command, runs it, and turns every outcome into an exit code.
 * Commands throw; only this function prints failures (redacted) and decides the code.
 */
import { driftCommand } from "./commands/drift";
import { listCommand } from "./commands/list";
import { UsageError } from "./errors";
import { EXIT_OK, EXIT_USAGE } from "./exit-codes";
import { reportFailure } from "./failure";
import { DEMO_HELP, DRIFT_HELP, LIST_HELP, MAIN_HELP } from "./help";
import type { CliIo } from "./io";
import { packageVersion } from "./version";

/** 128 + SIGINT, the shell convention for a run stopped with Ctrl-C. */
export const EXIT_INTERRUPTED = 130;

type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  list: listCommand,
  drift: driftCommand,
  emulator: async (argv, io) => {
    const { emulatorCommand } = await import("./commands/emulator");
    return emulatorCommand(argv, io);
  },
  demo: async (argv, io) => {
    const { demoCommand } = await import("./demo");
    return demoCommand(argv, io, runCli);
  },
};

const COMMAND_HELP: Readonly<Record<string, string>> = {
  list: LIST_HELP,
  drift: DRIFT_HELP,
  demo: DEMO_HELP,
};

/** Runs `kms-secrets ARGV...` and returns the exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const debug = argv.includes("--debug");
  const commandIndex = argv.findIndex((arg) => !arg.startsWith("-"));
  const name = commandIndex >= 0 ? argv[commandIndex] : undefined;
  const rest = argv.filter((_, i) => i !== commandIndex);
  try {
    if (name === undefined) {
      if (rest.includes("--version") || rest.includes("-V")) {
        io.stdout.write(`${packageVersion()}\n`);
        return EXIT_OK;
      }
      if (rest.includes("--help") || rest.includes("-h")) {
        io.stdout.write(MAIN_HELP);
        return EXIT_OK;
      }
      if (rest.every((arg) => arg === "--debug")) {
        io.stderr.write(MAIN_HELP);
        return EXIT_USAGE;
      }
      throw new UsageError("usage", `unknown flag ${rest.find((a) => a !== "--debug")}`);
    }
    if (name === "help") {
      const topic = rest.find((arg) => !arg.startsWith("-"));
      if (topic === "emulator") return await COMMANDS.emulator!(["--help"], io);
      if (topic !== undefined && !COMMAND_HELP[topic]) {
        throw new UsageError("usage", `no help for unknown command "${topic}"`);
      }
      io.stdout.write(topic ? (COMMAND_HELP[topic] as string) : MAIN_HELP);
      return EXIT_OK;
    }
    const command = COMMANDS[name];
    if (!command) {
      throw new UsageError(
        "usage",
        `unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(", ")}`,
      );
    }
    return await command(rest, io);
  } catch (err) {
    if (io.signal?.aborted) {
      io.stderr.write("kms-secrets: interrupted\n");
      return EXIT_INTERRUPTED;
    }
    return reportFailure(err, io, { command: name ?? "", debug });
  }
}
