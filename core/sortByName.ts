/**
 * Sorts items by name in code-unit order, in place: the engine's Array#sort (TimSort, stable)
 * with a comparator over the names; no map from names to items and no copy (docs/benchmark.md).
 */

/** Sorts `items` in place by `name(item)` and returns it (equal names keep their order). */
export function sortByName<T>(items: T[], name: (item: T) => string): T[] {
  return items.sort((a, b) => {
    const x = name(a);
    const y = name(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
