/**
 * Turns any error into one clear stderr message and the exit code for it:
 * 2 for usage, argument, config and baseline problems; 3 for the service or the network.
 * Every line passes through `redact`, with the credential values in the environment as
 * known secrets, so nothing printed here can leak a key or a token — not even with --debug.
 */
import { ArgumentError } from "../core/args";
import { KmsError } from "../core/errors";
import { redact, redactDeep } from "../core/redact";
import { argumentErrorToUsage } from "./args";
import { UsageError } from "./errors";
import { EXIT_SERVICE, EXIT_USAGE, type ExitCode } from "./exit-codes";
import type { CliIo } from "./io";

const SENSITIVE_ENV = /ACCESS_?KEY|SECRET|TOKEN|PASSWORD|CREDENTIAL/i;

/** The values of credential-like environment variables: literal strings to redact. */
export function knownSecrets(env: CliIo["env"]): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SENSITIVE_ENV.test(name) && value !== undefined && value.length >= 4)
    .map(([, value]) => value as string);
}

/**
 * Config problems found before any request (no region, no credentials in the environment
 * or the standard chain) are exit 2. A key the service rejects has an HTTP status and is
 * a service failure (exit 3).
 */
export function isConfigProblem(err: KmsError): boolean {
  if (err.httpStatus !== undefined || err.requestId !== undefined) return false;
  return (
    err.code.startsWith("Credentials.") ||
    err.action === "check-credentials" ||
    /^(Missing|NoCredential|Credential|Config|InvalidConfig|InvalidRegion)/i.test(err.code)
  );
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
    if (isConfigProblem(err)) {
      return { exitCode: EXIT_USAGE, message: `config error: ${err.code}: ${err.message}` };
    }
    return {
      exitCode: EXIT_SERVICE,
      message: `service error: ${err.message}\n  ${errorFacts(err)}`,
    };
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
