/**
 * Typed errors of the lookup core. Every message that leaves this package passes
 * through `redact`, so no AccessKeySecret, SecurityToken or Signature is ever surfaced.
 */

/** What to do about a failure, for humans and for exit codes. */
export type KmsErrorAction =
  | "retry" // transient: throttling, 5xx, network; retried already if it reached the caller
  | "check-credentials" // wrong or missing key, signature mismatch, expired token
  | "check-clock" // InvalidTimeStamp.Expired
  | "check-permissions" // Forbidden.*
  | "check-arguments" // InvalidParameter and friends
  | "none";

/** What a KmsError is made from (see the fields of KmsError). */
export interface KmsErrorInit {
  /** The error code (`KmsError.code`). */
  code: string;
  /** The message; redacted before it is stored. */
  message: string;
  /** The HTTP status, when a response arrived. */
  httpStatus?: number;
  /** The API's `RequestId`, when the response had one. */
  requestId?: string;
  /** Whether the failure is transient. */
  retryable: boolean;
  /** What to do about it. */
  action: KmsErrorAction;
  /** The API action that failed, e.g. `ListSecrets`. */
  apiAction?: string;
  /**
   * Literal values to scrub from the message (the access key secret and security token in
   * use, ...). Used for redaction only; never stored on the error.
   */
  known?: readonly (string | undefined)[];
  /** How many attempts were made before giving up (1 when not retried). */
  attempts?: number;
}

/** A failure talking to KMS (or the emulator). Never carries a secret, a token or a signed URL. */
export class KmsError extends Error {
  override readonly name = "KmsError";
  /** The API's error `Code` (e.g. `Forbidden.NoPermission`, `Throttling`), or the lookup's own (e.g. `ListingInconsistent`). */
  readonly code: string;
  /** The HTTP status of the failed response; undefined when none arrived (network error, timeout). */
  readonly httpStatus: number | undefined;
  /** The API's `RequestId`, for Alibaba Cloud support; undefined when the response had none. */
  readonly requestId: string | undefined;
  /** True for transient failures (throttling, 5xx, network); they were retried before reaching you. */
  readonly retryable: boolean;
  /** What to do about it; drives the CLI's exit code. */
  readonly action: KmsErrorAction;
  /** The API action that failed, e.g. `ListSecrets`; undefined when not tied to one. */
  readonly apiAction: string | undefined;
  /** Attempts made before giving up (1 when not retried); undefined when no request was sent. */
  readonly attempts: number | undefined;

  constructor(init: KmsErrorInit) {
    super(redact(init.message, init.known ?? []));
    this.code = init.code;
    this.httpStatus = init.httpStatus;
    this.requestId = init.requestId;
    this.retryable = init.retryable;
    this.action = init.action;
    this.apiAction = init.apiAction;
    this.attempts = init.attempts;
  }

  /** A plain, secret-free summary (what `JSON.stringify` shows). */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, code: this.code };
    out["message"] = this.message;
    if (this.httpStatus !== undefined) out["httpStatus"] = this.httpStatus;
    if (this.requestId !== undefined) out["requestId"] = this.requestId;
    out["retryable"] = this.retryable;
    out["action"] = this.action;
    if (this.apiAction !== undefined) out["apiAction"] = this.apiAction;
    if (this.attempts !== undefined) out["attempts"] = this.attempts;
    return out;
  }
}

const SENSITIVE_PARAMS = [
  "AccessKeyId",
  "AccessKeySecret",
  "SecurityToken",
  "Signature",
  "SignatureNonce",
  "accessKeyId",
  "accessKeySecret",
  "securityToken",
  "secretKey",
  "accessKey",
  "x-acs-security-token",
  // ~/.aliyun/config.json and ~/.alibabacloud/credentials spell them in snake_case
  "access_key_id",
  "access_key_secret",
  "sts_token",
  "security_token",
];

/**
 * Built per call (errors are rare), never at module scope: nothing regex- or value-shaped is
 * captured when Pulumi serializes a closure that references this module.
 */
function sensitivePatterns(): { regex: RegExp; replacement: string }[] {
  const out: { regex: RegExp; replacement: string }[] = [];
  for (const raw of SENSITIVE_PARAMS) {
    const name = raw.replace(/-/g, "\\-");
    // query strings and form bodies: Name=value
    out.push({
      regex: new RegExp(`(^|[?&\\s"'(,;])(${name}=)[^&\\s"')]*`, "g"),
      replacement: "$1$2[REDACTED]",
    });
    // a form body inside a percent-encoded string to sign: Name%3Dvalue%26...
    out.push({
      regex: new RegExp(`(${name}%3D)[^&\\s"']*?(?=%26|&|\\s|"|'|$)`, "gi"),
      replacement: "$1[REDACTED]",
    });
    // JSON: "Name": "value"
    out.push({ regex: new RegExp(`("${name}"\\s*:\\s*")[^"]*`, "g"), replacement: "$1[REDACTED]" });
    // headers, logs, ini files, inspected objects: Name: value / Name = 'value'
    out.push({
      regex: new RegExp(`(\\b${name}\\s*[:=]\\s*['"]?)[^\\s,;&"']+`, "g"),
      replacement: "$1[REDACTED]",
    });
  }
  return out;
}

/** The forms a literal value may take in a message: raw, percent-encoded once or twice. */
function spellings(value: string): string[] {
  const once = encodeURIComponent(value);
  const rfc3986 = once.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const twice = encodeURIComponent(rfc3986);
  return [...new Set([value, once, rfc3986, twice])].sort((a, b) => b.length - a.length);
}

/**
 * Removes credentials from text: signed-URL query parameters, JSON fields, header-like
 * pairs, and any literal value passed in `known` (e.g. the secret actually in use), also in
 * its percent-encoded forms.
 */
export function redact(text: string, known: readonly (string | undefined)[] = []): string {
  let out = String(text);
  for (const value of known) {
    if (!value || value.length < 4) continue;
    for (const form of spellings(value)) out = out.split(form).join("[REDACTED]");
  }
  for (const { regex, replacement } of sensitivePatterns()) out = out.replace(regex, replacement);
  // any full URL with a query string may be a signed URL: drop the query
  out = out.replace(/(https?:\/\/[^\s?"']+)\?[^\s"']*/g, "$1?[REDACTED]");
  return out;
}
