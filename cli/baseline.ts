/**
 * Baseline files: a listing plus, since schemaVersion 2, what took it (tool version, time,
 * regions and the full query, see baselineQuery.ts). A bare `list --output json` (version 1)
 * still loads. Reading validates (a bad file is exit 2, naming the problem); writing is atomic.
 */
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { getSecretsResultSchema, type GetSecretsResult } from "../core/result";
import { baselineMetaSchema, type BaselineMeta } from "./baselineQuery";
import { UsageError } from "./errors";
import { canonicalResult } from "./format/canonical";
import { presentValues, type ValueHashKey } from "./values";

/** The baseline format written now. 1 is a bare listing (`list --output json`). */
export const BASELINE_SCHEMA_VERSION = 2;

/** A loaded baseline: the listing, and what took it (absent in version 1 files). */
export interface Baseline {
  result: GetSecretsResult;
  meta: BaselineMeta | undefined;
}

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

function issueLines(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const shown = issues.slice(0, MAX_ISSUES_SHOWN).map((issue) => {
    const at = issue.path.length > 0 ? issue.path.map(String).join(".") : "(top level)";
    return `${at}: ${issue.message}`;
  });
  const more = issues.length - shown.length;
  return `\n  ${shown.join("\n  ")}` + (more > 0 ? `\n  ... and ${more} more` : "");
}

/** What took the baseline, from its version 2 keys; undefined for a version 1 file. */
function parseMeta(data: unknown, where: string): BaselineMeta | undefined {
  const version =
    data !== null && typeof data === "object" && !Array.isArray(data)
      ? (data as Record<string, unknown>)["schemaVersion"]
      : undefined;
  if (version === undefined) return undefined;
  if (
    typeof version === "number" &&
    Number.isInteger(version) &&
    version > BASELINE_SCHEMA_VERSION
  ) {
    throw new UsageError(
      "baseline",
      `${where} has schemaVersion ${version}, newer than this kms-secrets reads (${BASELINE_SCHEMA_VERSION}): upgrade kms-secrets`,
    );
  }
  const parsed = baselineMetaSchema().safeParse(data);
  if (!parsed.success) {
    throw new UsageError(
      "baseline",
      `${where} has a schemaVersion but not the baseline format:${issueLines(parsed.error.issues)}`,
    );
  }
  return parsed.data;
}

/**
 * The schema's record parse drops a tag key named `__proto__` (it sets the prototype); the
 * file's own tags (strings, checked by the schema) are put back as data, so a secret carrying
 * such a tag does not drift against its own baseline.
 */
function keepProtoTags(result: GetSecretsResult, raw: unknown): void {
  const secrets = (raw as { secrets?: unknown }).secrets;
  if (!Array.isArray(secrets)) return;
  result.secrets.forEach((secret, i) => {
    const tags = (secrets[i] as { tags?: unknown } | undefined)?.tags;
    if (typeof tags !== "object" || tags === null || !Object.hasOwn(tags, "__proto__")) return;
    const value = (tags as Record<string, unknown>)["__proto__"];
    if (typeof value !== "string") return;
    Object.defineProperty(secret.tags, "__proto__", {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  });
}

/** Parses baseline text; `label` names the file in messages. */
export function parseBaselineFile(text: string, label: string): Baseline {
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
  const meta = parseMeta(data, where);
  const parsed = getSecretsResultSchema().safeParse(data);
  if (!parsed.success) {
    throw new UsageError(
      "baseline",
      `${where} does not match the list --output json format:${issueLines(parsed.error.issues)}`,
    );
  }
  keepProtoTags(parsed.data, data);
  const seen = new Set<string>();
  for (const secret of parsed.data.secrets) {
    const region = secret.regionId ?? parsed.data.region;
    const key = `${region}\u0000${secret.secretName}`;
    if (seen.has(key)) {
      throw new UsageError(
        "baseline",
        `${where} lists secret "${secret.secretName}" more than once`,
      );
    }
    seen.add(key);
  }
  return { result: parsed.data, meta };
}

/** Parses baseline text to its listing (either version). */
export function parseBaseline(text: string, label: string): GetSecretsResult {
  return parseBaselineFile(text, label).result;
}

/** Reads and validates a baseline file. */
export async function readBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (err) {
    throw new UsageError("baseline", `baseline file ${file} ${fsProblem(err)}`);
  }
  return parseBaselineFile(text, file);
}

/** The file's text: the meta keys first, then the canonical listing (values replaced). */
export function formatBaseline(
  result: GetSecretsResult,
  meta: BaselineMeta,
  hashKey?: ValueHashKey,
): string {
  const listing = canonicalResult(presentValues(result, { showValues: false, hashKey }));
  return `${JSON.stringify({ ...meta, ...listing }, null, 2)}\n`;
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
  meta: BaselineMeta,
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
    await handle.writeFile(formatBaseline(result, meta, hashKey), "utf8");
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
