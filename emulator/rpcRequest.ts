/** Turns an HTTP request into RPC parameters: `GET /?…`, `POST /` with a form body, `POST /?…`. */
import type { IncomingHttpHeaders } from "node:http";
import { ApiError } from "./errors";

export interface RpcRequest {
  method: string;
  /** All parameters: the URL query plus a form body. */
  params: Map<string, string>;
  /** The URL query parameters only (signature V3 signs these; the body is hashed). */
  query: Map<string, string>;
  /** The raw body. */
  body: string;
  headers: IncomingHttpHeaders;
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    throw new ApiError("InvalidParameter", 400, "The request contains malformed percent-encoding.");
  }
}

/** Parses `a=1&b=2` (query string or form body) into `into`; a repeated name is refused. */
export function parseForm(text: string, into: Map<string, string>): void {
  if (text === "") return;
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const name = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? "" : decodeComponent(pair.slice(eq + 1));
    if (into.has(name)) {
      throw new ApiError(
        "InvalidParameter",
        400,
        `The parameter "${name}" is given more than once.`,
      );
    }
    into.set(name, value);
  }
}

/** Parses an RPC request: the URL query plus a form body (if any). */
export function parseRpcRequest(
  method: string,
  rawQuery: string,
  body: string,
  headers: IncomingHttpHeaders,
): RpcRequest {
  const query = new Map<string, string>();
  parseForm(rawQuery, query);
  const params = new Map(query);
  const contentType = headers["content-type"];
  const isForm =
    contentType === undefined || /application\/x-www-form-urlencoded/i.test(contentType);
  if (body !== "" && isForm) parseForm(body, params);
  return { method, params, query, body, headers };
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The API action: the `Action` parameter, else the `x-acs-action` header. */
export function actionOf(req: RpcRequest): string | undefined {
  return req.params.get("Action") || header(req.headers, "x-acs-action") || undefined;
}

/** The API version: the `Version` parameter, else the `x-acs-version` header. */
export function versionOf(req: RpcRequest): string | undefined {
  return req.params.get("Version") || header(req.headers, "x-acs-version") || undefined;
}
