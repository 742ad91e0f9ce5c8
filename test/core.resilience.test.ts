/** The resilience strategy: Retry-After, smithy's quota rules, adaptive pacing, per-lookup caps. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parseRetryAfter } from "../core/classify";
import { popCoreTransport } from "../core/client";
import { KmsError } from "../core/errors";
import { listSecrets } from "../core/lookup";
import { RateLimiter, defaultRate, sharedRateLimiter } from "../core/rateLimiter";
import { RetryBudget, retryPolicy, withRetries } from "../core/retry";
import { INITIAL_CONCURRENCY, InFlightGate, type CallStats } from "../core/resilience";
import { FakeKms, fakeContext, fakeSecrets, testKey } from "./helpers/coreFakes";

const throttled = (retryAfterMs?: number): KmsError =>
  new KmsError({
    code: "Throttling.User",
    kind: "throttled",
    message: "slow down",
    httpStatus: 400,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });

describe("Retry-After", () => {
  test("is read as seconds or an HTTP date", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  test("waits at least what the service asked, at most the backoff cap", async () => {
    const slept: number[] = [];
    const policy = retryPolicy(3, {
      sleep: async (ms) => void slept.push(ms),
      random: () => 0, // backoff alone would not wait at all
      maxDelayMs: 20_000,
    });
    let n = 0;
    await withRetries(
      async () => {
        n++;
        if (n === 1) throw throttled(3000);
        if (n === 2) throw throttled(600_000);
        return "ok";
      },
      policy,
      new RetryBudget(),
    );
    expect(slept).toEqual([3000, 20_000]);
  });

  test("the transport reads Retry-After from a throttling answer", async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(429, { "content-type": "application/json", "retry-after": "2" });
      res.end(JSON.stringify({ Code: "Throttling.User", RequestId: "r-1" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const key = testKey();
    const transport = popCoreTransport({
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: key.id, accessKeySecret: key.secret, source: "test" },
    });
    try {
      const err = await transport.call("ListSecrets", {}, { timeoutMs: 2000 }).catch((e) => e);
      expect(err).toBeInstanceOf(KmsError);
      expect(err).toMatchObject({ kind: "throttled", retryAfterMs: 2000 });
    } finally {
      transport.close();
      server.close();
    }
  });
});

describe("the retry quota follows smithy's StandardRetryStrategy", () => {
  test("a success refunds only the last retry's cost", async () => {
    const budget = new RetryBudget(500);
    const policy = retryPolicy(5, { sleep: async () => undefined });
    let n = 0;
    await withRetries(
      async () => {
        if (n++ < 2) throw throttled();
        return "ok";
      },
      policy,
      budget,
    );
    expect(budget.available).toBe(495); // -5 -5 +5
  });

  test("a transient failure (5xx status, network) costs 10, throttling 5", async () => {
    const budget = new RetryBudget(500);
    const policy = retryPolicy(1, { sleep: async () => undefined });
    const unavailable = new KmsError({
      code: "ServiceUnavailable",
      kind: "unavailable",
      message: "x",
      httpStatus: 503,
    });
    await withRetries(
      async () => {
        throw unavailable;
      },
      policy,
      budget,
    ).catch(() => undefined);
    expect(budget.available).toBe(490);
    await withRetries(
      async () => {
        throw throttled();
      },
      policy,
      budget,
    ).catch(() => undefined);
    expect(budget.available).toBe(485);
  });
});

describe("adaptive pacing", () => {
  test("starts just under the gateway's quota and adapts only after a throttle", async () => {
    let now = 0;
    const limiter = new RateLimiter(
      { requestsPerSecond: defaultRate("ListSecrets") },
      { now: () => now, sleep: async (ms) => void (now += ms) },
    );
    expect(limiter.configuredRate).toBe(38);
    expect(limiter.adapting).toBe(false);
    const permit = await limiter.acquire();
    limiter.onThrottle(permit);
    expect(limiter.adapting).toBe(true);
    expect(limiter.currentRate).toBeCloseTo(38 * 0.7);
    now += 5000;
    limiter.onSuccess(); // climbed back to the ceiling: off again
    expect(limiter.adapting).toBe(false);
    expect(limiter.currentRate).toBe(38);
  });

  test("throttled answers are counted, and the lookup still completes", async () => {
    const fake = new FakeKms(fakeSecrets(250));
    fake.hook = (_call, index) => {
      if (index % 3 === 0) throw throttled();
      return undefined;
    };
    const stats: CallStats[] = [];
    const result = await listSecrets(
      { pageSize: 100 },
      fakeContext(fake, { onCallStats: (s) => stats.push(s) }),
    );
    expect(result.names).toHaveLength(250);
    expect(stats).toHaveLength(1);
    expect(stats[0]?.requests).toBe(fake.calls.length);
    expect(stats[0]?.throttled).toBe(fake.calls.length - 3);
  });
});

describe("the in-flight gate", () => {
  test("opens at once to rate × shortest round trip + 1, up to the cap, until its first cut; grows only while RTT is the bound", () => {
    const gate = new InFlightGate(16);
    expect(gate.allowed).toBe(INITIAL_CONCURRENCY);
    gate.onSuccess(30, 38); // 38/s × 0.03 s: the initial 4 already keep the pace
    expect(gate.allowed).toBe(INITIAL_CONCURRENCY);
    gate.onSuccess(200, 38); // shortest round trip 30 ms: still 4
    expect(gate.allowed).toBe(INITIAL_CONCURRENCY);
    const far = new InFlightGate(16);
    far.onSuccess(200, 38); // 38/s × 0.2 s = 7.6 in flight keep the pace: 9
    expect(far.allowed).toBe(9);
    far.onOverload(); // halved; from now on only the additive increase
    expect(far.allowed).toBe(4);
    far.onSuccess(200, 38);
    expect(far.allowed).toBe(4);
    const queued = new InFlightGate(16);
    for (let i = 0; i < 6; i++) void queued.acquire(); // 4 in flight, 2 waiting for a slot
    for (let i = 0; i < 8; i++) queued.onSuccess(30, 38, true); // held by the pace: no growth
    expect(queued.allowed).toBe(INITIAL_CONCURRENCY);
    for (let i = 0; i < 4; i++) queued.onSuccess(30, 38, false); // RTT bound: one more per round
    expect(queued.allowed).toBe(INITIAL_CONCURRENCY + 1);
    const capped = new InFlightGate(16);
    capped.onSuccess(200, 427.5); // GetSecretValue's pace: 87, capped at maxConcurrency
    expect(capped.allowed).toBe(16);
  });
});

describe("per-lookup settings never reconfigure another lookup", () => {
  test("a capped lookup and an uncapped one of the same key run side by side", async () => {
    const fake = new FakeKms(fakeSecrets(5));
    const { rateLimit: _default, ...ctx } = fakeContext(fake);
    const endpoint = "http://127.0.0.1:7";
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    // the capped lookup waits on its own pacing until released
    const capped = listSecrets(
      { endpoint, pageSize: 1, maxRequestsPerSecond: 1 },
      { ...ctx, retry: { ...ctx.retry, sleep: () => held } },
    );
    const uncapped = await listSecrets({ endpoint, pageSize: 1 }, ctx);
    expect(uncapped.names).toHaveLength(5);
    const keyId = ctx.env?.["ALIBABA_CLOUD_ACCESS_KEY_ID"] as string;
    expect(sharedRateLimiter(endpoint, keyId, "ListSecrets").configuredRate).toBe(
      defaultRate("ListSecrets"),
    );
    release();
    expect((await capped).names).toHaveLength(5);
  });
});
