/**
 * Sorts secrets by name in code-unit order (what `Array#sort` without a comparator gives for
 * strings) with a multikey quicksort: one character position at a time, so shared prefixes
 * (`prod/payments/...`) are compared once per partition, not once per pair.
 */

/** Sorts `items` in place by `name(item)` and returns it (equal names: any order). */
export function sortByName<T>(items: T[], name: (item: T) => string): T[] {
  const keys = items.map(name);
  const order = keys.map((_, i) => i);
  multikey(order, keys, 0, order.length - 1, 0);
  const sorted = order.map((i) => items[i] as T);
  for (let i = 0; i < sorted.length; i++) items[i] = sorted[i] as T;
  return items;
}

const SMALL = 12;

/** Bentley–Sedgewick three-way radix quicksort of `order[lo..hi]`, all equal in their first `depth` code units. */
function multikey(order: number[], keys: string[], lo: number, hi: number, depth: number): void {
  while (hi - lo >= SMALL) {
    const at = (i: number): number => {
      const key = keys[order[i] as number] as string;
      return depth < key.length ? key.charCodeAt(depth) : -1;
    };
    swap(order, lo, (lo + hi) >>> 1);
    const pivot = at(lo);
    let lt = lo;
    let gt = hi;
    let i = lo + 1;
    while (i <= gt) {
      const c = at(i);
      if (c < pivot) swap(order, lt++, i++);
      else if (c > pivot) swap(order, i, gt--);
      else i++;
    }
    if (pivot >= 0) multikey(order, keys, lt, gt, depth + 1);
    // recurse into the smaller side and loop on the larger: the stack stays O(log n)
    if (lt - lo < hi - gt) {
      multikey(order, keys, lo, lt - 1, depth);
      lo = gt + 1;
    } else {
      multikey(order, keys, gt + 1, hi, depth);
      hi = lt - 1;
    }
  }
  insertionSort(order, keys, lo, hi);
}

function insertionSort(order: number[], keys: string[], lo: number, hi: number): void {
  for (let i = lo + 1; i <= hi; i++) {
    const moving = order[i] as number;
    const key = keys[moving] as string;
    let j = i - 1;
    while (j >= lo && (keys[order[j] as number] as string) > key) {
      order[j + 1] = order[j] as number;
      j--;
    }
    order[j + 1] = moving;
  }
}

function swap(order: number[], a: number, b: number): void {
  const t = order[a] as number;
  order[a] = order[b] as number;
  order[b] = t;
}
