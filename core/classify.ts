/**
 * Every failure the client can meet (a body's `Code`, an HTTP status, whatever pop-core, httpx
 * or node threw) as a `KmsError`: its kind, whether to retry, what to do. A thrown value's
 * message is never passed on: pop-core puts the (for GET, signed) request URL into it.
 */
import { KmsError, type KmsErrorInit, type KmsErrorKind, type KmsErrorRemedy } from "./errors";

/** The codes that mean "slow down". */
export function isThrottlingCode(code: string): boolean {
  return code.startsWith("Throttling") || code === "Rejected.Throttling";
}

const TRANSIENT_CODES = new Set([
  "ServiceUnavailable",
  "ServiceUnavailableTemporary",
  "InternalError",
  "InternalFailure",
  "Kms.InternalError",
  "UnknownError",
  "RequestTimeout",
  "NetworkError",
  "GarbledResponse",
]);

const CREDENTIAL_CODES = new Set([
  "InvalidAccessKeyId",
  "InvalidAccessKeyId.NotFound",
  "InvalidAccessKeyId.Inactive",
  "InvalidAccessKeySecret",
  "SignatureDoesNotMatch",
  "IncompleteSignature",
  "MissingSecurityToken",
  "InvalidSecurityToken",
  "InvalidSecurityToken.Expired",
  "InvalidSecurityToken.Malformed",
  "InvalidSecurityToken.MismatchWithAccessKey",
  "InvalidAuthorization",
  "Unauthorized",
]);

const CLOCK_CODES = new Set(["InvalidTimeStamp.Expired", "InvalidTimeStamp.Format"]);

/** The credential variables a user can check, for messages. */
const CHECK_KEY_HINT =
  "check ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET (or ALICLOUD_ACCESS_KEY / " +
  "ALICLOUD_SECRET_KEY, or Pulumi config alicloud:accessKey / alicloud:secretKey), and " +
  "ALIBABA_CLOUD_SECURITY_TOKEN if you use an STS token";

export interface Classification {
  kind: KmsErrorKind;
  retryable: boolean;
  throttling: boolean;
  remedy: KmsErrorRemedy;
  /** Advice appended to the message, if any. */
  hint?: string;
}

function classified(
  kind: KmsErrorKind,
  overrides: Partial<Omit<Classification, "kind">> = {},
): Classification {
  const retryable = kind === "throttled" || kind === "unavailable";
  return {
    kind,
    retryable,
    throttling: kind === "throttled",
    remedy: retryable ? "retry" : "none",
    ...overrides,
  };
}

/** What an error code (with its HTTP status) means for us. */
export function classifyCode(code: string, httpStatus: number | undefined): Classification {
  if (isThrottlingCode(code)) return classified("throttled");
  if (TRANSIENT_CODES.has(code)) return classified("unavailable");
  if (CLOCK_CODES.has(code)) {
    return classified("auth", {
      remedy: "check-clock",
      hint: "your clock is off: the request timestamp was refused; sync the system clock (NTP) and retry",
    });
  }
  if (CREDENTIAL_CODES.has(code) || code.startsWith("InvalidSecurityToken")) {
    return classified("auth", { remedy: "check-credentials", hint: CHECK_KEY_HINT });
  }
  if (code === "SignatureNonceUsed") {
    // A nonce collision: a fresh request gets a fresh nonce.
    return classified("unavailable");
  }
  if (code.startsWith("Forbidden")) {
    return classified("permission", {
      remedy: "check-permissions",
      hint: "the key is valid but may not call kms:ListSecrets here; check its RAM policy",
    });
  }
  if (code.startsWith("Invalid") || code.startsWith("Missing")) {
    return classified("rejected", { remedy: "check-arguments" });
  }
  if (httpStatus === 429) return classified("throttled");
  if (httpStatus !== undefined && httpStatus >= 500) return classified("unavailable");
  return classified("rejected");
}

export interface FailureContext {
  apiAction: string;
  /** The answer's `Retry-After`, ms, when it had one. */
  retryAfterMs?: number;
  /** Values to scrub from any message (secret, token, key id). */
  known: readonly (string | undefined)[];
}

/** An error answer with a `Code` in its JSON body. */
export function kmsErrorFromBody(
  body: { Code: string; Message?: unknown; RequestId?: unknown },
  httpStatus: number | undefined,
  ctx: FailureContext,
): KmsError {
  const code = body.Code;
  const requestId = typeof body.RequestId === "string" ? body.RequestId : undefined;
  const what = classifyCode(code, httpStatus);
  const serverMessage = typeof body.Message === "string" ? body.Message : "";
  const parts = [`${ctx.apiAction} failed: ${code}`];
  if (serverMessage) parts.push(`: ${serverMessage}`);
  if (what.hint) parts.push(` (${what.hint.replace("kms:ListSecrets", `kms:${ctx.apiAction}`)})`);
  parts.push(requestIdSuffix(requestId, httpStatus));
  return new KmsError({
    code,
    kind: what.kind,
    message: parts.join(""),
    httpStatus,
    requestId,
    retryable: what.retryable,
    remedy: what.remedy,
    apiAction: ctx.apiAction,
    retryAfterMs: ctx.retryAfterMs,
    known: ctx.known,
  });
}

/** A non-2xx answer whose JSON body has no `Code`. */
export function kmsErrorFromStatus(
  httpStatus: number,
  requestId: string | undefined,
  ctx: FailureContext,
): KmsError {
  return new KmsError({
    code: httpStatus === 429 ? "Throttling" : `Http${httpStatus}`,
    kind: httpStatus === 429 ? "throttled" : httpStatus >= 500 ? "unavailable" : "rejected",
    remedy: httpStatus === 429 || httpStatus >= 500 ? "retry" : "none",
    message: `${ctx.apiAction} failed: HTTP ${httpStatus} without an error code${requestIdSuffix(requestId, undefined)}`,
    httpStatus,
    requestId,
    apiAction: ctx.apiAction,
    retryAfterMs: ctx.retryAfterMs,
    known: ctx.known,
  });
}

/** A body that is not a JSON object: an HTML error page, an empty or a cut-off body. */
export function kmsErrorFromGarbledBody(
  httpStatus: number | undefined,
  requestId: string | undefined,
  contentType: string | undefined,
  bodyLength: number | undefined,
  ctx: FailureContext,
): KmsError {
  const kind =
    bodyLength === 0
      ? "an empty body"
      : contentType?.includes("html")
        ? "an HTML page"
        : "a body that is not JSON";
  const status = httpStatus === undefined ? "" : `HTTP ${httpStatus} with `;
  return new KmsError({
    code: "GarbledResponse",
    kind: "unavailable",
    message: `${ctx.apiAction} failed: ${status}${kind}${contentType ? ` (${contentType.split(";")[0]})` : ""}${requestIdSuffix(requestId, undefined)}`,
    httpStatus,
    requestId,
    apiAction: ctx.apiAction,
    retryAfterMs: ctx.retryAfterMs,
    known: ctx.known,
  });
}

const RETRYABLE_NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "UND_ERR_SOCKET",
]);

function stringField(value: unknown, key: string): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === "string" ? field : undefined;
}

/** What a thrown value's kind (its `code` or `name`) means: one row per outcome. */
type ThrownOutcome = Pick<KmsErrorInit, "code" | "kind" | "remedy" | "retryable"> & {
  what: string;
};

function thrownOutcome(name: string, sysCode: string, message: string): ThrownOutcome {
  if (name.includes("RequestTimeout") || sysCode === "ETIMEDOUT" || sysCode === "ESOCKETTIMEDOUT") {
    return {
      code: "RequestTimeout",
      kind: "network",
      what: "failed: no complete answer within the request timeout",
    };
  }
  if (RETRYABLE_NETWORK_CODES.has(sysCode) || /socket hang up/i.test(message)) {
    return {
      code: "NetworkError",
      kind: "network",
      what: `failed: network error ${sysCode || "socket hang up"}`,
    };
  }
  if (sysCode === "ENOTFOUND") {
    return {
      code: "EndpointNotFound",
      kind: "network",
      remedy: "check-arguments",
      retryable: false,
      what: "failed: the endpoint host name does not resolve (ENOTFOUND); check the region or endpoint",
    };
  }
  if (
    sysCode.startsWith("CERT_") ||
    sysCode.includes("SELF_SIGNED") ||
    sysCode.startsWith("ERR_TLS")
  ) {
    return {
      code: "TlsError",
      kind: "network",
      remedy: "none",
      retryable: false,
      what: `failed: TLS error ${sysCode}`,
    };
  }
  if (sysCode === "ABORT_ERR" || name === "AbortError") {
    return { code: "Aborted", kind: "aborted", what: "aborted" };
  }
  const kind = (sysCode || name || "").replace(/[^\w.-]/g, "").slice(0, 60);
  return {
    code: "UnexpectedError",
    kind: "internal",
    what: `failed: unexpected ${kind || "error"}`,
  };
}

/**
 * Anything thrown below us (httpx, node's http, json-bigint, pop-core) becomes a KmsError.
 * Only the error's kind is kept (its `code` such as ECONNRESET, or its `name` such as
 * RequestTimeoutError), never its message, which may contain a signed URL.
 */
export function kmsErrorFromThrown(raw: unknown, ctx: FailureContext): KmsError {
  if (raw instanceof KmsError) return raw;
  const name = stringField(raw, "name") ?? "";
  const sysCode = stringField(raw, "code") ?? "";
  const outcome = thrownOutcome(
    name,
    sysCode || (name ? "" : typeof raw),
    stringField(raw, "message") ?? "",
  );
  return new KmsError({
    code: outcome.code,
    kind: outcome.kind,
    remedy: outcome.remedy,
    retryable: outcome.retryable,
    message: `${ctx.apiAction} ${outcome.what}`,
    apiAction: ctx.apiAction,
    known: ctx.known,
  });
}

function requestIdSuffix(requestId: string | undefined, httpStatus: number | undefined): string {
  const parts: string[] = [];
  if (httpStatus !== undefined) parts.push(`HTTP ${httpStatus}`);
  if (requestId) parts.push(`RequestId ${requestId}`);
  return parts.length ? ` [${parts.join(", ")}]` : "";
}

/** A `Retry-After` header (seconds, or an HTTP date) in ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const text = value.trim();
  if (/^\d{1,9}(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
