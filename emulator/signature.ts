/**
 * RPC signature V1 (HMAC-SHA1) as the KMS gateway computes it: StringToSign = METHOD &
 * percentEncode("/") & percentEncode(sorted canonical query), key = AccessKeySecret + "&";
 * parameters compared decoded and re-encoded (RFC 3986), so querystring-built URLs verify.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** RFC 3986 percent-encoding: encodeURIComponent plus `!'()*`. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}

/** `k=v&k=v` of the parameters (except `exclude`), keys sorted, both sides percent-encoded. */
export function canonicalQuery(params: ReadonlyMap<string, string>, exclude = "Signature"): string {
  const keys = [...params.keys()].filter((k) => k !== exclude).sort();
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

/** Signature V3: the name of the algorithm in the Authorization header. */
export const ACS3 = "ACS3-HMAC-SHA256";

export function sha256Hex(data: string): string {
  return createHash("sha256").update(data, "utf8").digest("hex");
}

/**
 * Signature V3 (ACS3-HMAC-SHA256) string to sign: the algorithm, a newline, and the hex SHA-256
 * of the canonical request METHOD\n/\nquery\nheaders\nsignedHeaders\nhex(sha256(body)).
 */
export function stringToSignV3(
  method: string,
  query: ReadonlyMap<string, string>,
  signedHeaders: readonly { name: string; value: string }[],
  bodySha256: string,
): string {
  const canonicalHeaders = signedHeaders.map((h) => `${h.name}:${h.value.trim()}\n`).join("");
  const canonicalRequest = [
    method.toUpperCase(),
    "/",
    canonicalQuery(query, ""),
    canonicalHeaders,
    signedHeaders.map((h) => h.name).join(";"),
    bodySha256,
  ].join("\n");
  return `${ACS3}\n${sha256Hex(canonicalRequest)}`;
}

export function signV3(stringToSign: string, accessKeySecret: string): string {
  return createHmac("sha256", accessKeySecret).update(stringToSign, "utf8").digest("hex");
}
