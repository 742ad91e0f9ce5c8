/**
 * Guards on what the transport reads: a hard cap on each response body and no content
 * encoding we did not ask for (httpx would inflate gzip unasked: a bomb). See docs/security.md.
 */
import type http from "node:http";
import { KmsError } from "./errors";
import type { FailureContext } from "./classify";

/**
 * Hard cap on one response body, in bytes. A full ListSecrets page (100 secrets, each with
 * 20 tags of 128 + 256 characters) is about 0.9 MB of JSON; a DescribeSecret or
 * GetSecretValue answer is at most ~64 KB of SecretData plus a few fields. 4 MiB leaves room
 * for several times that and still bounds memory per request in flight.
 */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/** What the guard saw of one response. */
export interface GuardState {
  /** The body went over the cap (declared or read); the rest was not read. */
  tooLarge: boolean;
  /** A content encoding the server used although we sent `Accept-Encoding: identity`. */
  encoding: string | undefined;
  /** Body bytes read before any cut. */
  bytes: number;
}

type Push = (chunk: unknown, encoding?: BufferEncoding) => boolean;

/**
 * Watches `res` before httpx reads it: removes an unasked content encoding (so it is never
 * inflated) and stops reading at `limit` bytes (or at once for an unasked encoding), ending
 * the stream early and destroying the socket so no more is read.
 */
export function guardResponse(
  res: http.IncomingMessage,
  limit: number = MAX_RESPONSE_BYTES,
): GuardState {
  const state: GuardState = { tooLarge: false, encoding: undefined, bytes: 0 };
  const rawEncoding = res.headers["content-encoding"];
  if (rawEncoding !== undefined && rawEncoding.trim().toLowerCase() !== "identity") {
    state.encoding = rawEncoding.slice(0, 40).replace(/[^\w.,-]/g, "");
    delete res.headers["content-encoding"];
  }
  const declared = Number(res.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) state.tooLarge = true;
  // The stream may be cut before httpx listens, or after it stopped listening: never crash.
  res.on("error", () => undefined);
  const original = res.push.bind(res) as Push;
  let stopped = false;
  const stop = (): boolean => {
    stopped = true;
    original(null);
    setImmediate(() => res.socket?.destroy());
    return false;
  };
  if (state.tooLarge || state.encoding !== undefined) {
    // Read nothing: end the body now.
    (res as unknown as { push: Push }).push = (chunk) =>
      chunk === null || stopped ? false : stop();
    return state;
  }
  (res as unknown as { push: Push }).push = (chunk, encoding) => {
    if (stopped) return false;
    if (chunk === null) return original(null);
    const size = Buffer.isBuffer(chunk) ? chunk.length : Buffer.byteLength(String(chunk));
    state.bytes += size;
    if (state.bytes > limit) {
      state.tooLarge = true;
      return stop();
    }
    return original(chunk, encoding);
  };
  return state;
}

/** The typed error for a response the guard cut, or undefined when it let it through. */
export function guardFailure(
  state: GuardState | undefined,
  httpStatus: number | undefined,
  requestId: string | undefined,
  ctx: FailureContext,
  limit: number = MAX_RESPONSE_BYTES,
): KmsError | undefined {
  if (!state) return undefined;
  const status = httpStatus === undefined ? "" : ` [HTTP ${httpStatus}]`;
  if (state.encoding !== undefined) {
    return new KmsError({
      code: "UnsupportedEncoding",
      message: `${ctx.apiAction} failed: the answer came with Content-Encoding ${state.encoding}, which was not asked for (Accept-Encoding: identity); it was not decoded${status}`,
      httpStatus,
      requestId,
      kind: "malformed",
      apiAction: ctx.apiAction,
      known: ctx.known,
    });
  }
  if (state.tooLarge) {
    return new KmsError({
      code: "ResponseTooLarge",
      message: `${ctx.apiAction} failed: the answer is larger than ${limit} bytes, the cap on one response; it was not read${status}`,
      httpStatus,
      requestId,
      kind: "malformed",
      apiAction: ctx.apiAction,
      known: ctx.known,
    });
  }
  return undefined;
}

/** A body that parsed to something other than a JSON object (`null`, a number), or was nested too deep to parse. */
export function malformedBody(
  httpStatus: number | undefined,
  requestId: string | undefined,
  what: string,
  ctx: FailureContext,
): KmsError {
  return new KmsError({
    code: "MalformedResponse",
    message: `${ctx.apiAction} failed: the answer is ${what}, not a JSON object${httpStatus === undefined ? "" : ` [HTTP ${httpStatus}]`}`,
    httpStatus,
    requestId,
    kind: "malformed",
    apiAction: ctx.apiAction,
    known: ctx.known,
  });
}
