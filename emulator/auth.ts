/**
 * Authentication of RPC requests: signature V1, the STS SecurityToken, the Timestamp window
 * and SignatureNonce replay protection. Every failure is a signature-family ApiError.
 */
import { authError } from "./errors";
import type { RpcRequest } from "./rpcRequest";
import { safeEqual, signV1, stringToSignV1 } from "./signature";
import type { EmulatorAccessKey } from "./types";

/** How far the request Timestamp may be from the server clock. */
export const TIMESTAMP_WINDOW_MS = 15 * 60 * 1000;
/** Nonces are remembered at least as long as a Timestamp could still be accepted. */
const NONCE_TTL_MS = 2 * TIMESTAMP_WINDOW_MS + 60 * 1000;
const TIMESTAMP_FORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

export class Authenticator {
  private readonly keys = new Map<string, EmulatorAccessKey>();
  private nonces = new Map<string, number>();
  private nextPruneAt = 0;

  constructor(
    keys: readonly EmulatorAccessKey[],
    private readonly now: () => number = Date.now,
  ) {
    for (const key of keys) this.keys.set(key.accessKeyId, key);
  }

  /** Returns the verified access key, or throws the gateway's error. */
  authenticate(req: RpcRequest): EmulatorAccessKey {
    const p = req.params;
    const accessKeyId = p.get("AccessKeyId");
    const signature = p.get("Signature");
    const nonce = p.get("SignatureNonce");
    const timestamp = p.get("Timestamp");
    const missing = [
      ["AccessKeyId", accessKeyId],
      ["Signature", signature],
      ["SignatureNonce", nonce],
      ["Timestamp", timestamp],
    ].filter(([, v]) => !v);
    if (missing.length > 0) {
      throw authError("IncompleteSignature", `Missing ${missing.map(([k]) => k).join(", ")}.`);
    }
    if ((p.get("SignatureMethod") ?? "") !== "HMAC-SHA1") {
      throw authError("IncompleteSignature", "SignatureMethod must be HMAC-SHA1.");
    }
    if ((p.get("SignatureVersion") ?? "") !== "1.0") {
      throw authError("IncompleteSignature", "SignatureVersion must be 1.0.");
    }
    const key = this.keys.get(accessKeyId as string);
    if (!key) throw authError("InvalidAccessKeyId.NotFound");

    this.checkTimestamp(timestamp as string);

    const stringToSign = stringToSignV1(req.method, p);
    if (!safeEqual(signV1(stringToSign, key.accessKeySecret), signature as string)) {
      throw authError("SignatureDoesNotMatch", `server string to sign is:${stringToSign}`);
    }
    const token = p.get("SecurityToken");
    if (key.securityToken !== undefined ? token !== key.securityToken : token !== undefined) {
      throw authError("InvalidSecurityToken.MismatchWithAccessKey");
    }
    this.useNonce(`${key.accessKeyId}\u0000${nonce as string}`);
    return key;
  }

  private checkTimestamp(timestamp: string): void {
    const at = TIMESTAMP_FORMAT.test(timestamp) ? Date.parse(timestamp) : NaN;
    if (Number.isNaN(at)) throw authError("InvalidTimeStamp.Format");
    if (Math.abs(this.now() - at) > TIMESTAMP_WINDOW_MS)
      throw authError("InvalidTimeStamp.Expired");
  }

  private useNonce(id: string): void {
    const now = this.now();
    if (now >= this.nextPruneAt) this.prune(now);
    const expiresAt = this.nonces.get(id);
    if (expiresAt !== undefined && expiresAt > now) throw authError("SignatureNonceUsed");
    this.nonces.set(id, now + NONCE_TTL_MS);
  }

  private prune(now: number): void {
    for (const [id, expiresAt] of this.nonces) if (expiresAt <= now) this.nonces.delete(id);
    this.nextPruneAt = now + 60 * 1000;
  }
}
