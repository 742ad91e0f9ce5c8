/**
 * The obvious loop: PageSize 100, one page after another until TotalCount is reached,
 * retrying throttling after a fixed 1 s. What a careful user writes in an afternoon.
 */
import { BenchTarget, errorCode, listPage, popClient, sleep } from "./popList";

export async function naiveList(target: BenchTarget): Promise<number> {
  const client = popClient(target);
  let fetched = 0;
  for (let pageNumber = 1; ; pageNumber++) {
    let page;
    for (let attempt = 0; ; attempt++) {
      try {
        page = await listPage(client, pageNumber, 100);
        break;
      } catch (err) {
        if (attempt >= 10 || !/Throttling|ServiceUnavailable/.test(errorCode(err))) throw err;
        await sleep(1_000);
      }
    }
    fetched += page.SecretList?.Secret?.length ?? 0;
    if (fetched >= (page.TotalCount ?? 0) || (page.SecretList?.Secret?.length ?? 0) === 0) break;
  }
  return fetched;
}
