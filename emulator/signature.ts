/**
 * RPC signature V1 (HMAC-SHA1) as the KMS gateway computes it:
 * StringToSign = METHOD & percentEncode("/") & percentEncode(sorted canonical query),
 * key = AccessKeySecret + "&". Parameters are compared decoded and re-encoded (RFC 3986),
 * so clients that build URLs with `querystring.stringify` verify as well as pop-core.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** RFC 3986 percent-encoding: encodeURIComponent plus `!'()*`. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}

/** `k=v&k=v` of every parameter except `Signature`, keys sorted, both sides percent-encoded. */
export function canonicalQuery(params: ReadonlyMap<string, string>): string {
  const keys = [...params.keys()].filter((k) => k !== "Signature").sort();
  return keys.map((k) => `${percentEncode(k)}=${percentEncode(params.get(k) ?? "")}`).join("&");
}

export function stringToSignV1(method: string, params: ReadonlyMap<string, string>): string {
  return `${method.toUpperCase()}&${percentEncode("/")}&${percentEncode(canonicalQuery(params))}`;
}

export function signV1(stringToSign: string, accessKeySecret: string): string {
  return createHmac("sha1", `${accessKeySecret}&`).update(stringToSign, "utf8").digest("base64");
}

/** Constant-time string comparison. */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, "utf8");
  const bb = Buffer.from(b, "utf8");
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
