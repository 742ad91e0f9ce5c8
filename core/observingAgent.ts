/**
 * The keep-alive agent given to pop-core's httpx: a request tagged with an observer reports its
 * response and sent body, so a call learns its status even if pop-core throws (docs/lookup-core.md).
 */
import http from "node:http";
import https from "node:https";

export const OBSERVE_RESPONSE = Symbol("kms-secrets.observeResponse");

export interface ObservedResponse {
  status: number;
  requestId: string | undefined;
  contentType: string | undefined;
  contentLength: number | undefined;
}

export interface RequestObserver {
  onResponse(res: http.IncomingMessage): void;
  /** The encoded form body (POST) as written. */
  onBody(body: string): void;
}

export type ObservableOptions = http.RequestOptions & {
  [OBSERVE_RESPONSE]?: RequestObserver;
};

interface AgentWithAddRequest {
  addRequest(req: http.ClientRequest, options: ObservableOptions): void;
}

/** A keep-alive agent that reports each tagged request's response and sent body to its observer. */
export function observingAgent(secure: boolean): http.Agent {
  const Base = secure ? https.Agent : http.Agent;
  const agent = new Base({ keepAlive: true, keepAliveMsecs: 1000, scheduling: "lifo" });
  const base = agent as unknown as AgentWithAddRequest;
  const original = base.addRequest.bind(agent);
  base.addRequest = (req, options) => {
    const observer = options[OBSERVE_RESPONSE];
    if (observer) {
      req.once("response", (res: http.IncomingMessage) => observer.onResponse(res));
      const end = req.end.bind(req) as (...args: unknown[]) => http.ClientRequest;
      (req as unknown as { end: (...args: unknown[]) => http.ClientRequest }).end = (
        ...args: unknown[]
      ) => {
        if (typeof args[0] === "string") observer.onBody(args[0]);
        return end(...args);
      };
    }
    original(req, options);
  };
  return agent;
}

/** One response header, the first if repeated. */
export function header(res: http.IncomingMessage, name: string): string | undefined {
  const value = res.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
