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

export interface KmsErrorInit {
  code: string;
  message: string;
  httpStatus?: number;
  requestId?: string;
  retryable: boolean;
  action: KmsErrorAction;
  /** The API action that failed, e.g. `ListSecrets`. */
  apiAction?: string;
}

/** A failure talking to KMS (or the emulator). Never carries a secret, a token or a signed URL. */
export class KmsError extends Error {
  override readonly name = "KmsError";
  readonly code: string;
  readonly httpStatus: number | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
  readonly action: KmsErrorAction;
  readonly apiAction: string | undefined;

  constructor(init: KmsErrorInit) {
    super(redact(init.message));
    this.code = init.code;
    this.httpStatus = init.httpStatus;
    this.requestId = init.requestId;
    this.retryable = init.retryable;
    this.action = init.action;
    this.apiAction = init.apiAction;
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
  "x-acs-security-token",
];

/**
 * Removes credentials from text: signed-URL query parameters, JSON fields, header-like
 * pairs, and any literal value passed in `known` (e.g. the secret actually in use).
 */
export function redact(text: string, known: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const value of known) {
    if (value && value.length >= 4) out = out.split(value).join("[REDACTED]");
  }
  for (const name of SENSITIVE_PARAMS) {
    // query strings and form bodies: Name=value
    out = out.replace(new RegExp(`([?&\\s"']${name}=)[^&\\s"']*`, "g"), "$1[REDACTED]");
    // JSON: "Name": "value"
    out = out.replace(new RegExp(`("${name}"\\s*:\\s*")[^"]*`, "g"), "$1[REDACTED]");
    // headers / logs: Name: value
    out = out.replace(new RegExp(`(\\b${name}:\\s*)\\S+`, "g"), "$1[REDACTED]");
  }
  // any full URL with a query string may be a signed URL: drop the query
  out = out.replace(/(https?:\/\/[^\s?"']+)\?[^\s"']*/g, "$1?[REDACTED]");
  return out;
}
