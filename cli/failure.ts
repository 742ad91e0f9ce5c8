/**
 * Turns any error into one clear stderr message and its exit code: 2 for usage, argument,
 * config and baseline problems, else the core error's kind (exit-codes.ts). Every line is
 * redacted with the environment's credential values, even with --debug.
 */
import { ArgumentError } from "../core/args";
import { KmsError } from "../core/errors";
import { redact, redactDeep, SENSITIVE_NAME } from "../core/redact";
import { argumentErrorToUsage } from "./args";
import { UsageError } from "./errors";
import { EXIT_CODE_BY_KIND, EXIT_SERVICE, EXIT_USAGE, type ExitCode } from "./exit-codes";
import type { CliIo } from "./io";

/** The values of credential-like environment variables: literal strings to redact. */
export function knownSecrets(env: CliIo["env"]): string[] {
  return Object.entries(env)
    .filter(
      ([name, value]) => SENSITIVE_NAME.test(name) && value !== undefined && value.length >= 4,
    )
    .map(([, value]) => value as string);
}

/** One machine-greppable line: code, HTTP status, RequestId, attempts. */
export function errorFacts(err: KmsError): string {
  const facts = [`code=${err.code}`];
  if (err.httpStatus !== undefined) facts.push(`http=${err.httpStatus}`);
  facts.push(`requestId=${err.requestId ?? "none (no answer from the service)"}`);
  if (err.attempts !== undefined) facts.push(`attempts=${err.attempts}`);
  return facts.join(" ");
}

export interface Failure {
  exitCode: ExitCode;
  message: string;
}

/** Classifies an error and words its message (not yet redacted). */
export function describeFailure(err: unknown, command: string): Failure {
  if (err instanceof ArgumentError) return describeFailure(argumentErrorToUsage(err), command);
  if (err instanceof UsageError) {
    const help = command ? `kms-secrets ${command} --help` : "kms-secrets --help";
    const hint = err.problem === "usage" ? `\nRun '${help}' for usage.` : "";
    return { exitCode: EXIT_USAGE, message: `${err.problem} error: ${err.message}${hint}` };
  }
  if (err instanceof KmsError) {
    const exitCode = EXIT_CODE_BY_KIND[err.kind];
    if (err.kind === "config") {
      return { exitCode, message: `config error: ${err.code}: ${err.message}` };
    }
    return { exitCode, message: `service error: ${err.message}\n  ${errorFacts(err)}` };
  }
  const message = err instanceof Error ? err.message : String(err);
  return {
    exitCode: EXIT_SERVICE,
    message: `error: ${message}\nThis looks like a bug; run again with --debug and report it.`,
  };
}

function debugDetails(err: unknown): string {
  const lines: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (current instanceof Error) {
      lines.push(depth === 0 ? (current.stack ?? current.message) : `caused by: ${current.stack}`);
      current = (current as Error & { cause?: unknown }).cause;
    } else {
      lines.push(`${depth === 0 ? "thrown" : "caused by"}: ${String(current)}`);
      current = undefined;
    }
  }
  return lines.join("\n");
}

/** Prints the failure to stderr (redacted) and returns the exit code. */
export function reportFailure(
  err: unknown,
  io: CliIo,
  options: { command: string; debug: boolean },
): ExitCode {
  const known = knownSecrets(io.env);
  // every field (code, requestId, cause, data), not only the text printed below
  redactDeep(err, known);
  const failure = describeFailure(err, options.command);
  let text = `kms-secrets: ${failure.message}\n`;
  if (options.debug) text += `${debugDetails(err)}\n`;
  io.stderr.write(redact(text, known));
  return failure.exitCode;
}
