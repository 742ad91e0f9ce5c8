/**
 * One ListSecrets page over pop-core, the way the reference implementations call it:
 * POST, signed V1, JSON parsed by pop-core. Used by the anchor and naive algorithms only.
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

export function errorCode(err: unknown): string {
  if (err && typeof err === "object" && "code" in err) return String(err.code);
  return "Unknown";
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
