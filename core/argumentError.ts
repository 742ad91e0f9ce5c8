/** The error for bad lookup arguments, apart from the zod schemas so that its declaration names no dependency. */
import type { ArgumentIssue } from "./types";

/** A bad argument, refused before any request is sent. Names every bad field. */
export class ArgumentError extends Error {
  override readonly name = "ArgumentError";
  /** Every problem found, one per field (`path`) and problem. */
  readonly issues: ArgumentIssue[];
  constructor(issues: ArgumentIssue[]) {
    super(
      `invalid arguments: ${issues.map((i) => (i.path ? `${i.path} ${i.message}` : i.message)).join("; ")}`,
    );
    this.issues = issues;
  }
}
