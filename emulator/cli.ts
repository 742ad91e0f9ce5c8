/**
 * `kms-secrets emulator [options]` (also `node dist/emulator/main.js [options]`): starts the
 * emulator, prints where it listens and the access key to use, runs until SIGINT/SIGTERM.
 */
import { readFile } from "node:fs/promises";
import { parseSeed, SeedError } from "./seed";
import { startRegionalEmulator } from "./regions";
import { startEmulator } from "./server";
import { EMULATOR_USAGE, parseEmulatorArgs, UsageError, type ParsedCommand } from "./cliArgs";
import type { EmulatorOptions } from "./types";

export interface EmulatorCommandIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  /** Stops the emulator like SIGINT would (for embedding and tests). */
  signal?: AbortSignal;
}

/** Where the server is actually bound, e.g. `0.0.0.0:8080` or `[::]:8080`. */
function boundAddress(endpoint: string, host: string | undefined): string {
  const port = new URL(endpoint).port;
  if (host === undefined) return `127.0.0.1:${port}`;
  if (host === "") return `*:${port} (every interface)`;
  return `${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${port}`;
}

function waitForStop(signal: AbortSignal | undefined): Promise<string> {
  return new Promise((resolve) => {
    const stop = (why: string) => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      signal?.removeEventListener("abort", onAbort);
      resolve(why);
    };
    const onInt = () => stop("SIGINT");
    const onTerm = () => stop("SIGTERM");
    const onAbort = () => stop("abort");
    process.once("SIGINT", onInt);
    process.once("SIGTERM", onTerm);
    if (signal?.aborted) return stop("abort");
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Parses a seed file's text. V8's syntax errors quote the text around the bad token, and a
 * seed holds `SecretData`: the message keeps only the kind of problem.
 */
function readSeedJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : "");
    throw new SeedError(
      `seed file is not valid JSON${position ? ` (at position ${position[1]})` : ""}; its text is not shown`,
    );
  }
}

async function readSeedFile(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new SeedError(`cannot read seed file ${file} (${code})`);
  }
}

function startupReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EADDRINUSE") return "the port is already in use (EADDRINUSE); pick another --port";
  if (code === "EACCES") return "not allowed to bind that port (EACCES)";
  if (code === "EADDRNOTAVAIL")
    return "that --host is not an address of this machine (EADDRNOTAVAIL)";
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs the emulator command; resolves with the exit code once stopped (0), on a usage or
 * configuration error (2), or on a failure after it started (3).
 */
export async function runEmulatorCommand(
  argv: string[],
  io: EmulatorCommandIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  let parsed: ParsedCommand;
  try {
    parsed = parseEmulatorArgs(argv);
  } catch (error: unknown) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`kms-secrets emulator: ${error.message}\n\n${EMULATOR_USAGE}`);
    return 2;
  }
  if (parsed.help) {
    io.stdout.write(EMULATOR_USAGE);
    return 0;
  }
  let handle: Awaited<ReturnType<typeof startEmulator>>;
  try {
    if (parsed.seedFile !== undefined) {
      parsed.options.seed = parseSeed(readSeedJson(await readSeedFile(parsed.seedFile)));
    }
    if (parsed.regions !== undefined) return await runRegional(parsed.regions, parsed.options, io);
    handle = await startEmulator(parsed.options);
  } catch (error: unknown) {
    // a missing, unreadable or invalid seed, duplicate names, a port in use: configuration
    // problems, exit 2 (exit 1 means "drift found" for kms-secrets)
    io.stderr.write(`kms-secrets emulator: config error: ${startupReason(error)}\n`);
    return 2;
  }
  try {
    const key = handle.accessKey;
    const lines = [
      `listening on ${handle.endpoint}`,
      `bound to ${boundAddress(handle.endpoint, parsed.options.host)}`,
      `region: ${handle.region}`,
      `access key id: ${key.accessKeyId}`,
      `access key secret: ${key.accessKeySecret}`,
      ...(key.securityToken !== undefined ? [`security token: ${key.securityToken}`] : []),
      `secrets: ${handle.listSecretNames().length}`,
      ...(parsed.options.admin === false
        ? []
        : [`admin: ${handle.endpoint}/__admin/ (Authorization: Bearer <access key secret>)`]),
    ];
    io.stdout.write(lines.join("\n") + "\n");
    const why = await waitForStop(io.signal);
    await handle.close();
    io.stderr.write(`emulator stopped (${why})\n`);
    return 0;
  } catch (error: unknown) {
    io.stderr.write(
      `kms-secrets emulator: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 3;
  }
}

/** `--regions`: one emulator per region, stopped together. */
async function runRegional(
  regions: string[],
  options: EmulatorOptions,
  io: EmulatorCommandIo,
): Promise<number> {
  let handle: Awaited<ReturnType<typeof startRegionalEmulator>>;
  try {
    handle = await startRegionalEmulator({ ...options, regions });
  } catch (error: unknown) {
    io.stderr.write(`kms-secrets emulator: config error: ${startupReason(error)}\n`);
    return 2;
  }
  const key = handle.accessKey;
  const lines = [
    ...handle.regions.map((r) => `listening on ${handle.endpoints[r]} (region ${r})`),
    `endpoints: ${handle.endpointFlag}`,
    `regions: ${handle.regions.join(",")}`,
    `access key id: ${key.accessKeyId}`,
    `access key secret: ${key.accessKeySecret}`,
    ...(key.securityToken !== undefined ? [`security token: ${key.securityToken}`] : []),
    `secrets per region: ${handle.region(regions[0] as string).listSecretNames().length}`,
  ];
  io.stdout.write(lines.join("\n") + "\n");
  const why = await waitForStop(io.signal);
  await handle.close();
  io.stderr.write(`emulator stopped (${why})\n`);
  return 0;
}
