/**
 * The error catalogue of the emulator: codes, HTTP statuses and messages as the KMS
 * gateway returns them, and the JSON body `{RequestId, HostId, Code, Message, Recommend}`.
 */

/** Why a request was refused, for stats. */
export type RejectionKind = "signature" | "fault" | "request";

const CATALOGUE = {
  InvalidParameter: [400, "The specified parameter is not valid."],
  "InvalidAction.NotFound": [404, "Specified api is not found, please check your url and method."],
  MissingVersion: [400, "Version is mandatory for this request."],
  InvalidVersion: [400, "Specified parameter Version is not valid."],
  IncompleteSignature: [400, "The request signature does not conform to Aliyun standards."],
  SignatureDoesNotMatch: [400, "Specified signature is not matched with our calculation."],
  "InvalidAccessKeyId.NotFound": [404, "Specified access key is not found."],
  "InvalidSecurityToken.MismatchWithAccessKey": [
    400,
    "Specified SecurityToken mismatch with the AccessKey.",
  ],
  "InvalidTimeStamp.Expired": [400, "Specified time stamp or date header is expired."],
  "InvalidTimeStamp.Format": [400, "Specified time stamp or date header is not valid."],
  SignatureNonceUsed: [400, "Specified signature nonce was used already."],
  "Rejected.Throttling": [429, "The request was denied due to request throttling."],
  "Throttling.User": [400, "Request was denied due to user flow control."],
  InternalFailure: [500, "Internal Failure"],
  ServiceUnavailable: [503, "The request has failed due to a temporary failure of the server."],
  "Forbidden.NoPermission": [403, "This operation is forbidden by permission system"],
  "Forbidden.ResourceNotFound": [404, "Resource not found"],
} as const satisfies Record<string, readonly [number, string]>;

export type ErrorCode = keyof typeof CATALOGUE;

/** An error answered to the client with the gateway's JSON body and HTTP status. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly code: string,
    readonly httpStatus: number,
    message: string,
    readonly kind: RejectionKind = "request",
  ) {
    super(message);
  }
}

/** An error from the catalogue; `detail` is appended to the standard message. */
export function apiError(code: ErrorCode, detail?: string, kind?: RejectionKind): ApiError {
  const [status, message] = CATALOGUE[code];
  return new ApiError(code, status, detail ? `${message} ${detail}` : message, kind);
}

/** A signature-family rejection (counted in `stats().signatureRejected`). */
export function authError(code: ErrorCode, detail?: string): ApiError {
  return apiError(code, detail, "signature");
}

/** `InvalidParameter` 400 naming the parameter. */
export function invalidParameter(name: string, why: string): ApiError {
  return new ApiError(
    "InvalidParameter",
    400,
    `The specified parameter "${name}" is not valid: ${why}`,
  );
}

/** The gateway's `Missing<Name>` 400 for a required parameter. */
export function missingParameter(name: string): ApiError {
  return new ApiError(`Missing${name}`, 400, `${name} is mandatory for this action.`);
}

export interface ErrorBody {
  RequestId: string;
  HostId: string;
  Code: string;
  Message: string;
  Recommend: string;
}

export function errorBody(error: ApiError, requestId: string, hostId: string): ErrorBody {
  return {
    RequestId: requestId,
    HostId: hostId,
    Code: error.code,
    Message: error.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=Kms&requestId=${requestId}`,
  };
}
