/** The endpoint rule: scheme://host[:port], https (http only for loopback), as plain code. */
import { isLoopbackHost } from "./patterns";

/**
 * `given` (surrounding whitespace ignored) as a canonical endpoint, scheme://host[:port], or
 * why it is refused: the rule of the schema (./args), also run by its fast path (./fastArgs).
 */
export function canonicalEndpoint(given: string): { endpoint: string } | { problem: string } {
  const text = given.trim();
  let url: URL;
  try {
    url = new URL(text.includes("://") ? text : `https://${text}`);
  } catch {
    return { problem: "is not a valid URL" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return { problem: "must use https:// (or http:// for loopback)" };
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    return { problem: "http:// is only allowed for loopback hosts; use https://" };
  }
  if (url.username || url.password || url.search || url.hash || url.pathname !== "/") {
    return { problem: "must be scheme://host[:port] with no path, query or credentials" };
  }
  return { endpoint: `${url.protocol}//${url.host}` };
}
