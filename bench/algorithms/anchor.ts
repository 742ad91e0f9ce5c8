/**
 * For reference only: a faithful reimplementation of the listing algorithm of Terraform's
 * `alicloud_kms_secrets` data source (what `alicloud.kms.getSecrets` runs):
 * - PageSize 50 (PageSizeLarge), pages fetched one after another;
 * - stops on a short page, so N a multiple of 50 costs one extra, empty page;
 * - retries `NeedRetry` errors (throttling, ServiceUnavailable, ...) after incrementalWait(3s, 3s)
 *   (3 s, then 6 s, 9 s, ...), for up to 5 minutes;
 * - with details, two sequential calls per secret (DescribeSecret, then GetSecretValue).
 */
import { BenchTarget, errorCode, listPage, popClient, sleep, RawPage } from "./popList";

const PAGE_SIZE_LARGE = 50;
const RETRY_FOR_MS = 5 * 60_000;

/** The error codes Terraform's NeedRetry treats as transient (as they apply to KMS). */
function needRetry(code: string): boolean {
  return (
    code.startsWith("Throttling") ||
    code === "Rejected.Throttling" ||
    code === "ServiceUnavailable" ||
    code === "InternalError" ||
    code === "InternalFailure" ||
    code === "SystemBusy" ||
    code === "ServiceTimeout"
  );
}

async function retrying<T>(call: () => Promise<T>): Promise<T> {
  const started = Date.now();
  let waitMs = 3_000;
  for (;;) {
    try {
      return await call();
    } catch (err) {
      if (!needRetry(errorCode(err)) || Date.now() - started > RETRY_FOR_MS) throw err;
      await sleep(waitMs);
      waitMs += 3_000;
    }
  }
}

export async function anchorList(target: BenchTarget, enableDetails = false): Promise<number> {
  const client = popClient(target);
  const names: string[] = [];
  for (let pageNumber = 1; ; pageNumber++) {
    const page: RawPage = await retrying(() => listPage(client, pageNumber, PAGE_SIZE_LARGE));
    const secrets = page.SecretList?.Secret ?? [];
    for (const secret of secrets) names.push(secret.SecretName);
    if (secrets.length < PAGE_SIZE_LARGE) break;
  }
  if (enableDetails) {
    for (const name of names) {
      await retrying(() =>
        client.request("DescribeSecret", { SecretName: name }, { method: "POST", timeout: 10_000 }),
      );
      await retrying(() =>
        client.request("GetSecretValue", { SecretName: name }, { method: "POST", timeout: 10_000 }),
      );
    }
  }
  return names.length;
}
