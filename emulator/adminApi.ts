/**
 * The emulator's admin HTTP endpoint under `/__admin/` (stats, secrets, faults), never
 * reached by RPC routing; every call needs `Authorization: Bearer <AccessKeySecret>` of one
 * of its keys. The routes: docs/emulator.md.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { parseSeed, SeedError } from "./seed";
import { safeEqual } from "./signature";
import type { EmulatorAccessKey, EmulatorStats, FaultOptions, SeedSecret } from "./types";

export const ADMIN_PREFIX = "/__admin/";

/** FaultOptions as JSON (admin endpoint): everything but the injectable RNG. */
export function faultOptionsSchema() {
  const probability = z.number().min(0).max(1);
  const count = z.number().int().min(0);
  return z.strictObject({
    latencyMs: z.number().min(0).optional(),
    qpsLimit: z.number().min(0).optional(),
    qpsLimitByAction: z.record(z.string(), z.number().min(0)).optional(),
    throttleRate: probability.optional(),
    error500Rate: probability.optional(),
    error503Rate: probability.optional(),
    html502Rate: probability.optional(),
    stallRate: probability.optional(),
    stallMs: z.number().min(0).optional(),
    shiftBetweenPages: z
      .strictObject({
        everyNRequests: z.number().int().min(1),
        insert: count.optional(),
        remove: count.optional(),
      })
      .optional(),
    randomSeed: z.number().int().optional(),
  });
}

export interface AdminTarget {
  accessKeys: readonly EmulatorAccessKey[];
  stats(): EmulatorStats;
  resetStats(): void;
  getFaults(): FaultOptions;
  setFaults(faults: FaultOptions): void;
  putSecrets(secrets: SeedSecret[]): void;
  removeSecret(name: string): boolean;
  listSecretNames(): string[];
}

class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new AdminError(400, "InvalidJson", "the request body is not valid JSON");
  }
}

function authorized(req: IncomingMessage, keys: readonly EmulatorAccessKey[]): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "");
  const token = match?.[1]?.trim();
  return token !== undefined && keys.some((k) => safeEqual(k.accessKeySecret, token));
}

/** Answers one admin request; `path` starts with ADMIN_PREFIX. */
export function handleAdmin(
  target: AdminTarget,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  body: string,
): void {
  try {
    if (!authorized(req, target.accessKeys)) {
      throw new AdminError(401, "Unauthorized", "send Authorization: Bearer <AccessKeySecret>");
    }
    const route = path.slice(ADMIN_PREFIX.length);
    const method = req.method ?? "GET";
    if (route === "stats" && method === "GET") return sendJson(res, 200, target.stats());
    if (route === "stats/reset" && method === "POST") {
      target.resetStats();
      return sendJson(res, 200, target.stats());
    }
    if (route === "secrets" && method === "GET")
      return sendJson(res, 200, { SecretNames: target.listSecretNames() });
    if (route === "secrets" && method === "POST") {
      const value = parseJson(body);
      const secrets = parseSeed(
        Array.isArray(value) ||
          (typeof value === "object" && value !== null && "SecretList" in value)
          ? value
          : [value],
      );
      target.putSecrets(secrets);
      return sendJson(res, 200, { Put: secrets.length });
    }
    if (route.startsWith("secrets/") && method === "DELETE") {
      let name: string;
      try {
        name = decodeURIComponent(route.slice("secrets/".length));
      } catch {
        throw new AdminError(400, "InvalidName", "the secret name is not valid percent-encoding");
      }
      if (!target.removeSecret(name))
        throw new AdminError(404, "NotFound", `no secret named ${JSON.stringify(name)}`);
      return sendJson(res, 200, { Removed: name });
    }
    if (route === "faults" && method === "GET") {
      const { random: _random, ...faults } = target.getFaults();
      return sendJson(res, 200, faults);
    }
    if (route === "faults" && method === "POST") {
      const parsed = faultOptionsSchema().safeParse(parseJson(body));
      if (!parsed.success) {
        throw new AdminError(
          400,
          "InvalidFaults",
          parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
        );
      }
      target.setFaults(parsed.data);
      return sendJson(res, 200, parsed.data);
    }
    throw new AdminError(404, "NotFound", `no admin route ${method} ${path}`);
  } catch (error: unknown) {
    if (error instanceof AdminError)
      return sendJson(res, error.status, { Code: error.code, Message: error.message });
    if (error instanceof SeedError)
      return sendJson(res, 400, { Code: "InvalidSeed", Message: error.message });
    return sendJson(res, 500, { Code: "InternalError", Message: String(error) });
  }
}
