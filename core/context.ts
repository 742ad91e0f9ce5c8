/** What a lookup is given besides its arguments (no dependency's types: this is public). */
import type { TransportFactory } from "./client";
import type { RateLimiter, RateLimitOptions } from "./rateLimiter";
import type { CallStats } from "./resilience";
import type { RetryOptions } from "./retry";
import type { LookupProgress } from "./types";

/** Where a lookup runs: what the caller knows besides the arguments. */
export interface LookupContext {
  /** Pulumi stack config (`alicloud:region`, `alicloud:accessKey`, ...), when the caller has it. */
  config?: Readonly<Record<string, string | undefined>>;
  /**
   * The `alicloud:*` settings of an explicit `@pulumi/alicloud` Provider (`opts.provider`),
   * keyed like stack config. When given, the stack's `alicloud:*` config is not read.
   */
  provider?: Readonly<Record<string, string | undefined>>;
  /** Test hook: the host of the ECS metadata service (default 100.100.100.200). */
  metadataHost?: string;
  /** The environment to read region and credentials from; defaults to `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Called after each page is fetched and each per-secret call completes. */
  onProgress?: (progress: LookupProgress) => void;
  /** Aborts the lookup: requests in flight end, the lookup rejects with `Aborted`. */
  signal?: AbortSignal;
  /** Home directory holding `.aliyun/config.json` and `.alibabacloud/credentials`; defaults to `os.homedir()`. */
  homeDir?: string;
  /** Backoff tuning and injection (tests: tiny delays, a fake `sleep` or `random`). */
  retry?: RetryOptions;
  /** This lookup's own rate cap and burst per action (as `maxRequestsPerSecond`); never shared. */
  rateLimit?: RateLimitOptions;
  /** Use this limiter for every action instead of the process-wide ones (tests). */
  rateLimiter?: RateLimiter;
  /** How many times `listSecrets` lists again when the set changed while paging (default 3). */
  maxRelists?: number;
  /** Replaces the pop-core transport (unit tests with a fake server). */
  transport?: TransportFactory;
  /** Called once when the lookup ends (done, failed or aborted) with its request counts. */
  onCallStats?: (stats: CallStats) => void;
}
