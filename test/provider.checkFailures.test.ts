/**
 * Check's failures come from the core's own parser (`lookupArgsIssues`, `splitRegionArgs`),
 * the one every face uses: same fields, same messages. Unknown arguments (preview) are left
 * out, and a combination an unknown argument may complete is not a failure.
 */
import { lookupArgsIssues } from "../core/parsedArgs";
import * as dynamic from "../provider/dynamic";
import { UNKNOWN_VALUE } from "../provider/dynamicState";

beforeEach(() => dynamic.resetDynamicProviderState());

async function failuresOf(news: Record<string, unknown>): Promise<Record<string, string>> {
  const result = await dynamic.check({}, news);
  return Object.fromEntries((result.failures ?? []).map((f) => [f.property, f.reason]));
}

test("the failures are the core parser's issues, by property", async () => {
  const args = {
    pageSize: 500,
    nameRegex: "(",
    filters: [{ Key: "Colour", Values: ["red"] }],
    colour: "red",
    versionStage: "ACSCurrent",
  };
  const expected = Object.fromEntries(
    lookupArgsIssues(args).map((i) => [dynamic.toPropertyPath(i.path), i.message]),
  );
  expect(Object.keys(expected).sort()).toEqual([
    "colour",
    "filters[0].Key",
    "nameRegex",
    "pageSize",
    "versionStage",
  ]);
  expect(await failuresOf({ __provider: "stub", ...args })).toEqual(expected);
});

test("a combination is checked only when every argument it may involve is known", async () => {
  expect(await failuresOf({ versionStage: "ACSCurrent" })).toEqual({
    versionStage: expect.stringMatching(/fetchValues/),
  });
  const preview = await dynamic.check(
    {},
    { versionStage: "ACSCurrent", fetchValues: UNKNOWN_VALUE },
  );
  expect(preview.failures).toEqual([]);
  // a bad known field is still named while another argument is unknown
  expect(await failuresOf({ versionStage: "", fetchValues: UNKNOWN_VALUE })).toEqual({
    versionStage: "must not be empty",
  });
});

test("region arguments are parsed by the core too, and combinations checked beside them", async () => {
  expect(
    await failuresOf({ regions: ["cn-hangzhou", "Not A Region"], skipForbidden: true }),
  ).toEqual({
    "regions[1]": expect.stringMatching(/region id/),
    skipForbidden: expect.stringMatching(/enableDetails or fetchValues/),
  });
});

test("what only the full parse sees (an endpoints entry, a bad configured endpoint) is a failure too", async () => {
  expect(
    await failuresOf({ regions: ["cn-hangzhou"], endpoints: { "cn-hangzhou": "ftp://x" } }),
  ).toEqual({ "endpoints.cn-hangzhou": expect.any(String) });
  await dynamic.configure({
    config: {
      get: (k) => (k === "kms-secrets:endpoint" ? "not a url" : undefined),
      require: () => "",
    },
  });
  expect(Object.keys(await failuresOf({ fetchTags: true }))).toEqual(["endpoint"]);
});
