/** ListSecrets semantics as the API reference documents them. */
import {
  startEmulator,
  TAG_FILTER_RESULT_CAP,
  type EmulatorHandle,
  type SeedSecret,
} from "../emulator";
import { sendSigned, type RawResponse } from "./helpers/emulatorSigner";

/** The success example of the ListSecrets API reference, verbatim. */
const REFERENCE_EXAMPLE = {
  PageNumber: 1,
  PageSize: 2,
  RequestId: "6a6287a0-ff34-4780-a790-fdfca900557f",
  TotalCount: 55,
  SecretList: {
    Secret: [
      {
        SecretName: "secret001",
        UpdateTime: "2024-07-17T07:59:05Z",
        SecretType: "Generic",
        PlannedDeleteTime: "2024-08-17T07:59:05Z",
        CreateTime: "2024-07-17T07:59:05Z",
        Tags: { Tag: [{ TagValue: "val1", TagKey: "key1" }] },
        OwingService: "",
      },
    ],
  },
};

const key = { accessKeyId: "testkey-list", accessKeySecret: `list-${Math.random()}` };

interface Page {
  PageNumber: number;
  PageSize: number;
  TotalCount: number;
  SecretList: { Secret: Record<string, unknown>[] };
}

function call(
  emu: EmulatorHandle,
  params: Record<string, string | number> = {},
): Promise<RawResponse> {
  return sendSigned({ endpoint: emu.endpoint, accessKey: key, action: "ListSecrets", params });
}

async function page(
  emu: EmulatorHandle,
  params: Record<string, string | number> = {},
): Promise<Page> {
  const res = await call(emu, params);
  expect(res.status).toBe(200);
  return res.json as unknown as Page;
}

function names(p: Page): string[] {
  return p.SecretList.Secret.map((s) => s["SecretName"] as string);
}

describe("the API reference example", () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    const seed: SeedSecret[] = [REFERENCE_EXAMPLE.SecretList.Secret[0] as SeedSecret];
    for (let i = 2; i <= 55; i++) {
      seed.push({
        SecretName: `secret${String(i).padStart(3, "0")}`,
        CreateTime: "2024-07-17T07:59:05Z",
        OwingService: "",
      });
    }
    emu = await startEmulator({ accessKeys: [key], seed });
  });
  afterAll(() => emu.close());

  it("PageNumber 1, PageSize 2 answers exactly the reference's shape", async () => {
    const res = await page(emu, { PageNumber: 1, PageSize: 2, FetchTags: "true" });
    expect(Object.keys(res)).toEqual(Object.keys(REFERENCE_EXAMPLE));
    expect({
      ...res,
      RequestId: REFERENCE_EXAMPLE.RequestId,
      SecretList: { Secret: res.SecretList.Secret.slice(0, 1) },
    }).toEqual(REFERENCE_EXAMPLE);
    const [first, second] = res.SecretList.Secret;
    expect(Object.keys(first ?? {})).toEqual(
      Object.keys(REFERENCE_EXAMPLE.SecretList.Secret[0] ?? {}),
    );
    expect(second).toEqual({
      SecretName: "secret002",
      UpdateTime: "2024-07-17T07:59:05Z",
      SecretType: "Generic",
      CreateTime: "2024-07-17T07:59:05Z",
      Tags: { Tag: [] },
      OwingService: "",
    });
  });

  it("Tags appear only with FetchTags=true", async () => {
    expect((await page(emu, { PageSize: 1 })).SecretList.Secret[0]).not.toHaveProperty("Tags");
    expect(
      (await page(emu, { PageSize: 1, FetchTags: "false" })).SecretList.Secret[0],
    ).not.toHaveProperty("Tags");
    expect(
      (await page(emu, { PageSize: 1, FetchTags: "true" })).SecretList.Secret[0],
    ).toHaveProperty("Tags");
  });
});

describe("paging", () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startEmulator({ accessKeys: [key], demo: 95 });
  });
  afterAll(() => emu.close());

  it("defaults to PageNumber 1 and PageSize 10", async () => {
    const res = await page(emu);
    expect([res.PageNumber, res.PageSize, res.TotalCount, res.SecretList.Secret.length]).toEqual([
      1, 10, 95, 10,
    ]);
  });

  it("pages cover every secret exactly once in a stable CreateTime-then-name order", async () => {
    const seen: Record<string, unknown>[] = [];
    for (let n = 1; n <= 4; n++)
      seen.push(...(await page(emu, { PageNumber: n, PageSize: 30 })).SecretList.Secret);
    expect(seen).toHaveLength(95);
    expect(new Set(seen.map((s) => s["SecretName"])).size).toBe(95);
    const keys = seen.map((s) => [s["CreateTime"] as string, s["SecretName"] as string] as const);
    const sorted = [...keys].sort((a, b) =>
      a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] < b[1] ? -1 : 1,
    );
    expect(keys).toEqual(sorted);
    const again = await page(emu, { PageNumber: 2, PageSize: 30 });
    expect(names(again)).toEqual(seen.slice(30, 60).map((s) => s["SecretName"]));
  });

  it("a page past the end is empty and still reports TotalCount", async () => {
    const res = await page(emu, { PageNumber: 11, PageSize: 10 });
    expect(res.SecretList.Secret).toEqual([]);
    expect(res.TotalCount).toBe(95);
    expect(res.PageNumber).toBe(11);
  });

  it("PageSize 100 is allowed", async () => {
    expect((await page(emu, { PageSize: 100 })).SecretList.Secret).toHaveLength(95);
  });
});

describe("validation: InvalidParameter 400", () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startEmulator({ accessKeys: [key], demo: 5 });
  });
  afterAll(() => emu.close());

  const tooMany = Array.from({ length: 11 }, () => ({ Key: "SecretName", Values: ["a"] }));
  const cases: [string, Record<string, string | number>][] = [
    ["PageNumber 0", { PageNumber: 0 }],
    ["PageNumber -1", { PageNumber: -1 }],
    ["PageNumber not a number", { PageNumber: "one" }],
    ["PageNumber fractional", { PageNumber: "1.5" }],
    ["PageNumber empty", { PageNumber: "" }],
    ["PageSize 0", { PageSize: 0 }],
    ["PageSize 101", { PageSize: 101 }],
    ["PageSize not a number", { PageSize: "ten" }],
    ["FetchTags not a boolean", { FetchTags: "yes" }],
    ["Filters not JSON", { Filters: "SecretName=a" }],
    ["Filters not a list", { Filters: JSON.stringify({ Key: "SecretName", Values: ["a"] }) }],
    ["Filters with 11 conditions", { Filters: JSON.stringify(tooMany) }],
    [
      "Filters with 11 values",
      {
        Filters: JSON.stringify([
          { Key: "TagKey", Values: Array.from({ length: 11 }, (_, i) => `k${i}`) },
        ]),
      },
    ],
    ["Filters with an unknown Key", { Filters: JSON.stringify([{ Key: "Name", Values: ["a"] }]) }],
    [
      "Filters with a lower-case key",
      { Filters: JSON.stringify([{ Key: "secretname", Values: ["a"] }]) },
    ],
    ["Filters without Values", { Filters: JSON.stringify([{ Key: "SecretName" }]) }],
    [
      "Filters with a non-string value",
      { Filters: JSON.stringify([{ Key: "SecretName", Values: [1] }]) },
    ],
    [
      "Filters with Values not a list",
      { Filters: JSON.stringify([{ Key: "SecretName", Values: "a" }]) },
    ],
    ["Filters with a non-object condition", { Filters: JSON.stringify(["SecretName"]) }],
  ];

  it.each(cases)("%s", async (_label, params) => {
    const res = await call(emu, params);
    expect({ status: res.status, code: res.json?.["Code"] }).toEqual({
      status: 400,
      code: "InvalidParameter",
    });
    const named = Object.keys(params)[0] as string;
    expect(res.json?.["Message"]).toContain(`"${named}"`);
  });

  it("the boundaries are accepted", async () => {
    const ten = Array.from({ length: 10 }, (_, i) => ({
      Key: "TagKey",
      Values: Array.from({ length: 10 }, (_, j) => `k${i}-${j}`),
    }));
    const boundaries: Record<string, string | number>[] = [
      { PageNumber: 1, PageSize: 1 },
      { PageSize: 100 },
      { FetchTags: "TRUE" },
      { Filters: JSON.stringify(ten) },
      { Filters: "[]" },
    ];
    for (const params of boundaries) {
      expect((await call(emu, params)).status).toBe(200);
    }
  });
});

describe("Filters", () => {
  let emu: EmulatorHandle;
  const t = (pairs: Record<string, string>) => ({
    Tag: Object.entries(pairs).map(([TagKey, TagValue]) => ({ TagKey, TagValue })),
  });
  const seed: SeedSecret[] = [
    {
      SecretName: "a",
      CreateTime: "2024-01-01T00:00:01Z",
      SecretType: "Generic",
      Description: "alpha",
      Creator: "111",
      Tags: t({ env: "prod", team: "pay" }),
    },
    {
      SecretName: "b",
      CreateTime: "2024-01-01T00:00:02Z",
      SecretType: "Rds",
      Description: "beta",
      Creator: "222",
      DKMSInstanceId: "kst-1",
      Tags: t({ env: "dev", team: "prod" }),
    },
    {
      SecretName: "c/d.e",
      CreateTime: "2024-01-01T00:00:03Z",
      SecretType: "Redis",
      Description: "alpha",
      Creator: "111",
      DKMSInstanceId: "kst-2",
      Tags: t({ env: "prod" }),
    },
    {
      SecretName: "密钥",
      CreateTime: "2024-01-01T00:00:04Z",
      SecretType: "Generic",
      Creator: "333",
    },
  ];
  beforeAll(async () => {
    emu = await startEmulator({ accessKeys: [key], seed });
  });
  afterAll(() => emu.close());

  const list = async (filters: unknown) =>
    names(await page(emu, { Filters: JSON.stringify(filters), PageSize: 100 }));

  it.each<[string, unknown, string[]]>([
    [
      "SecretName (exact, ORed)",
      [{ Key: "SecretName", Values: ["a", "c/d.e", "c"] }],
      ["a", "c/d.e"],
    ],
    ["SecretName unicode", [{ Key: "SecretName", Values: ["密钥"] }], ["密钥"]],
    ["Description", [{ Key: "Description", Values: ["alpha"] }], ["a", "c/d.e"]],
    ["TagKey", [{ Key: "TagKey", Values: ["team"] }], ["a", "b"]],
    ["TagValue (any tag)", [{ Key: "TagValue", Values: ["prod"] }], ["a", "b", "c/d.e"]],
    ["DKMSInstanceId", [{ Key: "DKMSInstanceId", Values: ["kst-1", "kst-2"] }], ["b", "c/d.e"]],
    ["SecretType", [{ Key: "SecretType", Values: ["Rds", "Redis"] }], ["b", "c/d.e"]],
    ["Creator", [{ Key: "Creator", Values: ["111"] }], ["a", "c/d.e"]],
    [
      "different keys are ANDed",
      [
        { Key: "Creator", Values: ["111"] },
        { Key: "SecretType", Values: ["Generic"] },
      ],
      ["a"],
    ],
    // TagKey and TagValue are independent conditions: "b" has env=dev and team=prod, and still matches.
    [
      "TagKey AND TagValue need not be the same tag",
      [
        { Key: "TagKey", Values: ["env"] },
        { Key: "TagValue", Values: ["prod"] },
      ],
      ["a", "b", "c/d.e"],
    ],
    ["empty Values match nothing", [{ Key: "SecretName", Values: [] }], []],
    ["no conditions match everything", [], ["a", "b", "c/d.e", "密钥"]],
  ])("%s", async (_label, filters, expected) => {
    expect(await list(filters)).toEqual(expected);
  });

  it("TotalCount counts the filtered set", async () => {
    const res = await page(emu, {
      Filters: JSON.stringify([{ Key: "TagKey", Values: ["env"] }]),
      PageSize: 1,
    });
    expect([res.TotalCount, names(res)]).toEqual([3, ["a"]]);
  });

  it("sees secrets added and removed while running", async () => {
    emu.putSecret({ SecretName: "new", CreateTime: "2024-01-01T00:00:00Z", Creator: "111" });
    expect(await list([{ Key: "Creator", Values: ["111"] }])).toEqual(["new", "a", "c/d.e"]);
    expect(emu.removeSecret("new")).toBe(true);
    expect(emu.removeSecret("new")).toBe(false);
    expect(await list([{ Key: "Creator", Values: ["111"] }])).toEqual(["a", "c/d.e"]);
  });
});

describe("the 4,000 result cap of tag filters", () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    const seed: SeedSecret[] = Array.from({ length: 4100 }, (_, i) => ({
      SecretName: `s-${String(i).padStart(5, "0")}`,
      CreateTime: "2024-01-01T00:00:00Z",
      Tags: { Tag: [{ TagKey: "env", TagValue: "prod" }] },
    }));
    emu = await startEmulator({ accessKeys: [key], seed });
  });
  afterAll(() => emu.close());

  it.each(["TagKey", "TagValue"])(
    "a %s filter returns at most 4,000 and TotalCount says so",
    async (filterKey) => {
      const filters = JSON.stringify([
        { Key: filterKey, Values: [filterKey === "TagKey" ? "env" : "prod"] },
      ]);
      const last = await page(emu, { Filters: filters, PageSize: 100, PageNumber: 40 });
      expect(last.TotalCount).toBe(TAG_FILTER_RESULT_CAP);
      expect(names(last)).toHaveLength(100);
      expect(names(last).at(-1)).toBe("s-03999");
      expect(
        (await page(emu, { Filters: filters, PageSize: 100, PageNumber: 41 })).SecretList.Secret,
      ).toEqual([]);
    },
  );

  it("other filters are not capped", async () => {
    const res = await page(emu, {
      Filters: JSON.stringify([{ Key: "SecretType", Values: ["Generic"] }]),
      PageSize: 100,
      PageNumber: 41,
    });
    expect(res.TotalCount).toBe(4100);
    expect(names(res)).toHaveLength(100);
  });
});
