/**
 * nameRegex: Go RE2 syntax (as Terraform's name_regex and @pulumi/alicloud's nameRegex), matched
 * anywhere in the name by re2js, a linear-time engine: no pattern can hang a lookup.
 * Patterns are at most MAX_NAME_REGEX_LENGTH characters. See docs/lookup-core.md.
 */
import { RE2JS } from "re2js";

/** The longest pattern accepted: real name filters are tens of characters. */
export const MAX_NAME_REGEX_LENGTH = 1024;

/** Why `source` is refused, or undefined when it compiles. Never quotes more than a short fragment. */
export function nameRegexProblem(source: string): string | undefined {
  if (source.length > MAX_NAME_REGEX_LENGTH) {
    return `is ${source.length} characters long; at most ${MAX_NAME_REGEX_LENGTH} are accepted`;
  }
  try {
    RE2JS.compile(source);
    return undefined;
  } catch (err) {
    const raw = err instanceof Error ? err.message : String(err);
    // re2js quotes the offending part in backticks: keep it short
    const reason = raw
      .replace(/^error parsing regexp: /, "")
      .replace(/`([^`]*)`/g, (_m, part: string) =>
        part.length > 40 ? `\`${part.slice(0, 40)}...\`` : `\`${part}\``,
      );
    return `is not a valid regular expression (RE2 syntax): ${reason}`;
  }
}

/** A predicate that is true when `source` matches somewhere in the name (Go's MatchString). */
export function nameMatcher(source: string): (name: string) => boolean {
  const pattern = RE2JS.compile(source);
  return (name) => pattern.matcher(name).find();
}
