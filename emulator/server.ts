/** startEmulator: the HTTP server tying together auth, faults, actions, stats and admin. */
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ADMIN_PREFIX, handleAdmin, type AdminTarget } from "./adminApi";
import { Authenticator } from "./auth";
import { demoSecrets } from "./demo";
import { ApiError, apiError, errorBody } from "./errors";
import { DelayedReplies, HTML_502, jsonReply, readBody, type Reply } from "./replies";
import { FaultInjector } from "./faults";
import { listSecrets } from "./listSecrets";
import { actionOf, parseRpcRequest, versionOf } from "./rpcRequest";
import { describeSecret, getSecretValue, type ActionContext } from "./secretActions";
import { isoSeconds, SeedError, withDefaults } from "./seed";
import { listSecretVersionIds } from "./secretVersions";
import { SecretStore } from "./store";
import { STS_ACTIONS, STS_API_VERSION, StsService } from "./sts";
import type {
  EmulatorAccessKey,
  EmulatorHandle,
  EmulatorOptions,
  EmulatorStats,
  FaultOptions,
  SeedSecret,
} from "./types";

export const API_VERSION = "2016-01-20";
const DEFAULT_REGION = "cn-hangzhou";
const DEFAULT_ACCOUNT_ID = "1234567890123456";
/** CreateTime given to seed secrets that have none (deterministic ordering). */
const DEFAULT_SEED_CREATE_TIME = "2024-01-01T00:00:00Z";

type ActionHandler = (
  ctx: ActionContext,
  params: ReadonlyMap<string, string>,
) => Record<string, unknown>;

const ACTIONS: ReadonlyMap<string, ActionHandler> = new Map<string, ActionHandler>([
  ["ListSecrets", (ctx, params) => listSecrets(ctx.store, params, ctx.requestId)],
  ["DescribeSecret", describeSecret],
  ["GetSecretValue", getSecretValue],
  ["ListSecretVersionIds", listSecretVersionIds],
]);

/** A fresh random access key (clearly not a real one). */
export function generateAccessKey(): EmulatorAccessKey {
  return {
    accessKeyId: `emulator-${randomBytes(6).toString("hex")}`,
    accessKeySecret: randomBytes(18).toString("base64url"),
  };
}

function emptyStats(): EmulatorStats {
  return {
    requests: 0,
    requestsByAction: {},
    maxInFlight: 0,
    faultsInjected: {},
    signatureRejected: 0,
  };
}

function increment(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

function checkedAccessKeys(keys: readonly EmulatorAccessKey[] | undefined): EmulatorAccessKey[] {
  if (!keys || keys.length === 0) return [generateAccessKey()];
  const seen = new Set<string>();
  return keys.map((k) => {
    if (!k.accessKeyId || !k.accessKeySecret)
      throw new Error("every access key needs accessKeyId and accessKeySecret");
    if (seen.has(k.accessKeyId)) throw new Error(`duplicate accessKeyId ${k.accessKeyId}`);
    seen.add(k.accessKeyId);
    return { ...k };
  });
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const region = options.region ?? DEFAULT_REGION;
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  const hostId = `kms.${region}.aliyuncs.com`;
  const accessKeys = checkedAccessKeys(options.accessKeys);
  const seed = options.seed ?? (options.demo ? demoSecrets(options.demo) : []);
  const names = new Set<string>();
  for (const s of seed) {
    if (names.has(s.SecretName)) throw new SeedError(`duplicate SecretName "${s.SecretName}"`);
    names.add(s.SecretName);
  }
  const store = new SecretStore(seed.map((s) => withDefaults(s, DEFAULT_SEED_CREATE_TIME)));
  const faults = new FaultInjector(options.faults);
  const auth = new Authenticator(accessKeys);
  const sts = new StsService(options.roles ?? [], DEFAULT_SEED_CREATE_TIME, (key) =>
    auth.addKey(key),
  );
  let stats = emptyStats();
  let inFlight = 0;
  let shiftSeq = 0;
  let closed = false;
  const replies = new DelayedReplies();

  const putSecret = (secret: SeedSecret): void => {
    store.put(withDefaults(secret, isoSeconds(Date.now())));
  };

  /** Simulates concurrent writers: new secrets sort first, removals take the first ones. */
  const shiftSet = (insert: number, remove: number): void => {
    for (const victim of store.sorted().slice(0, remove)) store.remove(victim.secret.SecretName);
    for (let i = 0; i < insert; i++) {
      const first = store.sorted()[0];
      const createdAt = (first?.createdAt ?? Date.now()) - 1000;
      shiftSeq++;
      putSecret({
        SecretName: `shift-inserted-${String(shiftSeq).padStart(6, "0")}`,
        SecretType: first?.secret.SecretType ?? "Generic",
        CreateTime: isoSeconds(createdAt),
        ...(first?.secret.Tags
          ? { Tags: { Tag: first.secret.Tags.Tag.map((t) => ({ ...t })) } }
          : {}),
        SecretData: `shifted-${shiftSeq}`,
      });
    }
    increment(stats.faultsInjected, "shift");
  };

  /** Runs one RPC request; returns the reply and any extra delay (stall). */
  const serveRpc = (
    req: IncomingMessage,
    path: string,
    rawQuery: string,
    body: string,
    requestId: string,
  ) => {
    if (path !== "/" || (req.method !== "GET" && req.method !== "POST"))
      throw apiError("InvalidAction.NotFound");
    const rpc = parseRpcRequest(req.method, rawQuery, body, req.headers);
    const action = actionOf(rpc);
    increment(stats.requestsByAction, action ?? "(none)");
    if (action && STS_ACTIONS.has(action)) {
      if (!versionOf(rpc)) throw apiError("MissingVersion");
      if (versionOf(rpc) !== STS_API_VERSION) throw apiError("InvalidVersion");
      const caller = auth.authenticate(rpc);
      const answer = sts.assumeRole(rpc.params, caller, requestId);
      return { reply: jsonReply(200, answer, requestId), extraDelay: 0 };
    }
    const handler = action ? ACTIONS.get(action) : undefined;
    if (!action || !handler) throw apiError("InvalidAction.NotFound");
    const version = versionOf(rpc);
    if (!version) throw apiError("MissingVersion");
    if (version !== API_VERSION) throw apiError("InvalidVersion");

    const key = auth.authenticate(rpc);
    if (!faults.admitQps(key.accessKeyId, action, Date.now())) {
      increment(stats.faultsInjected, "qps");
      throw apiError("Rejected.Throttling", undefined, "fault");
    }
    const fault = faults.draw();
    if (fault) increment(stats.faultsInjected, fault);
    if (fault === "throttle") throw apiError("Throttling.User", undefined, "fault");
    if (fault === "500") throw apiError("InternalFailure", undefined, "fault");
    if (fault === "503") throw apiError("ServiceUnavailable", undefined, "fault");
    if (fault === "html502") {
      return {
        reply: { status: 502, contentType: "text/html", body: HTML_502, requestId },
        extraDelay: 0,
      };
    }
    const scope = sts.scopeOf(key.accessKeyId) ?? { store, accountId };
    const result = handler({ ...scope, region, requestId }, rpc.params);
    if (action === "ListSecrets") {
      const shift = faults.onListServed();
      if (shift) shiftSet(shift.insert, shift.remove);
    }
    return {
      reply: jsonReply(200, result, requestId),
      extraDelay: fault === "stall" ? faults.stallMs : 0,
    };
  };

  const adminTarget: AdminTarget = {
    accessKeys,
    stats: () => snapshot(),
    resetStats: () => void (stats = emptyStats()),
    getFaults: () => faults.current,
    setFaults: (f) => faults.set(f),
    putSecrets: (secrets) => secrets.forEach(putSecret),
    removeSecret: (name) => store.remove(name),
    listSecretNames: () => store.names(),
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const path = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? "" : url.slice(q + 1);
    const requestId = randomUUID().toUpperCase();
    const isAdmin = options.admin !== false && path.startsWith(ADMIN_PREFIX);
    if (!isAdmin) {
      stats.requests++;
      inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
      res.on("close", () => void inFlight--);
    }
    const body = await readBody(req).catch(() => undefined);
    if (body === undefined) {
      const error = new ApiError("InvalidParameter", 413, "The request body is too large.");
      return replies.send(
        res,
        jsonReply(error.httpStatus, errorBody(error, requestId, hostId), requestId),
        0,
      );
    }
    if (isAdmin) return handleAdmin(adminTarget, req, res, path, body);
    let reply: Reply;
    let extraDelay = 0;
    try {
      ({ reply, extraDelay } = serveRpc(req, path, rawQuery, body, requestId));
    } catch (error: unknown) {
      const apiErr = error instanceof ApiError ? error : apiError("InternalFailure");
      if (apiErr.kind === "signature") stats.signatureRejected++;
      reply = jsonReply(apiErr.httpStatus, errorBody(apiErr, requestId, hostId), requestId);
    }
    replies.send(res, reply, faults.latencyMs + extraDelay);
  };

  const snapshot = (): EmulatorStats => ({
    requests: stats.requests,
    requestsByAction: { ...stats.requestsByAction },
    maxInFlight: stats.maxInFlight,
    faultsInjected: { ...stats.faultsInjected },
    signatureRejected: stats.signatureRejected,
  });

  const server = createServer((req, res) => {
    onRequest(req, res).catch(() => res.destroy());
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const endpointHost = host === "0.0.0.0" || host === "[::]" ? "127.0.0.1" : host;

  return {
    endpoint: `http://${endpointHost}:${address.port}`,
    accessKey: { ...(accessKeys[0] as EmulatorAccessKey) },
    region,
    close: async () => {
      if (closed) return;
      closed = true;
      replies.cancelAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
    stats: snapshot,
    resetStats: adminTarget.resetStats,
    setFaults: (f: FaultOptions) => faults.set(f),
    putSecret,
    removeSecret: (name: string) => store.remove(name),
    listSecretNames: () => store.names(),
    assumeRoleCalls: () => sts.history(),
  };
}
