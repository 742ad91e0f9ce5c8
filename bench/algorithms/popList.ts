/**
 * The reference implementations' plumbing over pop-core: one ListSecrets page (POST, signed
 * V1, parsed by pop-core), the per-secret calls, and what a sequential run reports.
 */
import RPCClient from "@alicloud/pop-core";

export interface BenchTarget {
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
}

export interface RawPage {
  TotalCount?: number;
  SecretList?: { Secret?: { SecretName: string; Tags?: { Tag?: unknown[] } }[] };
}

/** A sequential baseline's run: the listing, then the per-secret calls of `detailsFor` secrets. */
export interface BaselineRun {
  count: number;
  detailsFor: number;
  listingMs: number;
  listingCpuUs: number;
  detailsMs: number;
  detailsCpuUs: number;
}

export function popClient(target: BenchTarget): RPCClient {
  return new RPCClient({
    endpoint: target.endpoint,
    apiVersion: "2016-01-20",
    accessKeyId: target.accessKeyId,
    accessKeySecret: target.accessKeySecret,
  });
}

export async function listPage(
  client: RPCClient,
  pageNumber: number,
  pageSize: number,
): Promise<RawPage> {
  return (await client.request(
    "ListSecrets",
    { PageNumber: pageNumber, PageSize: pageSize },
    { method: "POST", timeout: 10_000 },
  )) as RawPage;
}

/** DescribeSecret, then GetSecretValue (what Terraform's enable_details fetches), each retried. */
export async function secretDetails(
  client: RPCClient,
  name: string,
  retrying: <T>(call: () => Promise<T>) => Promise<T>,
): Promise<void> {
  for (const action of ["DescribeSecret", "GetSecretValue"]) {
    await retrying(() =>
      client.request(action, { SecretName: name }, { method: "POST", timeout: 10_000 }),
    );
  }
}

/** Times `listing`, then the per-secret calls for the first `sample` names (0: all). */
export async function timedRun(
  listing: () => Promise<string[]>,
  details: ((name: string) => Promise<void>) | undefined,
  sample: number,
): Promise<BaselineRun> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const names = await listing();
  const listingMs = performance.now() - t0;
  const c1 = process.cpuUsage(c0);
  const todo = details ? (sample > 0 ? names.slice(0, sample) : names) : [];
  for (const name of todo) await details?.(name);
  const c2 = process.cpuUsage(c0);
  return {
    count: names.length,
    detailsFor: todo.length,
    listingMs,
    listingCpuUs: c1.user + c1.system,
    detailsMs: performance.now() - t0 - listingMs,
    detailsCpuUs: c2.user + c2.system - (c1.user + c1.system),
  };
}

export function errorCode(err: unknown): string {
  if (err && typeof err === "object" && "code" in err) return String(err.code);
  return "Unknown";
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
