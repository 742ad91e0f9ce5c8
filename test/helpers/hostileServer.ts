/**
 * A hostile fake KMS on 127.0.0.1: echoes the signed request back in every shape, sends gzip
 * bombs and oversized bodies, lies about TotalCount and PageNumber, drips bytes, resets.
 * Each behaviour is a `Hostile` function; tests pick one per request.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";

/** One request as the server saw it: the decoded form parameters and the raw body. */
export interface SeenRequest {
  params: Record<string, string>;
  body: string;
  headers: http.IncomingHttpHeaders;
}

export type Hostile = (req: SeenRequest, res: http.ServerResponse, index: number) => void;

export interface HostileServer {
  endpoint: string;
  requests: SeenRequest[];
  /** Sockets the server saw, to check none is left open. */
  use(behaviour: Hostile): void;
  close(): Promise<void>;
}

export async function startHostileServer(initial: Hostile): Promise<HostileServer> {
  let behaviour = initial;
  const requests: SeenRequest[] = [];
  const sockets = new Set<import("node:net").Socket>();
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const query = (req.url ?? "").split("?")[1] ?? "";
      const params = Object.fromEntries(new URLSearchParams(body || query));
      const seen = { params, body: body || query, headers: req.headers };
      requests.push(seen);
      res.on("error", () => undefined);
      behaviour(seen, res, requests.length - 1);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    use(next) {
      behaviour = next;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function json(res: http.ServerResponse, status: number, body: unknown, extra = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...extra });
  res.end(JSON.stringify(body));
}

/** Every shape the signed values can be echoed in. */
export function echoText(req: SeenRequest): string {
  const p = req.params;
  return [
    req.body,
    `<Signature>${p["Signature"]}</Signature><SignatureNonce>${p["SignatureNonce"]}</SignatureNonce>`,
    `<SecurityToken>${p["SecurityToken"]}</SecurityToken><AccessKeyId>${p["AccessKeyId"]}</AccessKeyId>`,
    `Signature value ${p["Signature"]} nonce ${p["SignatureNonce"]} token ${p["SecurityToken"]} id ${p["AccessKeyId"]}`,
    JSON.stringify({ Signature: p["Signature"], SecurityToken: p["SecurityToken"] }),
  ].join(" | ");
}

/** An error answer whose Code, Message and RequestId (body and header) echo the request. */
export const echoIntoError: Hostile = (req, res) => {
  const text = echoText(req);
  json(
    res,
    400,
    { Code: `Invalid.${text}`, Message: text, RequestId: text, Data: { echoed: text } },
    { "x-acs-request-id": req.params["Signature"] ?? "" },
  );
};

/** A 200 answer that is not a valid page, echoing the request into RequestId. */
export const echoIntoMalformedPage: Hostile = (req, res) => {
  json(res, 200, { RequestId: echoText(req), TotalCount: "lots", SecretList: 7 });
};

/** A 503 without a Code whose request id header is the signature. */
export const echoIntoHeader: Hostile = (req, res) => {
  res.writeHead(503, {
    "content-type": "text/html",
    "x-acs-request-id": `${req.params["Signature"]} ${req.params["SecurityToken"]}`,
  });
  res.end(`<html>${echoText(req)}</html>`);
};

/** gzip of `inflatedBytes` bytes of JSON-ish text, sent with Content-Encoding: gzip. */
export function gzipBomb(inflatedBytes: number): Hostile {
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  const gz = zlib.createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gz.on("data", (b: Buffer) => parts.push(b));
  gz.write('{"TotalCount":0,"RequestId":"bomb","x":"');
  for (let left = inflatedBytes; left > 0; left -= chunk.length) gz.write(chunk);
  gz.end('"}');
  const ready = new Promise<Buffer>((resolve) => gz.on("end", () => resolve(Buffer.concat(parts))));
  return (_req, res) => {
    void ready.then((body) => {
      res.writeHead(200, {
        "content-type": "application/json",
        "content-encoding": "gzip",
        "content-length": body.length,
      });
      res.end(body);
    });
  };
}

/** A plain body of `bytes` bytes, optionally without Content-Length (chunked). */
export function hugeBody(bytes: number, declareLength: boolean): Hostile {
  return (_req, res) => {
    const head = '{"TotalCount":0,"RequestId":"huge","x":"';
    res.writeHead(200, {
      "content-type": "application/json",
      ...(declareLength ? { "content-length": bytes + head.length + 2 } : {}),
    });
    res.write(head);
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let left = bytes;
    const pump = (): void => {
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
          res.once("drain", pump);
          return;
        }
      }
      res.end('"}');
    };
    pump();
  };
}

/** A fixed body, for `null`, deep nesting and the like. */
export function rawBody(body: string, status = 200): Hostile {
  return (_req, res) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(body);
  };
}

/** Headers, then one byte every `everyMs`, forever. */
export function slowloris(everyMs: number): Hostile {
  return (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write("{");
    const timer = setInterval(() => res.write(" "), everyMs);
    res.on("close", () => clearInterval(timer));
  };
}

/** Resets the connection without an answer. */
export const reset: Hostile = (_req, res) => {
  res.socket?.destroy();
};

/** A well-formed page of `total` secrets named s-000..., with lies injected by `lie`. */
export function lyingPages(
  total: number,
  lie: (page: Record<string, unknown>, pageNumber: number) => Record<string, unknown>,
): Hostile {
  return (req, res) => {
    const pageSize = Number(req.params["PageSize"] ?? 10);
    const pageNumber = Number(req.params["PageNumber"] ?? 1);
    const names = Array.from({ length: total }, (_, i) => `s-${String(i).padStart(4, "0")}`);
    const slice = names.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    const page = {
      RequestId: `rq-${pageNumber}`,
      PageNumber: pageNumber,
      PageSize: pageSize,
      TotalCount: total,
      SecretList: {
        Secret: slice.map((name) => ({
          SecretName: name,
          SecretType: "Generic",
          CreateTime: "2024-01-01T00:00:00Z",
          UpdateTime: "2024-01-01T00:00:00Z",
        })),
      },
    };
    json(res, 200, lie(page, pageNumber));
  };
}
