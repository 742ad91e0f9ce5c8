/** How the emulator reads a request body (capped) and writes its replies, optionally delayed. */
import type { IncomingMessage, ServerResponse } from "node:http";

const MAX_BODY_BYTES = 1024 * 1024;

/** What a 502 from the gateway looks like: HTML, not JSON. */
export const HTML_502 =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n" +
  "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n";

/** One HTTP answer. */
export interface Reply {
  status: number;
  contentType: string;
  body: string;
  requestId: string;
}

/** A JSON answer with the given status. */
export function jsonReply(status: number, value: unknown, requestId: string): Reply {
  return {
    status,
    contentType: "application/json;charset=utf-8",
    body: JSON.stringify(value),
    requestId,
  };
}

/** The body as UTF-8, or `undefined` when it exceeds 1 MiB. */
export function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () =>
      resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString("utf8")),
    );
    req.on("error", reject);
  });
}

/** Writes replies, after a delay when asked; `cancelAll` drops the pending ones on close. */
export class DelayedReplies {
  private readonly timers = new Set<NodeJS.Timeout>();

  send(res: ServerResponse, reply: Reply, delayMs: number): void {
    const write = () => {
      if (res.destroyed || res.writableEnded) return;
      res.writeHead(reply.status, {
        "content-type": reply.contentType,
        "content-length": Buffer.byteLength(reply.body),
        "x-acs-request-id": reply.requestId,
      });
      res.end(reply.body);
    };
    if (delayMs <= 0) return write();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      write();
    }, delayMs);
    this.timers.add(timer);
    res.on("close", () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    });
  }

  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
