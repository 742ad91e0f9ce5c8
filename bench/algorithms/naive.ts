/**
 * The obvious loop: PageSize 100, one page after another until TotalCount is reached,
 * retrying throttling after a fixed 1 s; with details, the two calls per secret in turn.
 * What a careful user writes in an afternoon.
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
} from "./popList";

async function retrying<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (attempt >= 10 || !/Throttling|ServiceUnavailable/.test(errorCode(err))) throw err;
      await sleep(1_000);
    }
  }
}

export function naiveList(target: BenchTarget, details: boolean, sample = 0): Promise<BaselineRun> {
  const client = popClient(target);
  const listing = async (): Promise<string[]> => {
    const names: string[] = [];
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await retrying(() => listPage(client, pageNumber, 100));
      const secrets = page.SecretList?.Secret ?? [];
      for (const secret of secrets) names.push(secret.SecretName);
      if (names.length >= (page.TotalCount ?? 0) || secrets.length === 0) return names;
    }
  };
  const perSecret = details ? (name: string) => secretDetails(client, name, retrying) : undefined;
  return timedRun(listing, perSecret, sample);
}
