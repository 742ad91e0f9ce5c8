/**
 * Baseline files: a saved `list --output json`. Reading validates with the result schema
 * (a bad file is exit 2, naming the problem); writing is atomic (temp file, fsync, rename),
 * so a failed or interrupted run never leaves a half-written baseline behind.
 */
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { getSecretsResultSchema, type GetSecretsResult } from "../core/result";
import { UsageError } from "./errors";
import { formatJson } from "./format/canonical";
import { presentValues, type ValueHashKey } from "./values";

const MAX_ISSUES_SHOWN = 5;

function fsProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return "does not exist";
    case "EISDIR":
      return "is a directory";
    case "EACCES":
    case "EPERM":
      return "is not accessible (permission denied)";
    default:
      return `cannot be read (${code ?? (err instanceof Error ? err.message : String(err))})`;
  }
}

/**
 * JSON.parse's complaint without the excerpt of the file that V8 quotes around an
 * unexpected token (`Unexpected token 'h', ..."retData": hunter2"...`): a baseline saved
 * with --show-values holds values, and none may reach stderr.
 */
export function jsonSyntaxProblem(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/^Unexpected token/i.test(message)) return "unexpected character (text not shown)";
  if (/["'`]/.test(message)) return "syntax error (text not shown)";
  return message;
}

/** Parses baseline text; `label` names the file in messages. */
export function parseBaseline(text: string, label: string): GetSecretsResult {
  const where = `baseline file ${label}`;
  if (text.trim() === "") {
    throw new UsageError(
      "baseline",
      `${where} is empty; expected the output of list --output json`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError("baseline", `${where} is not valid JSON: ${jsonSyntaxProblem(err)}`);
  }
  const parsed = getSecretsResultSchema().safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, MAX_ISSUES_SHOWN).map((issue) => {
      const at = issue.path.length > 0 ? issue.path.map(String).join(".") : "(top level)";
      return `${at}: ${issue.message}`;
    });
    const more = parsed.error.issues.length - issues.length;
    throw new UsageError(
      "baseline",
      `${where} does not match the list --output json format:\n  ${issues.join("\n  ")}` +
        (more > 0 ? `\n  ... and ${more} more` : ""),
    );
  }
  const seen = new Set<string>();
  for (const secret of parsed.data.secrets) {
    if (seen.has(secret.secretName)) {
      throw new UsageError(
        "baseline",
        `${where} lists secret "${secret.secretName}" more than once`,
      );
    }
    seen.add(secret.secretName);
  }
  return parsed.data;
}

/** Reads and validates a baseline file. */
export async function readBaseline(file: string): Promise<GetSecretsResult> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (err) {
    throw new UsageError("baseline", `baseline file ${file} ${fsProblem(err)}`);
  }
  return parseBaseline(text, file);
}

/** True when the file exists (used by `drift --write-baseline` to bootstrap a new baseline). */
export async function baselineExists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes the result as the canonical JSON, atomically: temp file in the same directory,
 * then rename. Values never land in a baseline: each is replaced by `(secret)`, with a
 * keyed hash when `hashKey` is given (see values.ts).
 */
export async function writeBaseline(
  file: string,
  result: GetSecretsResult,
  hashKey?: ValueHashKey,
): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  const temp = path.join(
    dir,
    `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
  );
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temp, "wx", 0o644);
    await handle.writeFile(
      formatJson(presentValues(result, { showValues: false, hashKey })),
      "utf8",
    );
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temp, file);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException | undefined)?.code ?? "error";
    throw new UsageError("baseline", `cannot write baseline file ${file} (${code})`);
  }
}
