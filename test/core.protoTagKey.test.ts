/** A tag whose key is __proto__ stays an ordinary tag: kept, and matched by the client-side TagKey filter. */
import { listSecrets } from "../core/lookup";
import { FakeKms, fakeContext, fakeSecrets } from "./helpers/coreFakes";

describe("a tag whose key is __proto__", () => {
  const protoTag = [{ TagKey: "__proto__", TagValue: "v" }];

  test("is kept as an ordinary tag of the secret", async () => {
    const fake = new FakeKms([
      ...fakeSecrets(2, "plain"),
      ...fakeSecrets(1, "proto", () => protoTag),
    ]);
    const result = await listSecrets({ fetchTags: true }, fakeContext(fake));
    const tags = result.secrets.find((s) => s.secretName.startsWith("proto"))?.tags ?? {};
    expect(Object.keys(tags)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(tags)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(tags)) as unknown).toEqual(JSON.parse('{"__proto__":"v"}'));
  });

  test("matches a TagKey filter applied on the client after the 4,000 cap (complete, not silently empty)", async () => {
    const fake = new FakeKms([
      ...fakeSecrets(4000, "proto", () => protoTag),
      ...fakeSecrets(3, "plain"),
    ]);
    const result = await listSecrets({ filters: { tagKey: ["__proto__"] } }, fakeContext(fake));
    // the fallback listed without the tag filter: every page of all 4,003 secrets
    expect(fake.calls.some((c) => !(c.params["Filters"] ?? "").includes("TagKey"))).toBe(true);
    expect(result.names).toHaveLength(4000);
    expect(result.names.every((n) => n.startsWith("proto-"))).toBe(true);
  });
});
