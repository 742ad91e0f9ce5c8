/**
 * Fakes for unit tests of the lookup core: an in-memory ListSecrets behind the transport
 * interface (no HTTP), with hooks to inject failures and to mutate the set between calls.
 */
import type {
  KmsTransport,
  TransportFactory,
  TransportOptions,
  TransportResponse,
} from "../../core/client";
import type { LookupContext } from "../../core/lookup";

export interface FakeTag {
  TagKey: string;
  TagValue: string;
}

export interface FakeSecret {
  SecretName: string;
  SecretType?: string;
  CreateTime?: string;
  UpdateTime?: string;
  PlannedDeleteTime?: string;
  OwingService?: string;
  Tags?: FakeTag[];
}

export function fakeSecrets(
  n: number,
  prefix = "secret",
  tags?: (i: number) => FakeTag[],
): FakeSecret[] {
  return Array.from({ length: n }, (_, i) => ({
    SecretName: `${prefix}-${String(i).padStart(6, "0")}`,
    SecretType: i % 5 === 0 ? "Rds" : "Generic",
    CreateTime: "2024-07-17T07:59:05Z",
    UpdateTime: "2024-07-18T07:59:05Z",
    ...(i % 7 === 0 ? { PlannedDeleteTime: "2024-08-17T07:59:05Z" } : {}),
    ...(tags ? { Tags: tags(i) } : {}),
  }));
}

export interface FakeCall {
  action: string;
  params: Record<string, string>;
  timeoutMs: number;
}

/** What a hook may do with a call: answer it, throw, or let the fake answer (return undefined). */
export type CallHook = (
  call: FakeCall,
  index: number,
) => TransportResponse | undefined | Promise<TransportResponse | undefined>;

export class FakeKms {
  readonly calls: FakeCall[] = [];
  readonly transports: TransportOptions[] = [];
  closed = 0;
  hook: CallHook | undefined;
  /** Called after a ListSecrets answer is computed (to mutate the set between pages). */
  afterList: ((index: number) => void) | undefined;
  tagCap = 4000;

  constructor(public secrets: FakeSecret[]) {}

  get listCalls(): number {
    return this.calls.filter((c) => c.action === "ListSecrets").length;
  }

  factory(): TransportFactory {
    return (options) => {
      this.transports.push(options);
      const transport: KmsTransport = {
        call: async (action, params, callOptions) => {
          const call = { action, params: { ...params }, timeoutMs: callOptions.timeoutMs };
          const index = this.calls.length;
          this.calls.push(call);
          await Promise.resolve();
          const hooked = await this.hook?.(call, index);
          if (hooked) return hooked;
          const body = this.listSecrets(params);
          this.afterList?.(index);
          return { body, httpStatus: 200, requestId: String(body["RequestId"]) };
        },
        close: () => {
          this.closed++;
        },
      };
      return transport;
    };
  }

  /** The same semantics as the emulator: filters ANDed, values ORed, tag cap 4,000. */
  listSecrets(params: Readonly<Record<string, string>>): Record<string, unknown> {
    const pageNumber = Number(params["PageNumber"] ?? "1");
    const pageSize = Number(params["PageSize"] ?? "10");
    const fetchTags = params["FetchTags"] === "true";
    const filters = JSON.parse(params["Filters"] ?? "[]") as { Key: string; Values: string[] }[];
    const matched = this.secrets.filter((s) =>
      filters.every((f) => {
        const tags = s.Tags ?? [];
        switch (f.Key) {
          case "SecretName":
            return f.Values.includes(s.SecretName);
          case "SecretType":
            return f.Values.includes(s.SecretType ?? "");
          case "TagKey":
            return tags.some((t) => f.Values.includes(t.TagKey));
          case "TagValue":
            return tags.some((t) => f.Values.includes(t.TagValue));
          default:
            return false;
        }
      }),
    );
    const tagFiltered = filters.some((f) => f.Key === "TagKey" || f.Key === "TagValue");
    const total = tagFiltered ? Math.min(matched.length, this.tagCap) : matched.length;
    const start = (pageNumber - 1) * pageSize;
    const page = matched.slice(start, Math.max(start, Math.min(start + pageSize, total)));
    return {
      PageNumber: pageNumber,
      PageSize: pageSize,
      RequestId: `req-${this.calls.length}`,
      TotalCount: total,
      SecretList: {
        Secret: page.map((s) => {
          const { Tags, ...rest } = s;
          return fetchTags ? { ...rest, Tags: { Tag: Tags ?? [] } } : rest;
        }),
      },
    };
  }
}

/** A made-up key, different every run (never anything that looks like a real key). */
export function testKey(): { id: string; secret: string; token: string } {
  const r = (): string => Math.random().toString(36).slice(2, 12);
  return {
    id: `testkey-${r()}`,
    secret: `testsecret-${r()}${r()}`,
    token: `teststs+${r()}/${r()}==`,
  };
}

/** A context with made-up credentials, a region, tiny backoff and a private rate limiter. */
export function fakeContext(fake: FakeKms, extra: Partial<LookupContext> = {}): LookupContext {
  const key = testKey();
  return {
    env: {
      ALIBABA_CLOUD_ACCESS_KEY_ID: key.id,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.secret,
      ALIBABA_CLOUD_REGION_ID: "cn-hangzhou",
    },
    homeDir: "/nonexistent-home-for-tests",
    transport: fake.factory(),
    retry: { baseDelayMs: 1, throttlingBaseDelayMs: 1, maxDelayMs: 2 },
    rateLimit: { requestsPerSecond: 100_000, burst: 1000 },
    ...extra,
  };
}
