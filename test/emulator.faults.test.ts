/** Every fault kind, configured programmatically, and the stats that count them. */
import RPCClient = require("@alicloud/pop-core");
import { startEmulator, type EmulatorHandle, type FaultOptions } from "../emulator";
import { caught, popCoreFor } from "./helpers/emulatorClients";
import { sendSigned, type RawResponse } from "./helpers/emulatorSigner";

const key = { accessKeyId: "testkey-faults", accessKeySecret: `faults-${Math.random()}` };
const other = { accessKeyId: "testkey-faults-2", accessKeySecret: `faults2-${Math.random()}` };

// Tests change faults, stats and the set itself: a fresh emulator for each.
let emu: EmulatorHandle;
beforeEach(async () => {
  emu = await startEmulator({ demo: 20, accessKeys: [key, other] });
});
afterEach(() => emu.close());

function list(
  params: Record<string, string | number> = {},
  timeoutMs = 5000,
  accessKey = key,
): Promise<RawResponse> {
  return sendSigned({
    endpoint: emu.endpoint,
    accessKey,
    action: "ListSecrets",
    params,
    timeoutMs,
  });
}

function expectError(res: RawResponse, status: number, code: string): void {
  expect({ status: res.status, code: res.json?.["Code"] }).toEqual({ status, code });
}

function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length] as number;
}

describe("faults", () => {
  it("latencyMs delays every response, errors included", async () => {
    emu.setFaults({ latencyMs: 5000 });
    await expect(list({}, 200)).rejects.toThrow("request timed out");
    await expect(
      sendSigned({
        endpoint: emu.endpoint,
        accessKey: key,
        action: "ListSecrets",
        signWithSecret: "x",
        timeoutMs: 200,
      }),
    ).rejects.toThrow("request timed out");
    emu.setFaults({ latencyMs: 20 });
    expect((await list({}, 5000)).status).toBe(200);
  });

  it("qpsLimit answers the excess with Rejected.Throttling 429, per access key and action", async () => {
    emu.setFaults({ qpsLimit: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await list()).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expectError(await list(), 429, "Rejected.Throttling");
    expect((await list({}, 5000, other)).status).toBe(200);
    // quotas are per API: another action of the same key has its own window
    const describe = await sendSigned({
      endpoint: emu.endpoint,
      accessKey: key,
      action: "DescribeSecret",
      params: { SecretName: emu.listSecretNames()[0] as string },
    });
    expect(describe.status).toBe(200);
    expect(emu.stats().faultsInjected).toEqual({ qps: 3 });
    await new Promise((r) => setTimeout(r, 1050));
    expect((await list()).status).toBe(200);
  });

  it("qpsLimitByAction sets an action's own quota; other actions keep qpsLimit", async () => {
    emu.setFaults({ qpsLimit: 1, qpsLimitByAction: { DescribeSecret: 3 } });
    const describe = async () =>
      (
        await sendSigned({
          endpoint: emu.endpoint,
          accessKey: key,
          action: "DescribeSecret",
          params: { SecretName: emu.listSecretNames()[0] as string },
        })
      ).status;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push(await describe());
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect([(await list()).status, (await list()).status]).toEqual([200, 429]);
  });

  it.each<[keyof FaultOptions, number, string, string]>([
    ["throttleRate", 400, "Throttling.User", "throttle"],
    ["error500Rate", 500, "InternalFailure", "500"],
    ["error503Rate", 503, "ServiceUnavailable", "503"],
  ])("%s 1 answers %i %s", async (option, status, code, kind) => {
    emu.setFaults({ [option]: 1 });
    expectError(await list(), status, code);
    expect(emu.stats().faultsInjected).toEqual({ [kind]: 1 });
  });

  it("faults hit only authenticated requests", async () => {
    emu.setFaults({ error503Rate: 1 });
    expectError(
      await sendSigned({
        endpoint: emu.endpoint,
        accessKey: key,
        action: "ListSecrets",
        signWithSecret: "x",
      }),
      400,
      "SignatureDoesNotMatch",
    );
    expect(emu.stats().faultsInjected).toEqual({});
  });

  it("html502Rate 1 answers an HTML 502 page, which pop-core cannot parse", async () => {
    emu.setFaults({ html502Rate: 1 });
    const res = await list();
    expect(res.status).toBe(502);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.text).toContain("<h1>502 Bad Gateway</h1>");
    expect(res.json).toBeUndefined();
    const thrown = await caught(
      popCoreFor(emu as { endpoint: string; accessKey: typeof key }).request(
        "ListSecrets",
        {},
        { method: "POST" },
      ),
    );
    expect(thrown.code).toBeUndefined();
    expect(emu.stats().faultsInjected).toEqual({ html502: 2 });
  });

  it("stallRate 1 holds the response stallMs, then answers normally", async () => {
    emu.setFaults({ stallRate: 1, stallMs: 60_000 });
    await expect(list({}, 200)).rejects.toThrow("request timed out");
    emu.setFaults({ stallRate: 1, stallMs: 30 });
    const res = await list({ PageSize: 3 });
    expect(res.status).toBe(200);
    expect((res.json?.["SecretList"] as { Secret: unknown[] }).Secret).toHaveLength(3);
    expect(emu.stats().faultsInjected).toEqual({ stall: 2 });
  });

  it("rates are drawn once per request from the injectable RNG, cumulatively", async () => {
    emu.setFaults({
      throttleRate: 0.1,
      error500Rate: 0.1,
      error503Rate: 0.1,
      html502Rate: 0.1,
      stallRate: 0.1,
      stallMs: 1,
      random: sequence(0.05, 0.15, 0.25, 0.35, 0.45, 0.95),
    });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await list()).status);
    expect(statuses).toEqual([400, 500, 503, 502, 200, 200]);
    expect(emu.stats().faultsInjected).toEqual({
      throttle: 1,
      "500": 1,
      "503": 1,
      html502: 1,
      stall: 1,
    });
  });

  it("the default PRNG is seeded: the same randomSeed gives the same faults", async () => {
    const run = async () => {
      emu.setFaults({ error503Rate: 0.5, randomSeed: 42 });
      const out: number[] = [];
      for (let i = 0; i < 12; i++) out.push((await list()).status);
      return out;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first).toContain(503);
    expect(first).toContain(200);
  });

  it("setFaults replaces the settings", async () => {
    emu.setFaults({ error503Rate: 1 });
    emu.setFaults({ latencyMs: 0 });
    expect((await list()).status).toBe(200);
  });

  it("maxInFlight reports concurrent requests", async () => {
    emu.setFaults({ latencyMs: 300 });
    const results = await Promise.all(Array.from({ length: 6 }, () => list()));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const { maxInFlight, requests, requestsByAction } = emu.stats();
    expect(maxInFlight).toBeGreaterThanOrEqual(2);
    expect(maxInFlight).toBeLessThanOrEqual(6);
    expect(requests).toBe(6);
    expect(requestsByAction).toEqual({ ListSecrets: 6 });
  });
});

describe("shiftBetweenPages", () => {
  const names = (res: RawResponse) =>
    (res.json?.["SecretList"] as { Secret: { SecretName: string }[] }).Secret.map(
      (s) => s.SecretName,
    );

  it("an insert before the cursor repeats an item on the next page", async () => {
    const before = names(await list({ PageSize: 10 }));
    emu.setFaults({ shiftBetweenPages: { everyNRequests: 1 } });
    const page1 = names(await list({ PageSize: 5, PageNumber: 1 }));
    const page2 = names(await list({ PageSize: 5, PageNumber: 2 }));
    expect(page1).toEqual(before.slice(0, 5));
    expect(page2[0]).toBe(page1[4]);
    expect(emu.stats().faultsInjected).toEqual({ shift: 2 });
    expect(emu.listSecretNames()).toHaveLength(22);
    expect(emu.listSecretNames().slice(0, 2)).toEqual([
      "shift-inserted-000002",
      "shift-inserted-000001",
    ]);
  });

  it("a removal before the cursor skips an item", async () => {
    const before = names(await list({ PageSize: 20 }));
    emu.setFaults({ shiftBetweenPages: { everyNRequests: 2, remove: 1 } });
    const page1 = names(await list({ PageSize: 5, PageNumber: 1 }));
    const page2 = names(await list({ PageSize: 5, PageNumber: 2 }));
    const page3 = names(await list({ PageSize: 5, PageNumber: 3 }));
    expect(page1).toEqual(before.slice(0, 5));
    expect(page2).toEqual(before.slice(5, 10));
    expect(page3).toEqual(before.slice(11, 16));
    expect(emu.stats().faultsInjected).toEqual({ shift: 1 });
  });
});

describe("close", () => {
  it("destroys stalled sockets promptly", async () => {
    const stalled = await startEmulator({ accessKeys: [key], faults: { stallRate: 1 } });
    const settle = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: unknown) => e,
      );
    const pending = settle(
      sendSigned({
        endpoint: stalled.endpoint,
        accessKey: key,
        action: "ListSecrets",
        timeoutMs: 30_000,
      }),
    );
    const pendingPop = settle(
      new RPCClient({ endpoint: stalled.endpoint, apiVersion: "2016-01-20", ...key }).request(
        "ListSecrets",
        {},
        { method: "POST", timeout: 30_000 },
      ),
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(stalled.stats().faultsInjected).toEqual({ stall: 2 });
    await stalled.close();
    expect(String(await pending)).toMatch(/socket hang up|ECONNRESET/);
    expect(String(await pendingPop)).toMatch(/socket hang up|ECONNRESET/);
    await stalled.close();
  });
});
