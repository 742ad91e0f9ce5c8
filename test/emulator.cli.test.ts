/** The emulator's command line (in-process and as `node dist/emulator/main.js`) and its admin endpoint. */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  parseEmulatorArgs,
  runEmulatorCommand,
  startEmulator,
  type EmulatorHandle,
} from "../emulator";
import { popCoreFor } from "./helpers/emulatorClients";
import { rawRequest, sendSigned } from "./helpers/emulatorSigner";
import { ensureBuilt } from "./helpers/builtDist";

const key = { accessKeyId: "testkey-cli", accessKeySecret: `cli-${Math.random()}` };

class Capture {
  text = "";
  private waiters: (() => void)[] = [];
  write(chunk: string): boolean {
    this.text += chunk;
    this.waiters.splice(0).forEach((w) => w());
    return true;
  }
  async waitFor(pattern: RegExp): Promise<RegExpMatchArray> {
    for (;;) {
      const match = pattern.exec(this.text);
      if (match) return match;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "emulator-cli-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("parseEmulatorArgs", () => {
  it("maps every flag", () => {
    const parsed = parseEmulatorArgs([
      "--port",
      "8123",
      "--host",
      "0.0.0.0",
      "--allow-non-loopback",
      "--region",
      "cn-beijing",
      "--demo",
      "7",
      "--access-key-id",
      "id",
      "--access-key-secret",
      "sec",
      "--security-token",
      "tok",
      "--no-admin",
      "--latency-ms",
      "5",
      "--qps-limit",
      "40",
      "--throttle-rate",
      "0.1",
      "--error500-rate",
      "0.2",
      "--error503-rate",
      "0.3",
      "--html502-rate",
      "0.4",
      "--stall-rate",
      "0.05",
      "--stall-ms",
      "100",
      "--shift-every",
      "3",
      "--shift-insert",
      "2",
      "--shift-remove",
      "1",
      "--fault-seed",
      "9",
    ]);
    expect(parsed.options).toEqual({
      port: 8123,
      host: "0.0.0.0",
      region: "cn-beijing",
      demo: 7,
      admin: false,
      accessKeys: [{ accessKeyId: "id", accessKeySecret: "sec", securityToken: "tok" }],
      faults: {
        latencyMs: 5,
        qpsLimit: 40,
        throttleRate: 0.1,
        error500Rate: 0.2,
        error503Rate: 0.3,
        html502Rate: 0.4,
        stallRate: 0.05,
        stallMs: 100,
        randomSeed: 9,
        shiftBetweenPages: { everyNRequests: 3, insert: 2, remove: 1 },
      },
    });
  });

  it.each([
    [["--port", "70000"]],
    [["--demo", "-1"]],
    [["--demo", "3", "--seed", "x.json"]],
    [["--access-key-id", "id"]],
    [["--security-token", "t"]],
    [["--throttle-rate", "1.5"]],
    [["--qps-limit", "0"]],
    [["--shift-insert", "1"]],
    [["--bogus"]],
    [["positional"]],
    [["--host", ""]],
    [["--host", "0.0.0.0"]],
    [["--host", "::"]],
    [["--host", "192.168.1.10"]],
  ])("refuses %j with exit code 2 and the usage", async (argv) => {
    const stdout = new Capture();
    const stderr = new Capture();
    expect(await runEmulatorCommand(argv, { stdout, stderr })).toBe(2);
    expect(stderr.text).toContain("Usage: kms-secrets emulator");
    expect(stdout.text).toBe("");
  });

  it("--help prints the usage and exits 0", async () => {
    const stdout = new Capture();
    expect(await runEmulatorCommand(["--help"], { stdout, stderr: new Capture() })).toBe(0);
    expect(stdout.text).toContain("--shift-every");
  });
});

describe("runEmulatorCommand", () => {
  async function runUntilListening(argv: string[]) {
    const stdout = new Capture();
    const stderr = new Capture();
    const stop = new AbortController();
    const exit = runEmulatorCommand(argv, { stdout, stderr, signal: stop.signal });
    const endpoint = (
      await Promise.race([
        stdout.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)\n/),
        exit.then((code) => {
          throw new Error(`exited ${code}: ${stderr.text}`);
        }),
      ])
    )[1] as string;
    return { stdout, stderr, stop, exit, endpoint };
  }

  it("prints the endpoint and key, serves until aborted, exits 0", async () => {
    const run = await runUntilListening([
      "--demo",
      "9",
      "--access-key-id",
      key.accessKeyId,
      "--access-key-secret",
      key.accessKeySecret,
    ]);
    expect(run.stdout.text).toContain(`access key id: ${key.accessKeyId}\n`);
    expect(run.stdout.text).toContain(`access key secret: ${key.accessKeySecret}\n`);
    expect(run.stdout.text).toContain("secrets: 9\n");
    const res = await popCoreFor({ endpoint: run.endpoint, accessKey: key }).request<{
      TotalCount: number;
    }>("ListSecrets", {}, { method: "POST" });
    expect(res.TotalCount).toBe(9);
    run.stop.abort();
    expect(await run.exit).toBe(0);
    await expect(rawRequest(run.endpoint, { method: "GET", path: "/" })).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });

  it("prints a generated key that works", async () => {
    const run = await runUntilListening([]);
    const id = (await run.stdout.waitFor(/access key id: (\S+)\n/))[1] as string;
    const secret = (await run.stdout.waitFor(/access key secret: (\S+)\n/))[1] as string;
    const res = await sendSigned({
      endpoint: run.endpoint,
      accessKey: { accessKeyId: id, accessKeySecret: secret },
      action: "ListSecrets",
    });
    expect(res.json?.["TotalCount"]).toBe(0);
    run.stop.abort();
    expect(await run.exit).toBe(0);
  });

  it.each([
    ["the ListSecrets shape", (secrets: object[]) => ({ SecretList: { Secret: secrets } })],
    ["a plain list", (secrets: object[]) => secrets],
  ])("loads a seed file in %s", async (_label, shape) => {
    const file = join(dir, `seed-${Math.random()}.json`);
    writeFileSync(
      file,
      JSON.stringify(shape([{ SecretName: "one", SecretData: "v1" }, { SecretName: "two/2" }])),
    );
    const run = await runUntilListening([
      "--seed",
      file,
      "--access-key-id",
      key.accessKeyId,
      "--access-key-secret",
      key.accessKeySecret,
    ]);
    const res = await sendSigned({
      endpoint: run.endpoint,
      accessKey: key,
      action: "GetSecretValue",
      params: { SecretName: "one" },
    });
    expect(res.json?.["SecretData"]).toBe("v1");
    run.stop.abort();
    expect(await run.exit).toBe(0);
  });

  it.each([
    ["missing", "does-not-exist.json", /ENOENT/],
    ["not JSON", "bad.json", /JSON/],
    ["the wrong shape", "shape.json", /invalid seed: .*SecretName/],
  ])(
    "a seed file that is %s exits 2 (a config error) with the reason",
    async (_label, name, reason) => {
      writeFileSync(join(dir, "bad.json"), "{not json");
      writeFileSync(join(dir, "shape.json"), JSON.stringify([{ Name: "x" }]));
      const stderr = new Capture();
      expect(
        await runEmulatorCommand(["--seed", join(dir, name)], { stdout: new Capture(), stderr }),
      ).toBe(2);
      expect(stderr.text).toMatch(reason);
    },
  );

  it("a corrupt seed file's text (it may hold SecretData) is not echoed", async () => {
    const file = join(dir, "leaky.json");
    writeFileSync(file, '[{"SecretName": "db", "SecretData": "hunter2-value" oops}]');
    const stderr = new Capture();
    expect(await runEmulatorCommand(["--seed", file], { stdout: new Capture(), stderr })).toBe(2);
    expect(stderr.text).toMatch(/not valid JSON/);
    expect(stderr.text).not.toContain("hunter2");
  });

  it("duplicate secret names and a port in use are config errors: exit 2", async () => {
    const file = join(dir, "dupes.json");
    writeFileSync(file, JSON.stringify([{ SecretName: "a" }, { SecretName: "a" }]));
    const stderr = new Capture();
    expect(await runEmulatorCommand(["--seed", file], { stdout: new Capture(), stderr })).toBe(2);
    expect(stderr.text).toMatch(/config error/);

    const run = await runUntilListening(["--demo", "1"]);
    const port = new URL(run.endpoint).port;
    const busy = new Capture();
    expect(
      await runEmulatorCommand(["--port", port], { stdout: new Capture(), stderr: busy }),
    ).toBe(2);
    expect(busy.text).toMatch(/EADDRINUSE/);
    run.stop.abort();
    expect(await run.exit).toBe(0);
  });

  it("a non-loopback host needs --allow-non-loopback, and the bound address is printed", async () => {
    const local = await runUntilListening(["--demo", "1"]);
    expect(local.stdout.text).toMatch(/bound to 127\.0\.0\.1:\d+\n/);
    local.stop.abort();
    await local.exit;
    const all = await runUntilListening([
      "--host",
      "0.0.0.0",
      "--allow-non-loopback",
      "--demo",
      "1",
    ]);
    expect(all.stdout.text).toMatch(/bound to 0\.0\.0\.0:\d+\n/);
    all.stop.abort();
    expect(await all.exit).toBe(0);
  });

  it("applies fault flags", async () => {
    const run = await runUntilListening([
      "--error503-rate",
      "1",
      "--access-key-id",
      key.accessKeyId,
      "--access-key-secret",
      key.accessKeySecret,
    ]);
    const res = await sendSigned({ endpoint: run.endpoint, accessKey: key, action: "ListSecrets" });
    expect(res.status).toBe(503);
    run.stop.abort();
    expect(await run.exit).toBe(0);
  });
});

describe("node dist/emulator/main.js", () => {
  const main = resolve(__dirname, "../dist/emulator/main.js");
  beforeAll(() => ensureBuilt(), 180_000);

  function waitExit(child: ChildProcessWithoutNullStreams): Promise<number | null> {
    return new Promise((r) => child.once("exit", (code) => r(code)));
  }

  it("runs standalone and exits 0 on SIGTERM (needs `npm run build`, which `npm test` runs first)", async () => {
    expect(existsSync(main)).toBe(true);
    const child = spawn(process.execPath, [
      main,
      "--demo",
      "4",
      "--access-key-id",
      key.accessKeyId,
      "--access-key-secret",
      key.accessKeySecret,
    ]);
    try {
      const stdout = new Capture();
      child.stdout.setEncoding("utf8").on("data", (c: string) => stdout.write(c));
      const endpoint = (
        await stdout.waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)\n/)
      )[1] as string;
      const res = await sendSigned({ endpoint, accessKey: key, action: "ListSecrets" });
      expect(res.json?.["TotalCount"]).toBe(4);
      const exited = waitExit(child);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });

  it("close() lets the process exit even with a stalled response", async () => {
    const script = `
      const { startEmulator } = require(${JSON.stringify(resolve(__dirname, "../dist/emulator/index.js"))});
      const http = require("node:http");
      (async () => {
        const emu = await startEmulator({ faults: { stallRate: 1 } });
        const req = http.request(emu.endpoint + "/?Action=ListSecrets", { method: "GET", agent: new http.Agent({ keepAlive: true }) });
        req.on("error", () => {});
        req.end();
        await new Promise((r) => setTimeout(r, 100));
        await emu.close();
        console.log("closed");
      })();`;
    const child = spawn(process.execPath, ["-e", script]);
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    try {
      let out = "";
      child.stdout.setEncoding("utf8").on("data", (c: string) => (out += c));
      expect(await waitExit(child)).toBe(0);
      expect(out).toContain("closed");
    } finally {
      clearTimeout(timer);
    }
  });
});

describe("admin endpoint", () => {
  let emu: EmulatorHandle;
  const bearer = { authorization: `Bearer ${key.accessKeySecret}` };
  beforeAll(async () => {
    emu = await startEmulator({ accessKeys: [key], seed: [{ SecretName: "keep" }] });
  });
  afterAll(() => emu.close());

  const admin = (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = bearer,
  ) =>
    rawRequest(emu.endpoint, {
      method,
      path: `/__admin/${path}`,
      headers: { "content-type": "application/json", ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it("requires the bearer secret of an access key", async () => {
    expect((await admin("GET", "stats", undefined, {})).status).toBe(401);
    expect((await admin("GET", "stats", undefined, { authorization: "Bearer wrong" })).status).toBe(
      401,
    );
    expect(
      (await admin("GET", "stats", undefined, { authorization: `Bearer ${key.accessKeyId}` }))
        .status,
    ).toBe(401);
    expect((await admin("GET", "stats")).status).toBe(200);
  });

  it("adds, lists and removes secrets; ListSecrets sees the change", async () => {
    expect((await admin("POST", "secrets", { SecretName: "a/b c", SecretData: "x" })).json).toEqual(
      { Put: 1 },
    );
    expect(
      (await admin("POST", "secrets", [{ SecretName: "l1" }, { SecretName: "l2" }])).json,
    ).toEqual({ Put: 2 });
    expect(
      (await admin("POST", "secrets", { SecretList: { Secret: [{ SecretName: "l3" }] } })).json,
    ).toEqual({ Put: 1 });
    expect((await admin("GET", "secrets")).json?.["SecretNames"]).toEqual(
      expect.arrayContaining(["keep", "a/b c", "l1", "l2", "l3"]),
    );
    const listed = await sendSigned({
      endpoint: emu.endpoint,
      accessKey: key,
      action: "ListSecrets",
    });
    expect(listed.json?.["TotalCount"]).toBe(5);
    expect((await admin("DELETE", `secrets/${encodeURIComponent("a/b c")}`)).status).toBe(200);
    expect((await admin("DELETE", `secrets/${encodeURIComponent("a/b c")}`)).status).toBe(404);
    expect(emu.listSecretNames()).not.toContain("a/b c");
    const invalid = await admin("POST", "secrets", { Name: "x" });
    expect([invalid.status, invalid.json?.["Code"]]).toEqual([400, "InvalidSeed"]);
  });

  it("replaces faults and reports and resets stats", async () => {
    expect((await admin("POST", "faults", { error503Rate: 1 })).status).toBe(200);
    expect((await admin("GET", "faults")).json).toEqual({ error503Rate: 1 });
    expect(
      (await sendSigned({ endpoint: emu.endpoint, accessKey: key, action: "ListSecrets" })).status,
    ).toBe(503);
    const stats = (await admin("GET", "stats")).json;
    expect(stats?.["faultsInjected"]).toEqual({ "503": 1 });
    expect((await admin("POST", "faults", { error503Rate: 2 })).status).toBe(400);
    expect((await admin("POST", "faults", { bogus: 1 })).status).toBe(400);
    expect((await admin("POST", "faults", {})).status).toBe(200);
    expect(
      (await sendSigned({ endpoint: emu.endpoint, accessKey: key, action: "ListSecrets" })).status,
    ).toBe(200);
    expect((await admin("POST", "stats/reset")).json?.["requests"]).toBe(0);
    expect(emu.stats().requests).toBe(0);
  });

  it("is not RPC: admin calls are not counted, RPC routing never reaches it, and admin: false turns it off", async () => {
    emu.resetStats();
    await admin("GET", "stats");
    expect(emu.stats().requests).toBe(0);
    const viaRpc = await sendSigned({
      endpoint: emu.endpoint,
      accessKey: key,
      action: "ListSecrets",
      path: "/__admin/stats",
    });
    expect(viaRpc.json).not.toHaveProperty("requests");
    const off = await startEmulator({ accessKeys: [key], admin: false });
    try {
      const res = await rawRequest(off.endpoint, {
        method: "GET",
        path: "/__admin/stats",
        headers: bearer,
      });
      expect([res.status, res.json?.["Code"]]).toEqual([404, "InvalidAction.NotFound"]);
    } finally {
      await off.close();
    }
  });
});
