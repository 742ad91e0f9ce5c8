/** Public types of the local KMS emulator (the programmatic contract). */

/** An access key the emulator accepts. With `securityToken` set it is an STS key and the token must match. */
export interface EmulatorAccessKey {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/** Fault injection. Rates are probabilities in 0..1, drawn once per authenticated request. */
export interface FaultOptions {
  /** Added to every response (errors included). */
  latencyMs?: number;
  /**
   * Requests/sec per access key and API action over a sliding 1 s window (the real gateway
   * sets its quotas per API); excess answered `Rejected.Throttling` 429.
   */
  qpsLimit?: number;
  /**
   * Per-action overrides of `qpsLimit` (e.g. `{ GetSecretValue: 450 }`, the shared gateway's
   * figure); an action not named here gets `qpsLimit`.
   */
  qpsLimitByAction?: Record<string, number>;
  /** Probability of `Throttling.User` 400. */
  throttleRate?: number;
  /** Probability of `InternalFailure` 500. */
  error500Rate?: number;
  /** Probability of `ServiceUnavailable` 503. */
  error503Rate?: number;
  /** Probability of an HTML 502 Bad Gateway page (text/html body, like a load balancer). */
  html502Rate?: number;
  /** Probability of holding the response `stallMs` (default 60 s) before answering. */
  stallRate?: number;
  stallMs?: number;
  /** Mutate the set while a listing is in progress: after every N-th ListSecrets request. */
  shiftBetweenPages?: { everyNRequests: number; insert?: number; remove?: number };
  /** Injectable RNG for deterministic tests; default a PRNG seeded with `randomSeed` (default 1). */
  random?: () => number;
  /** Seed of the default PRNG. */
  randomSeed?: number;
}

/** A tag as ListSecrets / DescribeSecret return it. */
export interface SecretTag {
  TagKey: string;
  TagValue: string;
}

/** One version of a secret's value. */
export interface SeedSecretVersion {
  VersionId: string;
  /** `ACSCurrent`, `ACSPrevious` or custom labels; none marks a deprecated version. */
  VersionStages?: string[];
  CreateTime?: string;
  SecretData?: string;
  SecretDataType?: "text" | "binary";
}

/** The ListSecrets item shape plus what DescribeSecret / GetSecretValue need. */
export interface SeedSecret {
  SecretName: string;
  SecretType?: string;
  CreateTime?: string;
  UpdateTime?: string;
  PlannedDeleteTime?: string;
  Tags?: { Tag: SecretTag[] };
  OwingService?: string;
  Description?: string;
  EncryptionKeyId?: string;
  DKMSInstanceId?: string;
  Creator?: string;
  AutomaticRotation?: string;
  RotationInterval?: string;
  LastRotationDate?: string;
  NextRotationDate?: string;
  ExtendedConfig?: string;
  SecretData?: string;
  SecretDataType?: "text" | "binary";
  VersionId?: string;
  VersionStages?: string[];
  /**
   * The version history (ListSecretVersionIds, GetSecretValue by VersionId/VersionStage).
   * When absent the secret has one version: `VersionId`, `VersionStages` and `SecretData`.
   * When present it is the whole history, and each stage labels at most one version.
   */
  Versions?: SeedSecretVersion[];
  /**
   * Emulator-only: deny access to this secret with `Forbidden.NoPermission` 403.
   * `true` denies GetSecretValue; a list names the denied actions (e.g. `["DescribeSecret"]`).
   */
  Forbidden?: boolean | string[];
}

/**
 * A RAM role STS `AssumeRole` can assume: its own account, with its own secrets. Session
 * keys issued for it are accepted for KMS calls and see only `seed`.
 */
export interface EmulatorRole {
  /** `acs:ram::<accountId>:role/<name>`. */
  roleArn: string;
  /** The role account's secrets (default none). */
  seed?: SeedSecret[];
  /** When set, AssumeRole must carry this `ExternalId` (else `NoPermission` 403). */
  externalId?: string;
}

/** One AssumeRole call the emulator answered. */
export interface AssumeRoleCall {
  roleArn: string;
  roleSessionName: string;
  durationSeconds: number;
  /** The access key that signed the call. */
  callerAccessKeyId: string;
  policy?: string;
  externalId?: string;
}

export interface EmulatorOptions {
  /** Default 0 (a free port). */
  port?: number;
  /** Default "127.0.0.1": loopback only unless a host is given. */
  host?: string;
  /** Default "cn-hangzhou" (used in ARNs and HostId). */
  region?: string;
  /** Account id used in ARNs; default "1234567890123456". */
  accountId?: string;
  /** Default: one generated key (random secret), returned in `handle.accessKey`. */
  accessKeys?: EmulatorAccessKey[];
  /** The secrets to serve. */
  seed?: SeedSecret[];
  /** Or a deterministic realistic demo set of N secrets. */
  demo?: number;
  faults?: FaultOptions;
  /** Serve the `/__admin/*` endpoints (default true). */
  admin?: boolean;
  /** Roles STS `AssumeRole` (version 2015-04-01, same endpoint) can assume. */
  roles?: EmulatorRole[];
}

export type FaultKind = "throttle" | "qps" | "500" | "503" | "html502" | "stall" | "shift";

export interface EmulatorStats {
  requests: number;
  requestsByAction: Record<string, number>;
  maxInFlight: number;
  /** By kind: throttle, qps, 500, 503, html502, stall, shift. */
  faultsInjected: Record<string, number>;
  /** SignatureDoesNotMatch / IncompleteSignature / InvalidAccessKeyId / token / nonce / timestamp. */
  signatureRejected: number;
}

export interface EmulatorHandle {
  /** "http://127.0.0.1:PORT" */
  endpoint: string;
  /** The first access key. */
  accessKey: EmulatorAccessKey;
  region: string;
  /** Closes the server and any open (also stalled) sockets promptly. */
  close(): Promise<void>;
  stats(): EmulatorStats;
  resetStats(): void;
  /** Replaces the fault settings. */
  setFaults(faults: FaultOptions): void;
  putSecret(secret: SeedSecret): void;
  removeSecret(name: string): boolean;
  listSecretNames(): string[];
  /** The STS AssumeRole calls answered so far. */
  assumeRoleCalls(): AssumeRoleCall[];
}
