/** Text helpers shared by the human-readable formats. */

/**
 * Makes control characters visible (`\u001b` instead of an escape sequence), so that a
 * crafted secret name or tag value cannot move the cursor or recolor the terminal.
 */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => {
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

/** Tags as `k=v, k2=v2`, keys sorted. */
export function formatTagList(tags: Readonly<Record<string, string>>): string {
  return Object.keys(tags)
    .sort()
    .map((key) => `${key}=${tags[key]}`)
    .join(", ");
}
