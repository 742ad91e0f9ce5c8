/** Text helpers shared by the human-readable formats. */
/* eslint-disable no-control-regex -- matching control characters is the point here */

/**
 * Makes control characters and bidirectional-text controls visible (`\u001b`, `\u202e`
 * instead of the character), so that a crafted secret name or tag value can neither move the
 * cursor, recolor the terminal, nor reorder what is shown (Trojan Source).
 */
export function escapeControl(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g,
    (ch) => {
      return `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
    },
  );
}

/** Like escapeControl, but keeps tab, LF and CR (which CSV quoting carries as data). */
export function escapeControlKeepingLines(text: string): string {
  return text.replace(
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g,
    (ch) => {
      return `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
    },
  );
}

/** Own-property copy of a record with keys sorted: `__proto__` stays a key, never a prototype. */
export function sortedRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  const out = {} as Record<string, string>;
  for (const key of Object.keys(record).sort()) {
    Object.defineProperty(out, key, {
      value: record[key],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** Tags as `k=v, k2=v2`, keys sorted. */
export function formatTagList(tags: Readonly<Record<string, string>>): string {
  return Object.keys(tags)
    .sort()
    .map((key) => `${key}=${tags[key]}`)
    .join(", ");
}
