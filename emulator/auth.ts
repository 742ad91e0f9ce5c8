/**
 * Authentication of RPC requests: signature V1, the STS SecurityToken, the Timestamp window
 * and SignatureNonce replay protection. Every failure is a signature-family ApiError.
 */
import { authError } from "./errors";
import { header, type RpcRequest } from "./rpcRequest";
import {
  ACS3,
  safeEqual,
  sha256Hex,
  signV1,
  signV3,
  stringToSignV1,
  stringToSignV3,
} from "./signature";
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

  /** Accepts another key from now on (an STS session key). */
  addKey(key: EmulatorAccessKey): void {
    this.keys.set(key.accessKeyId, { ...key });
  }

  /** Returns the verified access key, or throws the gateway's error. */
  authenticate(req: RpcRequest): EmulatorAccessKey {
    const authorization = header(req.headers, "authorization");
    if (authorization !== undefined && authorization.startsWith(ACS3)) {
      return this.authenticateV3(req, authorization);
    }
    return this.authenticateV1(req);
  }

  /** Signature V1: HMAC-SHA1 over the sorted parameters (query and form body). */
  private authenticateV1(req: RpcRequest): EmulatorAccessKey {
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
    this.checkToken(key, p.get("SecurityToken"));
    this.useNonce(`${key.accessKeyId}\u0000${nonce as string}`);
    return key;
  }

  /**
   * Signature V3: `Authorization: ACS3-HMAC-SHA256 Credential=ID,SignedHeaders=a;b,Signature=hex`
   * over the canonical request; host and every x-acs-* header must be signed.
   */
  private authenticateV3(req: RpcRequest, authorization: string): EmulatorAccessKey {
    const match =
      /^ACS3-HMAC-SHA256\s+Credential=([^,\s]+)\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]+)\s*$/i.exec(
        authorization,
      );
    if (!match) throw authError("IncompleteSignature", "The Authorization header is malformed.");
    const [, accessKeyId, signedList, signature] = match as unknown as [
      string,
      string,
      string,
      string,
    ];
    const date = header(req.headers, "x-acs-date");
    const nonce = header(req.headers, "x-acs-signature-nonce");
    if (!date || !nonce) {
      throw authError("IncompleteSignature", "x-acs-date and x-acs-signature-nonce are required.");
    }
    const signedNames = signedList.toLowerCase().split(";");
    const mustSign = Object.keys(req.headers).filter((n) => n === "host" || n.startsWith("x-acs-"));
    const unsigned = mustSign.filter((n) => !signedNames.includes(n));
    if (unsigned.length > 0) {
      throw authError("IncompleteSignature", `Headers not signed: ${unsigned.join(", ")}.`);
    }
    const key = this.keys.get(accessKeyId);
    if (!key) throw authError("InvalidAccessKeyId.NotFound");
    this.checkTimestamp(date);

    const bodySha256 = sha256Hex(req.body);
    const declared = header(req.headers, "x-acs-content-sha256");
    if (declared !== undefined && declared.toLowerCase() !== bodySha256) {
      throw authError("SignatureDoesNotMatch", "x-acs-content-sha256 does not match the body.");
    }
    const signed = signedNames.map((name) => ({ name, value: header(req.headers, name) ?? "" }));
    const stringToSign = stringToSignV3(req.method, req.query, signed, bodySha256);
    if (!safeEqual(signV3(stringToSign, key.accessKeySecret), signature.toLowerCase())) {
      throw authError("SignatureDoesNotMatch", `server string to sign is:${stringToSign}`);
    }
    this.checkToken(key, header(req.headers, "x-acs-security-token"));
    this.useNonce(`${key.accessKeyId}\u0000${nonce}`);
    return key;
  }

  private checkToken(key: EmulatorAccessKey, token: string | undefined): void {
    if (key.securityToken !== undefined ? token !== key.securityToken : token !== undefined) {
      throw authError("InvalidSecurityToken.MismatchWithAccessKey");
    }
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
