/**
 * Typed errors of the lookup core: a code, a kind (what failed, which drives exit codes), a
 * remedy (what to do), and the wrapped `cause`. Every field that leaves this package passes
 * through `redact` (./redact.ts): no AccessKeySecret, SecurityToken or Signature is surfaced.
 */
import { redact } from "./redact";

export { redact } from "./redact";

/** Codes the service sends that the core acts on. */
export type KmsServerCode =
  | "Throttling"
  | "Throttling.User"
  | "Throttling.Api"
  | "Rejected.Throttling"
  | "ServiceUnavailable"
  | "ServiceUnavailableTemporary"
  | "InternalError"
  | "InternalFailure"
  | "Kms.InternalError"
  | "UnknownError"
  | "SignatureNonceUsed"
  | "SignatureDoesNotMatch"
  | "InvalidAccessKeyId.NotFound"
  | "InvalidTimeStamp.Expired"
  | "Forbidden.NoPermission"
  | "Forbidden.ResourceNotFound"
  | "Rejected.ResourceInDeleteWindow"
  | "InvalidParameter";

/** Codes the core invents for failures without a server code. */
export type KmsLocalCode =
  | "Credentials.Incomplete"
  | "Credentials.NotFound"
  | "Credentials.SettingFailed"
  | "RequestTimeout"
  | "NetworkError"
  | "EndpointNotFound"
  | "TlsError"
  | "Aborted"
  | "UnexpectedError"
  | "GarbledResponse"
  | "MalformedResponse"
  | "ResponseTooLarge"
  | "UnsupportedEncoding"
  | "UnexpectedPageSize"
  | "ListingInconsistent"
  | "VersionNotFound"
  | `Http${number}`;

/** Any error code: known ones autocomplete; other server codes pass through as strings. */
export type KmsErrorCode = KmsServerCode | KmsLocalCode | (string & {});

/** What failed. The CLI maps each kind to an exit code (cli/exit-codes.ts). */
export type KmsErrorKind =
  | "config" // found before any request: no or half credentials
  | "auth" // the service refused the key, the token, the signature or the clock
  | "permission" // the key may not do this (Forbidden.*)
  | "rejected" // the service refused the request's parameters, or the version asked for
  | "throttled" // the service asked us to slow down
  | "unavailable" // 5xx, an unreadable answer: the service, not us
  | "network" // no answer: timeout, reset, DNS, TLS
  | "malformed" // an answer we can read but that breaks the API's contract
  | "inconsistent" // the set of secrets changed while it was listed
  | "aborted" // the caller's signal
  | "internal"; // anything else thrown below us

/** What to do about a failure. */
export type KmsErrorRemedy =
  | "retry" // transient: retried already if it reached the caller
  | "check-credentials"
  | "check-clock"
  | "check-permissions"
  | "check-arguments"
  | "none";

/** What each kind means by default; a factory may override `retryable` and `remedy`. */
const KIND_DEFAULTS: Readonly<
  Record<KmsErrorKind, { retryable: boolean; remedy: KmsErrorRemedy }>
> = {
  config: { retryable: false, remedy: "check-credentials" },
  auth: { retryable: false, remedy: "check-credentials" },
  permission: { retryable: false, remedy: "check-permissions" },
  rejected: { retryable: false, remedy: "check-arguments" },
  throttled: { retryable: true, remedy: "retry" },
  unavailable: { retryable: true, remedy: "retry" },
  network: { retryable: true, remedy: "retry" },
  malformed: { retryable: false, remedy: "none" },
  inconsistent: { retryable: true, remedy: "retry" },
  aborted: { retryable: false, remedy: "none" },
  internal: { retryable: false, remedy: "none" },
};

/** What a KmsError is made from (see the fields of KmsError). */
export interface KmsErrorInit {
  /** The error code (`KmsError.code`). */
  code: KmsErrorCode;
  /** What failed (`KmsError.kind`). */
  kind: KmsErrorKind;
  /** The message; redacted before it is stored. */
  message: string;
  /** Whether the failure is transient; defaults to the kind's. */
  retryable?: boolean;
  /** What to do about it; defaults to the kind's. */
  remedy?: KmsErrorRemedy;
  /** The HTTP status, when a response arrived. */
  httpStatus?: number;
  /** The API's `RequestId`, when the response had one. */
  requestId?: string;
  /** The API action that failed, e.g. `ListSecrets`. */
  apiAction?: string;
  /** How many attempts were made before giving up (1 when not retried). */
  attempts?: number;
  /** How long the service asked us to wait (`Retry-After`), ms. */
  retryAfterMs?: number;
  /** The error this one wraps (standard `Error.cause`). */
  cause?: unknown;
  /** Literal values to scrub from the message; used for redaction only, never stored. */
  known?: readonly (string | undefined)[];
}

/** A failure talking to KMS (or the emulator). Never carries a secret, a token or a signed URL. */
export class KmsError extends Error {
  override readonly name = "KmsError";
  /** The API's error `Code` (e.g. `Forbidden.NoPermission`), or the lookup's own (e.g. `ListingInconsistent`). */
  readonly code: KmsErrorCode;
  /** What failed; drives the CLI's exit code. */
  readonly kind: KmsErrorKind;
  /** What to do about it. */
  readonly remedy: KmsErrorRemedy;
  /** True for transient failures (throttling, 5xx, network); they were retried before reaching you. */
  readonly retryable: boolean;
  /** The HTTP status of the failed response; undefined when none arrived (network error, timeout). */
  readonly httpStatus: number | undefined;
  /** The API's `RequestId`, for Alibaba Cloud support; undefined when the response had none. */
  readonly requestId: string | undefined;
  /** The API action that failed, e.g. `ListSecrets`; undefined when not tied to one. */
  readonly apiAction: string | undefined;
  /** Attempts made before giving up (1 when not retried); undefined when no request was sent. */
  readonly attempts: number | undefined;
  /** @internal How long the service asked us to wait, ms. */
  readonly retryAfterMs: number | undefined;

  constructor(init: KmsErrorInit) {
    const known = init.known ?? [];
    super(
      redact(init.message, known),
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    const defaults = KIND_DEFAULTS[init.kind];
    this.code = redact(init.code, known);
    this.kind = init.kind;
    this.remedy = init.remedy ?? defaults.remedy;
    this.retryable = init.retryable ?? defaults.retryable;
    this.httpStatus = init.httpStatus;
    this.requestId = init.requestId === undefined ? undefined : redact(init.requestId, known);
    this.apiAction = init.apiAction;
    this.attempts = init.attempts;
    this.retryAfterMs = init.retryAfterMs;
  }

  /** A plain, secret-free summary (what `JSON.stringify` shows). */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, code: this.code, kind: this.kind };
    out["message"] = this.message;
    if (this.httpStatus !== undefined) out["httpStatus"] = this.httpStatus;
    if (this.requestId !== undefined) out["requestId"] = this.requestId;
    out["retryable"] = this.retryable;
    out["remedy"] = this.remedy;
    if (this.apiAction !== undefined) out["apiAction"] = this.apiAction;
    if (this.attempts !== undefined) out["attempts"] = this.attempts;
    return out;
  }
}

/** A new error about the same failure, worded anew: `err` becomes its `cause`. */
export function rewordError(
  err: KmsError,
  message: string,
  extra: Partial<Pick<KmsErrorInit, "attempts">> = {},
): KmsError {
  return new KmsError({
    code: err.code,
    kind: err.kind,
    message,
    retryable: err.retryable,
    remedy: err.remedy,
    httpStatus: err.httpStatus,
    requestId: err.requestId,
    apiAction: err.apiAction,
    attempts: extra.attempts ?? err.attempts,
    cause: err,
  });
}

/** The error of an aborted lookup, with the signal's reason. */
export function abortError(signal: AbortSignal | undefined): KmsError {
  const reason: unknown = signal?.reason;
  const why = reason instanceof Error ? reason.message : typeof reason === "string" ? reason : "";
  return new KmsError({
    code: "Aborted",
    kind: "aborted",
    message: why ? `lookup aborted: ${why}` : "lookup aborted",
  });
}

/** An answer that breaks the API's contract (never retried: it would answer the same). */
export function malformedAnswer(
  apiAction: string,
  what: string,
  requestId: string | undefined,
  detail: string,
): KmsError {
  return new KmsError({
    code: "MalformedResponse",
    kind: "malformed",
    message: `${what}${requestId ? ` (RequestId ${requestId})` : " (no RequestId)"}: ${detail}`,
    requestId,
    apiAction,
  });
}
