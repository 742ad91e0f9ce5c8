/**
 * Test kit for account and region sources: an emulator whose base key and seeded role see
 * different secrets, a process.env cleared of ALIBABA_CLOUD_* / ALICLOUD_* (the credentials
 * library reads it behind our back), CLI config files, and tiny 127.0.0.1 credential servers.
 */
import fs from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { startEmulator, type EmulatorAccessKey, type EmulatorHandle } from "../../emulator";

export const ROLE_ARN = "acs:ram::2222333344445555:role/kms-reader";
export const BASE_SECRETS = ["base-one", "base-two"];
export const ROLE_SECRETS = ["role-only"];

/** A made-up key, different every run. */
export function madeUpKey(withToken = false): EmulatorAccessKey {
  return {
    accessKeyId: `acct-${randomBytes(6).toString("hex")}`,
    accessKeySecret: `acctsecret-${randomBytes(12).toString("hex")}`,
    ...(withToken ? { securityToken: `accttoken-${randomBytes(16).toString("hex")}` } : {}),
  };
}

/**
 * An emulator where `base` (a plain key) and `sts` (a key that needs its token) see
 * BASE_SECRETS, and the role ROLE_ARN (ExternalId "ext-1") sees only ROLE_SECRETS.
 */
export async function accountEmulator(region = "cn-hangzhou"): Promise<{
  emulator: EmulatorHandle;
  base: EmulatorAccessKey;
  sts: Required<EmulatorAccessKey>;
}> {
  const base = madeUpKey();
  const sts = madeUpKey(true) as Required<EmulatorAccessKey>;
  const emulator = await startEmulator({
    region,
    accessKeys: [base, sts],
    seed: BASE_SECRETS.map((SecretName) => ({ SecretName, SecretData: `v-${SecretName}` })),
    roles: [
      {
        roleArn: ROLE_ARN,
        externalId: "ext-1",
        seed: ROLE_SECRETS.map((SecretName) => ({ SecretName, SecretData: `v-${SecretName}` })),
      },
    ],
  });
  return { emulator, base, sts };
}

/** Keys of process.env that the credentials library (or we) might read. */
function accountVariables(): string[] {
  return Object.keys(process.env).filter((k) =>
    /^(ALIBABA_CLOUD_|ALIBABACLOUD_|ALICLOUD_|ALIYUN_)/.test(k),
  );
}

/** Clears those variables now and returns a function restoring them. */
export function isolateProcessEnv(): () => void {
  const saved = new Map(accountVariables().map((k) => [k, process.env[k]]));
  for (const key of saved.keys()) delete process.env[key];
  return () => {
    for (const key of accountVariables()) delete process.env[key];
    for (const [key, value] of saved) if (value !== undefined) process.env[key] = value;
  };
}

/** A fresh directory under the OS temp dir, removed by `cleanup`. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** An Alibaba Cloud CLI config (`current` plus AK profiles) written to `file`. */
export function writeCliProfiles(
  file: string,
  current: string,
  profiles: Record<string, { key: EmulatorAccessKey; region?: string }>,
): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const list = Object.entries(profiles).map(([name, { key, region }]) => ({
    name,
    mode: key.securityToken ? "StsToken" : "AK",
    access_key_id: key.accessKeyId,
    access_key_secret: key.accessKeySecret,
    ...(key.securityToken ? { sts_token: key.securityToken } : {}),
    ...(region ? { region_id: region } : {}),
  }));
  fs.writeFileSync(file, JSON.stringify({ current, profiles: list }));
}

export interface JsonServer {
  url: string;
  host: string;
  /** Every request's method and path. */
  requests: string[];
  close(): Promise<void>;
}

/** A 127.0.0.1 server answering each request with `answer(req)` as JSON (404 when undefined). */
export async function jsonServer(answer: (req: IncomingMessage) => unknown): Promise<JsonServer> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const body = answer(req);
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(200, { "content-type": "application/json" }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The body a credentials URI or the ECS metadata service answers with. */
export function sessionBody(key: EmulatorAccessKey): Record<string, string> {
  return {
    Code: "Success",
    AccessKeyId: key.accessKeyId,
    AccessKeySecret: key.accessKeySecret,
    SecurityToken: key.securityToken ?? "",
    Expiration: new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
}
