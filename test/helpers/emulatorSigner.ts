/**
 * A tiny, independent RPC signature V1 signer and raw HTTP client for tests against the
 * emulator (written separately from emulator/signature.ts so a bug there cannot hide).
 * Reusable: `sendSigned({ endpoint, accessKey, action: "ListSecrets", params: {...} })`.
 */
import { createHash, createHmac, randomUUID } from "node:crypto";
import { request } from "node:http";

export interface TestAccessKey {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/** How the RPC parameters travel: `GET /?…`, `POST /` with a form body, or `POST /?…` with no body. */
export type Transport = "GET" | "POST-form" | "POST-query";

export interface SignedRequestOptions {
  endpoint: string;
  accessKey: TestAccessKey;
  /** Sent as the `Action` parameter (omit it and use `headers` to send `x-acs-action`). */
  action?: string;
  params?: Record<string, string | number | boolean>;
  transport?: Transport;
  /** Default "2016-01-20"; null leaves Version out. */
  version?: string | null;
  nonce?: string;
  timestamp?: string | Date;
  /** Sign with this secret instead of the key's. */
  signWithSecret?: string;
  /** Signing parameters to leave out before signing (e.g. "SignatureNonce"). */
  omit?: string[];
  /** Parameters changed AFTER signing (tampering), or removed when the value is null. */
  afterSigning?: Record<string, string | null>;
  headers?: Record<string, string>;
  path?: string;
  timeoutMs?: number;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  json: Record<string, unknown> | undefined;
}

/** RFC 3986: encodeURIComponent plus `!'()*`. */
export function rfc3986(value: string): string {
  return encodeURIComponent(value)
    .replace(/!/g, "%21")
    .replace(/'/g, "%27")
    .replace(/\(/g, "%28")
    .replace(/\)/g, "%29")
    .replace(/\*/g, "%2A");
}

export function isoTimestamp(at: Date = new Date()): string {
  return at.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The V1 signature of `params` (Signature itself excluded) for `method`. */
export function signV1(method: string, params: Record<string, string>, secret: string): string {
  const canonical = Object.keys(params)
    .filter((k) => k !== "Signature")
    .sort()
    .map((k) => `${rfc3986(k)}=${rfc3986(params[k] as string)}`)
    .join("&");
  const stringToSign = `${method}&${rfc3986("/")}&${rfc3986(canonical)}`;
  return createHmac("sha1", `${secret}&`).update(stringToSign).digest("base64");
}

/** The signed parameters of a request (before afterSigning). */
export function signedParams(
  options: SignedRequestOptions,
  method: string,
): Record<string, string> {
  const params: Record<string, string> = {
    Format: "JSON",
    SignatureMethod: "HMAC-SHA1",
    SignatureVersion: "1.0",
    SignatureNonce: options.nonce ?? randomUUID(),
    Timestamp:
      options.timestamp instanceof Date
        ? isoTimestamp(options.timestamp)
        : (options.timestamp ?? isoTimestamp()),
    AccessKeyId: options.accessKey.accessKeyId,
  };
  if (options.version !== null) params["Version"] = options.version ?? "2016-01-20";
  if (options.action !== undefined) params["Action"] = options.action;
  if (options.accessKey.securityToken !== undefined) {
    params["SecurityToken"] = options.accessKey.securityToken;
  }
  for (const [k, v] of Object.entries(options.params ?? {})) params[k] = String(v);
  for (const k of options.omit ?? []) delete params[k];
  params["Signature"] = signV1(
    method,
    params,
    options.signWithSecret ?? options.accessKey.accessKeySecret,
  );
  for (const [k, v] of Object.entries(options.afterSigning ?? {})) {
    if (v === null) delete params[k];
    else params[k] = v;
  }
  return params;
}

export function formEncode(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
    .join("&");
}

/** One HTTP request with no connection reuse; rejects on timeout. */
export function rawRequest(
  endpoint: string,
  init: {
    method: string;
    path: string;
    headers?: Record<string, string>;
    body?: string;
    timeoutMs?: number;
  },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(init.path, endpoint);
    const req = request(
      url,
      { method: init.method, headers: init.headers ?? {}, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: Record<string, unknown> | undefined;
          try {
            const parsed: unknown = JSON.parse(text);
            if (parsed && typeof parsed === "object") json = parsed as Record<string, unknown>;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on("error", reject);
      },
    );
    req.setTimeout(init.timeoutMs ?? 10_000, () => req.destroy(new Error("request timed out")));
    req.on("error", reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

/** Signs and sends an RPC request to the emulator. */
export function sendSigned(options: SignedRequestOptions): Promise<RawResponse> {
  const transport = options.transport ?? "POST-form";
  const method = transport === "GET" ? "GET" : "POST";
  const params = signedParams(options, method);
  const encoded = formEncode(params);
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  const path = options.path ?? "/";
  if (transport === "POST-form") {
    headers["content-type"] = "application/x-www-form-urlencoded";
    return rawRequest(options.endpoint, {
      method,
      path,
      headers,
      body: encoded,
      timeoutMs: options.timeoutMs ?? 10_000,
    });
  }
  return rawRequest(options.endpoint, {
    method,
    path: `${path}?${encoded}`,
    headers,
    timeoutMs: options.timeoutMs ?? 10_000,
  });
}

export interface SignedV3Options {
  endpoint: string;
  accessKey: TestAccessKey;
  action: string;
  params?: Record<string, string | number | boolean>;
  /** Where the parameters travel: the URL query (default) or a form body. */
  paramsIn?: "query" | "form";
  version?: string;
  nonce?: string;
  date?: string | Date;
  signWithSecret?: string;
  /** Headers sent but left out of SignedHeaders. */
  unsigned?: string[];
  /** Headers removed before sending. */
  drop?: string[];
  /** Replaces the body after signing. */
  bodyAfterSigning?: string;
}

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Signs with ACS3-HMAC-SHA256 (signature V3) and sends the request. */
export function sendSignedV3(options: SignedV3Options): Promise<RawResponse> {
  const url = new URL(options.endpoint);
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.params ?? {})) params[k] = String(v);
  const inForm = options.paramsIn === "form";
  const query = inForm ? {} : params;
  const body = inForm ? formEncode(params) : "";
  const canonicalQuery = Object.keys(query)
    .sort()
    .map((k) => `${rfc3986(k)}=${rfc3986(query[k] as string)}`)
    .join("&");
  const headers: Record<string, string> = {
    host: url.host,
    "x-acs-action": options.action,
    "x-acs-version": options.version ?? "2016-01-20",
    "x-acs-date":
      options.date instanceof Date ? isoTimestamp(options.date) : (options.date ?? isoTimestamp()),
    "x-acs-signature-nonce": options.nonce ?? randomUUID(),
    "x-acs-content-sha256": sha256(body),
  };
  if (inForm) headers["content-type"] = "application/x-www-form-urlencoded";
  if (options.accessKey.securityToken !== undefined) {
    headers["x-acs-security-token"] = options.accessKey.securityToken;
  }
  for (const name of options.drop ?? []) delete headers[name];
  const signedNames = Object.keys(headers)
    .filter((n) => !(options.unsigned ?? []).includes(n))
    .sort();
  const canonicalRequest = [
    "POST",
    "/",
    canonicalQuery,
    signedNames.map((n) => `${n}:${(headers[n] as string).trim()}\n`).join(""),
    signedNames.join(";"),
    sha256(body),
  ].join("\n");
  const signature = createHmac(
    "sha256",
    options.signWithSecret ?? options.accessKey.accessKeySecret,
  )
    .update(`ACS3-HMAC-SHA256\n${sha256(canonicalRequest)}`)
    .digest("hex");
  headers["authorization"] =
    `ACS3-HMAC-SHA256 Credential=${options.accessKey.accessKeyId},` +
    `SignedHeaders=${signedNames.join(";")},Signature=${signature}`;
  return rawRequest(options.endpoint, {
    method: "POST",
    path: canonicalQuery ? `/?${canonicalQuery}` : "/",
    headers,
    body: options.bodyAfterSigning ?? body,
  });
}
