import { compareListings, formatDriftJson, formatDriftText, resolveDriftField } from "../cli/drift";
import { result, secret } from "./helpers/cliFixtures";

const T0 = "2024-07-17T07:59:05Z";
const T1 = "2024-09-01T00:00:00Z";

const baseline = result([
  secret("keep", { tags: { env: "prod" } }),
  secret("gone"),
  secret("retag", { tags: { env: "dev", owner: "a" } }),
  secret("retype"),
  secret("doomed"),
  secret("restored", { plannedDeleteTime: T1 }),
  secret("touched"),
  secret("handed-over", { owingService: "rds" }),
]);

const live = result([
  secret("keep", { tags: { env: "prod" } }),
  secret("new"),
  secret("retag", { tags: { env: "prod", team: "x" }, updateTime: T1 }),
  secret("retype", { secretType: "Rds" }),
  secret("doomed", { plannedDeleteTime: T1 }),
  secret("restored"),
  secret("touched", { updateTime: T1 }),
  secret("handed-over", { owingService: "polardb" }),
]);

describe("drift comparison", () => {
  test("identical listings: no drift", () => {
    const report = compareListings(baseline, baseline);
    expect(report).toMatchObject({ drift: false, requirementsMet: true, added: [], removed: [] });
    expect(report.changed).toEqual([]);
    expect(formatDriftText(report, "b.json")).toMatch(/No drift \(0 added, 0 removed, 0 changed\)/);
  });

  test("reports each kind of change, field by field", () => {
    const report = compareListings(baseline, live);
    expect(report.drift).toBe(true);
    expect(report.added).toEqual(["new"]);
    expect(report.removed).toEqual(["gone"]);
    expect(report.changed).toEqual([
      {
        id: "doomed",
        secretName: "doomed",
        regionId: "cn-hangzhou",
        changes: [{ field: "plannedDeleteTime", before: null, after: T1 }],
      },
      {
        id: "handed-over",
        secretName: "handed-over",
        regionId: "cn-hangzhou",
        changes: [{ field: "owingService", before: "rds", after: "polardb" }],
      },
      {
        id: "restored",
        secretName: "restored",
        regionId: "cn-hangzhou",
        changes: [{ field: "plannedDeleteTime", before: T1, after: null }],
      },
      {
        id: "retag",
        secretName: "retag",
        regionId: "cn-hangzhou",
        changes: [
          { field: "updateTime", before: T0, after: T1 },
          { field: "tags", key: "env", before: "dev", after: "prod" },
          { field: "tags", key: "owner", before: "a", after: null },
          { field: "tags", key: "team", before: null, after: "x" },
        ],
      },
      {
        id: "retype",
        secretName: "retype",
        regionId: "cn-hangzhou",
        changes: [{ field: "secretType", before: "Generic", after: "Rds" }],
      },
      {
        id: "touched",
        secretName: "touched",
        regionId: "cn-hangzhou",
        changes: [{ field: "updateTime", before: T0, after: T1 }],
      },
    ]);
  });

  test("--ignore-field drops a field everywhere (and a secret whose only change it was)", () => {
    const report = compareListings(baseline, live, { ignoreFields: ["updateTime", "tags"] });
    expect(report.ignoredFields).toEqual(["updateTime", "tags"]);
    expect(report.changed.map((c) => c.secretName)).toEqual([
      "doomed",
      "handed-over",
      "restored",
      "retype",
    ]);
    expect(resolveDriftField("type")).toBe("secretType");
    expect(resolveDriftField("UPDATETIME")).toBe("updateTime");
    expect(resolveDriftField("scheduled-deletion")).toBe("plannedDeleteTime");
    expect(resolveDriftField("colour")).toBeUndefined();
  });

  test("--require fails for a missing or scheduled secret, even without drift", () => {
    const report = compareListings(live, live, { require: ["keep", "gone", "doomed", "keep"] });
    expect(report.drift).toBe(false);
    expect(report.requirementsMet).toBe(false);
    expect(report.requirementFailures).toEqual([
      {
        secretName: "doomed",
        regionId: "cn-hangzhou",
        problem: "scheduled-for-deletion",
        plannedDeleteTime: T1,
      },
      { secretName: "gone", regionId: "cn-hangzhou", problem: "missing" },
    ]);
    const text = formatDriftText(report, "b.json");
    expect(text).toContain("! required doomed is scheduled for deletion at " + T1);
    expect(text).toContain("! required gone is missing");
  });

  test("text report names every change", () => {
    const text = formatDriftText(compareListings(baseline, live), "b.json");
    expect(text).toContain("  + added    new\n");
    expect(text).toContain("  - removed  gone\n");
    expect(text).toContain("  ~ changed  retag\n");
    expect(text).toContain('tags.env: "dev" -> "prod"\n');
    expect(text).toContain('tags.team: (none) -> "x"  (tag added)\n');
    expect(text).toContain(`plannedDeleteTime: (none) -> "${T1}"  (scheduled for deletion)\n`);
    expect(text).toContain(`plannedDeleteTime: "${T1}" -> (none)  (deletion cancelled)\n`);
    expect(text).toContain('secretType: "Generic" -> "Rds"\n');
    expect(text).toContain('owingService: "rds" -> "polardb"\n');
    expect(text).toMatch(/Drift found: 1 added, 1 removed, 6 changed\.\n$/);
  });

  test("json report is stable: same input, same bytes, fixed key order", () => {
    const a = formatDriftJson(compareListings(baseline, live));
    const reversed = result([...live.secrets].reverse());
    const b = formatDriftJson(compareListings(baseline, reversed));
    expect(b).toBe(a);
    expect(Object.keys(JSON.parse(a) as object)).toEqual([
      "schemaVersion",
      "drift",
      "requirementsMet",
      "failOn",
      "failed",
      "baselineCreated",
      "baseline",
      "live",
      "unreadableRegions",
      "ignoredFields",
      "added",
      "removed",
      "changed",
      "unreadableSecrets",
      "requirementFailures",
    ]);
  });
});
