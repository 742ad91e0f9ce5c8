/**
 * Typed errors of the lookup core. Every field that leaves this package passes through
 * `redact` (./redact.ts), so no AccessKeySecret, SecurityToken or Signature is ever surfaced.
 */
import { redact } from "./redact";

export { redact } from "./redact";

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
    const known = init.known ?? [];
    super(redact(init.message, known));
    this.code = redact(init.code, known);
    this.httpStatus = init.httpStatus;
    this.requestId = init.requestId === undefined ? undefined : redact(init.requestId, known);
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
