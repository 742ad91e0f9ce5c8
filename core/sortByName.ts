/**
 * Sorts secrets by name in code-unit order with the engine's own string sort (Array#sort without
 * a comparator: built in, so as fast in a cold process as in a warm one) over the distinct names,
 * then puts the items back in that order through a map from name to items.
 */

/** Sorts `items` in place by `name(item)` and returns it (equal names: any order). */
export function sortByName<T>(items: T[], name: (item: T) => string): T[] {
  const firstOf = new Map<string, number>();
  // items after the first with the same name, as a chain of indexes (-1 ends it)
  const next = new Int32Array(items.length).fill(-1);
  const names: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const key = name(items[i] as T);
    const first = firstOf.get(key);
    if (first === undefined) {
      firstOf.set(key, i);
      names.push(key);
    } else {
      next[i] = next[first] as number;
      next[first] = i;
    }
  }
  names.sort();
  const copy = items.slice();
  let k = 0;
  for (const key of names) {
    for (let i = firstOf.get(key) as number; i !== -1; i = next[i] as number) {
      items[k++] = copy[i] as T;
    }
  }
  return items;
}
