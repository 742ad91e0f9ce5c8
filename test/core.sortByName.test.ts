/** sortByName gives exactly the code-unit order of Array#sort, for any names. */
import fc from "fast-check";
import { sortByName } from "../core/sortByName";

describe("sortByName", () => {
  it("orders like Array#sort without a comparator (code units), shared prefixes and unicode included", () => {
    const name = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 12 }),
      fc.string({ unit: fc.constantFrom("a", "b", "/", "é", "密", "\ud83d\ude00"), maxLength: 20 }),
      fc.string({ maxLength: 3 }).map((s) => `prod/payments/checkout/${s}`),
    );
    fc.assert(
      fc.property(fc.array(name, { maxLength: 200 }), (names) => {
        const items = names.map((n, i) => ({ n, i }));
        const sorted = sortByName([...items], (x) => x.n).map((x) => x.n);
        expect(sorted).toEqual([...names].sort());
      }),
      { numRuns: 300 },
    );
  });

  it("sorts in place and keeps every item", () => {
    const items = Array.from({ length: 5000 }, (_, i) => ({ n: `k${(i * 7919) % 5000}` }));
    const same = sortByName(items, (x) => x.n);
    expect(same).toBe(items);
    expect(new Set(items).size).toBe(5000);
    expect(items.map((x) => x.n)).toEqual(items.map((x) => x.n).sort());
  });
});
