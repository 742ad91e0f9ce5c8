/**
 * One signed KMS RPC call over `@alicloud/pop-core`, sent as POST (the signed parameters never
 * travel in a URL), with the HTTP status checked even when the body is not JSON. Why and how:
 * docs/lookup-core.md "How the transport sees the HTTP status".
 */
import type http from "node:http";
import RPCClient from "@alicloud/pop-core";
import {
  kmsErrorFromBody,
  kmsErrorFromGarbledBody,
  kmsErrorFromStatus,
  kmsErrorFromThrown,
  parseRetryAfter,
  type FailureContext,
} from "./classify";
import type { Credentials } from "./credentials";
import { SecretValues, sentSecretValues } from "./redact";
import {
  header,
  observingAgent,
  OBSERVE_RESPONSE,
  type ObservableOptions,
  type ObservedResponse,
} from "./observingAgent";
import { guardFailure, guardResponse, malformedBody, type GuardState } from "./responseGuard";

export const KMS_API_VERSION = "2016-01-20";

/** A successful (2xx, JSON object, no error `Code`) answer. */
export interface TransportResponse {
  body: Record<string, unknown>;
  httpStatus: number;
  /** From the body's `RequestId`, else the `x-acs-request-id` header. */
  requestId: string | undefined;
}

export interface CallOptions {
  timeoutMs: number;
}

/** Sends one API call; throws a `KmsError` for any failure. */
export interface KmsTransport {
  call(
    action: string,
    params: Readonly<Record<string, string>>,
    options: CallOptions,
  ): Promise<TransportResponse>;
  /** Releases sockets. Safe to call more than once. */
  close(): void;
}

export interface TransportOptions {
  endpoint: string;
  credentials: Credentials;
  /** For tests of GET-style failures only; the lookup always uses POST. */
  method?: "POST" | "GET";
  /**
   * Where the transport records the secret values it signs and sends (Signature,
   * SignatureNonce, SecurityToken, AccessKeyId), so the lookup can redact them from any error.
   */
  secrets?: SecretValues;
}

/** Builds the transport for one lookup. */
export type TransportFactory = (options: TransportOptions) => KmsTransport;

interface PopCoreEntry {
  response?: { statusCode?: number; headers?: Record<string, string | string[] | undefined> };
}

/** What pop-core throws for a body with a `Code`. */
interface PopCoreCodeError {
  data: { Code: string; Message?: unknown; RequestId?: unknown };
  entry?: PopCoreEntry;
}

function isPopCoreCodeError(value: unknown): value is PopCoreCodeError {
  if (typeof value !== "object" || value === null) return false;
  const data = (value as { data?: unknown }).data;
  return (
    typeof data === "object" &&
    data !== null &&
    typeof (data as { Code?: unknown }).Code === "string"
  );
}

/** The json-bigint parse failure: a plain object `{name: "SyntaxError", message, at, text}`. */
function isJsonSyntaxFailure(value: unknown): value is { text?: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    !(value instanceof Error) &&
    (value as { name?: unknown }).name === "SyntaxError"
  );
}

/** The production transport over pop-core. */
export function popCoreTransport(options: TransportOptions): KmsTransport {
  const { endpoint, credentials } = options;
  const method = options.method ?? "POST";
  const agent = observingAgent(endpoint.startsWith("https:"));
  // The provider closure (not a field holding the secret) hands pop-core the key per request.
  const client = new RPCClient({
    endpoint,
    apiVersion: KMS_API_VERSION,
    credentialsProvider: {
      getCredentials: async () => ({
        accessKeyId: credentials.accessKeyId,
        accessKeySecret: credentials.accessKeySecret,
        securityToken: credentials.securityToken,
      }),
    },
    // pop-core's typings lag its code: credentialsProvider is supported since 1.8.
  } as unknown as RPCClient.Config);
  // pop-core builds a keep-alive agent of its own in the constructor; we pass ours on every
  // call, so it never gets a socket, but destroy it on close all the same.
  const unusedAgent = (client as unknown as { keepAliveAgent?: http.Agent }).keepAliveAgent;
  // verbose mode: request() resolves with [json, entry]
  (client as unknown as { verbose: boolean }).verbose = true;
  const secrets =
    options.secrets ??
    new SecretValues([
      credentials.accessKeySecret,
      credentials.securityToken,
      credentials.accessKeyId,
    ]);
  let closed = false;

  return {
    async call(action, params, callOptions) {
      // this request as sent; with the credentials and the recent requests it makes `known`,
      // whose values are read out only when a failure needs them (rare)
      const sentHere: string[] = [];
      const ctx: FailureContext = {
        apiAction: action,
        get known() {
          return [...secrets.values(), ...sentHere.flatMap(sentSecretValues)];
        },
      };
      if (closed) throw kmsErrorFromThrown({ name: "AbortError" }, ctx);
      let observed: ObservedResponse | undefined;
      let guard: GuardState | undefined;
      const onSent = (encoded: string): void => {
        sentHere.push(encoded);
        secrets.recordSent(encoded);
      };
      const onResponse = (res: http.IncomingMessage): void => {
        guard = guardResponse(res);
        ctx.retryAfterMs = parseRetryAfter(header(res, "retry-after"));
        const length = header(res, "content-length");
        observed = {
          status: res.statusCode ?? 0,
          requestId: header(res, "x-acs-request-id"),
          contentType: header(res, "content-type"),
          contentLength: length === undefined ? undefined : Number(length),
        };
      };
      let result: unknown;
      try {
        result = await client.request(action, params, {
          method,
          formatParams: false,
          timeout: callOptions.timeoutMs,
          agent,
          beforeRequest: (opts: ObservableOptions): ObservableOptions => {
            opts[OBSERVE_RESPONSE] = { onResponse, onBody: onSent };
            // never an encoding we did not ask for (httpx would inflate gzip unasked)
            opts.headers = { ...opts.headers, "accept-encoding": "identity" };
            const query = (opts.path ?? "").split("?")[1];
            if (query) onSent(query);
            return opts;
          },
        });
      } catch (err) {
        const seen = observed as ObservedResponse | undefined;
        const cut = guardFailure(guard, seen?.status, seen?.requestId, ctx);
        if (cut) throw cut;
        if (seen && err instanceof TypeError && !("code" in err)) {
          // pop-core read `json.Code` of a body that parsed to null
          throw malformedBody(seen.status, seen.requestId, "null", ctx);
        }
        if (seen && err instanceof RangeError) {
          // json-bigint recursed out of stack on a deeply nested body
          throw malformedBody(seen.status, seen.requestId, "nested too deeply", ctx);
        }
        if (isPopCoreCodeError(err)) {
          const status = err.entry?.response?.statusCode ?? seen?.status;
          throw kmsErrorFromBody(err.data, status, ctx);
        }
        if (isJsonSyntaxFailure(err)) {
          const text = typeof err.text === "string" ? err.text : undefined;
          throw kmsErrorFromGarbledBody(
            seen?.status,
            seen?.requestId,
            seen?.contentType,
            text === undefined ? seen?.contentLength : text.trim().length,
            ctx,
          );
        }
        if (seen && seen.status >= 400 && !(err instanceof Error && "code" in err)) {
          // json-bigint refused the body for another reason (e.g. a __proto__ key)
          throw kmsErrorFromGarbledBody(
            seen.status,
            seen.requestId,
            seen.contentType,
            undefined,
            ctx,
          );
        }
        if (err instanceof Error && err.name === "SyntaxError") {
          throw kmsErrorFromGarbledBody(
            seen?.status,
            seen?.requestId,
            seen?.contentType,
            undefined,
            ctx,
          );
        }
        throw kmsErrorFromThrown(err, ctx);
      }
      const [json, entry] = Array.isArray(result)
        ? (result as [unknown, PopCoreEntry | undefined])
        : [result, undefined];
      const status =
        entry?.response?.statusCode ?? (observed as ObservedResponse | undefined)?.status;
      const seen = observed as ObservedResponse | undefined;
      const cut = guardFailure(guard, status, seen?.requestId, ctx);
      if (cut) throw cut;
      if (json === null) throw malformedBody(status, seen?.requestId, "null", ctx);
      if (typeof json !== "object" || Array.isArray(json)) {
        throw kmsErrorFromGarbledBody(status, seen?.requestId, seen?.contentType, undefined, ctx);
      }
      const body = json as Record<string, unknown>;
      const requestId = typeof body["RequestId"] === "string" ? body["RequestId"] : seen?.requestId;
      if (status === undefined || status < 200 || status > 299) {
        // pop-core let it through because it has no Code (or a Code it counts as success)
        if (typeof body["Code"] === "string" && status !== undefined) {
          throw kmsErrorFromBody(body as { Code: string }, status, ctx);
        }
        throw kmsErrorFromStatus(status ?? 0, requestId, ctx);
      }
      return { body, httpStatus: status, requestId };
    },
    close() {
      closed = true;
      agent.destroy();
      unusedAgent?.destroy();
    },
  };
}
