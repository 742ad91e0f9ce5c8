/** The pop-core transport against a scripted local HTTP server: status checks and odd bodies. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { popCoreTransport, type KmsTransport } from "../core/client";
import { KmsError } from "../core/errors";
import { stsKey } from "./helpers/coreEmulator";

type Script = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

let server: http.Server;
let script: Script;
let endpoint: string;
let transport: KmsTransport;
const key = stsKey();
let lastBody = "";
let lastUrl = "";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      lastBody = body;
      lastUrl = req.url ?? "";
      script(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
beforeEach(() => {
  transport = popCoreTransport({ endpoint, credentials: { ...key, source: "test" } });
});
afterEach(() => transport.close());
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function reply(
  status: number,
  body: string,
  type = "application/json",
  requestId?: string,
): Script {
  return (_req, res) => {
    res.writeHead(status, {
      "content-type": type,
      ...(requestId ? { "x-acs-request-id": requestId } : {}),
    });
    res.end(body);
  };
}

async function call(): Promise<unknown> {
  return transport
    .call("ListSecrets", { PageSize: "10" }, { timeoutMs: 1000 })
    .catch((e: unknown) => e);
}

test("a POST with the signature in the form body, none of it in the URL", async () => {
  script = reply(200, JSON.stringify({ RequestId: "r1", TotalCount: 0 }));
  const ok = await call();
  expect(ok).toEqual({
    body: { RequestId: "r1", TotalCount: 0 },
    httpStatus: 200,
    requestId: "r1",
  });
  expect(lastUrl).toBe("/");
  expect(lastBody).toMatch(/(^|&)Signature=/);
  expect(lastBody).toMatch(/(^|&)SecurityToken=/);
  expect(lastBody).toMatch(/(^|&)Action=ListSecrets(&|$)/);
});

test.each([
  [
    "non-2xx JSON without Code",
    reply(404, "{}"),
    { code: "Http404", httpStatus: 404, retryable: false },
  ],
  [
    "503 JSON without Code",
    reply(503, '{"RequestId":"r2"}'),
    { code: "Http503", httpStatus: 503, retryable: true, requestId: "r2" },
  ],
  ["429 without Code", reply(429, "{}"), { code: "Throttling", httpStatus: 429, retryable: true }],
  [
    "an HTML 502 page",
    reply(502, "<html><body>Bad Gateway</body></html>", "text/html", "rid-502"),
    { code: "GarbledResponse", httpStatus: 502, retryable: true, requestId: "rid-502" },
  ],
  [
    "an empty 200 body",
    reply(200, ""),
    { code: "GarbledResponse", httpStatus: 200, retryable: true },
  ],
  [
    "a cut-off JSON body",
    reply(200, '{"TotalCount": 1, "SecretList": {'),
    { code: "GarbledResponse", retryable: true },
  ],
  [
    "a JSON array",
    reply(200, "[1,2]"),
    { code: "GarbledResponse", httpStatus: 200, retryable: true },
  ],
  [
    "a Code in a 200 answer",
    reply(200, '{"Code":"Throttling.User","Message":"slow down","RequestId":"r3"}'),
    { code: "Throttling.User", httpStatus: 200, retryable: true, requestId: "r3" },
  ],
  [
    "a Code with its status",
    reply(403, '{"Code":"Forbidden.NoPermission","Message":"no","RequestId":"r4"}'),
    {
      code: "Forbidden.NoPermission",
      httpStatus: 403,
      retryable: false,
      remedy: "check-permissions",
    },
  ],
  [
    "a reset connection",
    ((req: http.IncomingMessage) => req.socket.destroy()) as Script,
    { code: "NetworkError", retryable: true },
  ],
])("%s", async (_name, behaviour, expected) => {
  script = behaviour;
  const err = await call();
  expect(err).toBeInstanceOf(KmsError);
  expect(err).toMatchObject({ apiAction: "ListSecrets", ...expected });
  const text = `${(err as Error).message}\n${(err as Error).stack ?? ""}`;
  expect(text).not.toContain(key.accessKeySecret);
  expect(text).not.toContain(encodeURIComponent(key.securityToken));
});

test("a response that never completes is a RequestTimeout", async () => {
  script = (_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"TotalCount":');
    setTimeout(() => res.end("0}"), 1500).unref();
  };
  const err = await transport.call("ListSecrets", {}, { timeoutMs: 150 }).catch((e: unknown) => e);
  expect(err).toMatchObject({ code: "RequestTimeout", retryable: true });
});
