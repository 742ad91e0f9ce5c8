/**
 * `outputFile` as Terraform's `writeToFile` writes it: JSON with tabs, sorted snake_case keys,
 * Go's `<>&` escapes, `~` as home, an existing file replaced. Unlike it: created 0600 (it may
 * hold values) and a failed write fails the invoke. See docs/migrating.md.
 */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";

/** One record as Terraform builds it: field name to value (`null` where the API gave none). */
export type OutputRecord = Record<string, unknown>;

/** Go's `json.MarshalIndent(data, "", "\t")`: sorted map keys, HTML-safe escapes. */
export function goJson(data: unknown): string {
  return JSON.stringify(sortKeys(data), null, "\t")
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      Object.defineProperty(out, key, {
        value: sortKeys((value as Record<string, unknown>)[key]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

/** The path Terraform would write: `~` expanded, relative to the program's directory. */
export function outputPath(file: string, homeDir: string = os.homedir()): string {
  const expanded = file.startsWith("~") ? homeDir + file.slice(1) : file;
  return path.resolve(expanded);
}

/** Replaces `file` with `records` as JSON; throws an Error naming the file when it cannot. */
export async function writeOutputFile(
  file: string,
  records: readonly OutputRecord[],
): Promise<void> {
  const target = outputPath(file);
  try {
    await fs.rm(target, { force: true });
    await fs.writeFile(target, goJson(records), { mode: 0o600, flag: "wx" });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "unknown error";
    throw new Error(`outputFile ${JSON.stringify(file)}: could not write ${target} (${code})`);
  }
}
