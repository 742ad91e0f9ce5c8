/**
 * The lookup against a hostile server (test/helpers/hostileServer.ts): nothing signed or sent
 * leaks from any error field, no body is read past the cap or inflated unasked, and every lie
 * or stall ends in a typed error.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { KmsError } from "../core/errors";
import { listSecrets, type LookupContext } from "../core/lookup";
import { MAX_RESPONSE_BYTES } from "../core/responseGuard";
import { runBuiltCli } from "./helpers/cliProcess";
import { stsKey } from "./helpers/coreEmulator";
import {
  echoIntoError,
  echoIntoHeader,
  echoIntoMalformedPage,
  gzipBomb,
  hugeBody,
  lyingPages,
  rawBody,
  reset,
  slowloris,
  startHostileServer,
  type HostileServer,
  type SeenRequest,
} from "./helpers/hostileServer";

let server: HostileServer;
let home: string;
const key = stsKey();

beforeAll(async () => {
  server = await startHostileServer(echoIntoError);
  // Credentials from a CLI profile in StsToken mode: none of them is in the environment.
  home = fs.mkdtempSync(path.join(os.tmpdir(), "kms-hostile-home-"));
  fs.mkdirSync(path.join(home, ".aliyun"));
  fs.writeFileSync(
    path.join(home, ".aliyun", "config.json"),
    JSON.stringify({
      current: "p",
      profiles: [
        {
          name: "p",
          mode: "StsToken",
          access_key_id: key.accessKeyId,
          access_key_secret: key.accessKeySecret,
          sts_token: key.securityToken,
          region_id: "cn-hangzhou",
        },
      ],
    }),
  );
});
afterAll(async () => {
  await server.close();
  fs.rmSync(home, { recursive: true, force: true });
});

function context(extra: Partial<LookupContext> = {}): LookupContext {
  return {
    env: {},
    homeDir: home,
    retry: { baseDelayMs: 1, throttlingBaseDelayMs: 1, maxDelayMs: 2 },
    rateLimit: { requestsPerSecond: 10_000, burst: 100 },
    ...extra,
  };
}

async function failure(args: Record<string, unknown> = {}): Promise<KmsError> {
  const err = await listSecrets(
    { region: "cn-hangzhou", endpoint: server.endpoint, maxRetries: 0, ...args },
    context(),
  ).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(KmsError);
  return err as KmsError;
}

/** Every value signed and sent, in the forms it may take. */
function sentValues(requests: readonly SeenRequest[]): string[] {
  const out = [key.accessKeyId, key.accessKeySecret, key.securityToken];
  for (const req of requests) {
    for (const name of ["Signature", "SignatureNonce", "SecurityToken", "AccessKeyId"]) {
      const value = req.params[name];
      if (value) out.push(value, encodeURIComponent(value));
    }
  }
  return out;
}

/** Everything an error can show: each field, JSON, the stack, and the cause chain. */
function everything(err: KmsError): string {
  const fields = Object.getOwnPropertyNames(err).map(
    (name) => JSON.stringify((err as unknown as Record<string, unknown>)[name]) ?? "",
  );
  return [err.message, err.code, err.requestId, err.stack, JSON.stringify(err), ...fields].join(
    "\n",
  );
}

function expectNoLeak(text: string, requests: readonly SeenRequest[]): void {
  expect(requests.length).toBeGreaterThan(0);
  for (const value of sentValues(requests)) expect(text).not.toContain(value);
}

describe("echoing servers: nothing signed or sent leaks, from any field", () => {
  test.each([
    ["into Code, Message, RequestId and the request id header", echoIntoError],
    ["into a 200 page's RequestId", echoIntoMalformedPage],
    ["into a 503 HTML page and its request id header", echoIntoHeader],
  ])("%s", async (_name, behaviour) => {
    server.use(behaviour);
    const before = server.requests.length;
    const err = await failure();
    expectNoLeak(everything(err), server.requests.slice(before));
  });

  test("the CLI's stderr, with --debug, when the key comes from a CLI profile", async () => {
    server.use(echoIntoError);
    const before = server.requests.length;
    const run = await runBuiltCli(
      [
        "list",
        "--region",
        "cn-hangzhou",
        "--endpoint",
        server.endpoint,
        "--max-retries",
        "0",
        "--debug",
      ],
      { HOME: home, USERPROFILE: home },
    );
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("service error");
    expectNoLeak(run.stderr, server.requests.slice(before));
  });
});

describe("bodies: capped, never inflated unasked, typed", () => {
  test("we ask for no encoding", async () => {
    server.use(rawBody("null"));
    const before = server.requests.length;
    await failure();
    expect(server.requests[before]?.headers["accept-encoding"]).toBe("identity");
  });

  test("a gzip bomb is not inflated: UnsupportedEncoding, not read", async () => {
    server.use(gzipBomb(64 * 1024 * 1024));
    const err = await failure();
    expect(err).toMatchObject({ code: "UnsupportedEncoding", retryable: false });
  });

  test.each([
    ["with Content-Length", true],
    ["chunked, no Content-Length", false],
  ])(
    "a body over the cap (%s) is ResponseTooLarge and not read to the end",
    async (_n, declare) => {
      server.use(hugeBody(MAX_RESPONSE_BYTES + 1024 * 1024, declare));
      const err = await failure();
      expect(err).toMatchObject({ code: "ResponseTooLarge", retryable: false, httpStatus: 200 });
    },
  );

  test("a body just under the cap is read", async () => {
    server.use(hugeBody(MAX_RESPONSE_BYTES - 1024, false));
    const result = await listSecrets(
      { region: "cn-hangzhou", endpoint: server.endpoint, maxRetries: 0 },
      context(),
    );
    expect(result.secrets).toEqual([]);
  });

  test.each([
    ["null", "null"],
    ["deeply nested JSON", `${"[".repeat(200_000)}${"]".repeat(200_000)}`],
    ["deeply nested objects", `${'{"a":'.repeat(200_000)}1${"}".repeat(200_000)}`],
  ])("a body of %s is a typed MalformedResponse", async (_name, body) => {
    server.use(rawBody(body));
    const err = await failure();
    expect(err).toMatchObject({ code: "MalformedResponse", httpStatus: 200 });
  });
});

describe("lies and stalls end in typed errors", () => {
  test.each([
    [
      "TotalCount grows between pages",
      (p: Record<string, unknown>, n: number) => ({ ...p, TotalCount: 25 + n }),
    ],
    [
      "TotalCount shrinks to 0 on page 2",
      (p: Record<string, unknown>, n: number) => (n > 1 ? { ...p, TotalCount: 0 } : p),
    ],
    ["PageNumber is always 1", (p: Record<string, unknown>) => ({ ...p, PageNumber: 1 })],
    [
      "PageNumber is off by one",
      (p: Record<string, unknown>, n: number) => ({ ...p, PageNumber: n + 1 }),
    ],
    ["TotalCount is negative", (p: Record<string, unknown>) => ({ ...p, TotalCount: -1 })],
    [
      "a page repeats page 1",
      (p: Record<string, unknown>, n: number, first?: unknown) =>
        n > 1 ? { ...p, SecretList: first } : p,
    ],
  ])("%s", async (_name, lie) => {
    let first: unknown;
    server.use(
      lyingPages(25, (page, n) => {
        if (n === 1) first = page["SecretList"];
        return lie(page, n, first);
      }),
    );
    const outcome = await listSecrets(
      { region: "cn-hangzhou", endpoint: server.endpoint, maxRetries: 0, pageSize: 10 },
      { ...context(), maxRelists: 0 },
    ).catch((e: unknown) => e);
    // complete or fail: never a short or duplicated listing
    if (outcome instanceof Error) {
      expect(outcome).toBeInstanceOf(KmsError);
    } else {
      const names = (outcome as { names: string[] }).names;
      expect(names).toHaveLength(25);
      expect(new Set(names).size).toBe(25);
    }
  });

  test("slowloris: a RequestTimeout, not a hang", async () => {
    server.use(slowloris(20));
    const err = await failure({ requestTimeoutMs: 300 });
    expect(err).toMatchObject({ code: "RequestTimeout" });
  });

  test("a reset: NetworkError", async () => {
    server.use(reset);
    const err = await failure();
    expect(err).toMatchObject({ code: "NetworkError", retryable: true });
  });
});
