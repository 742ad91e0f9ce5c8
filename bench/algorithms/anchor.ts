/**
 * For reference only: Terraform's `alicloud_kms_secrets` listing (what `alicloud.kms.getSecrets`
 * runs): PageSize 50 one page after another until a short page; NeedRetry retried 3 s, 6 s, ...
 * for up to 5 minutes; details one call after another. See docs/benchmark.md.
 */
import {
  BaselineRun,
  BenchTarget,
  errorCode,
  listPage,
  popClient,
  secretDetails,
  sleep,
  timedRun,
  RawPage,
} from "./popList";

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

export function anchorList(
  target: BenchTarget,
  details: boolean,
  sample = 0,
): Promise<BaselineRun> {
  const client = popClient(target);
  const listing = async (): Promise<string[]> => {
    const names: string[] = [];
    for (let pageNumber = 1; ; pageNumber++) {
      const page: RawPage = await retrying(() => listPage(client, pageNumber, PAGE_SIZE_LARGE));
      const secrets = page.SecretList?.Secret ?? [];
      for (const secret of secrets) names.push(secret.SecretName);
      if (secrets.length < PAGE_SIZE_LARGE) return names;
    }
  };
  const perSecret = details ? (name: string) => secretDetails(client, name, retrying) : undefined;
  return timedRun(listing, perSecret, sample);
}
