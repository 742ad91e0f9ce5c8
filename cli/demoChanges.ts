/**
 * The demo's step 5 and 6 checks: the four changes it makes to the emulator's data, chosen
 * deterministically from the demo set, and what the drift report must say about them.
 */
import type { SeedSecret } from "../emulator/types";
import type { DriftReport } from "./drift";

/** The four changes step 5 makes, chosen deterministically from the demo set. */
export interface DemoChanges {
  added: SeedSecret;
  removed: SeedSecret;
  retagged: { before: SeedSecret; after: SeedSecret; key: string };
  scheduled: { before: SeedSecret; after: SeedSecret };
}

export function tagValue(secret: SeedSecret, key: string): string | undefined {
  return secret.Tags?.Tag.find((t) => t.TagKey === key)?.TagValue;
}

export function planDemoChanges(seed: readonly SeedSecret[], now: Date): DemoChanges {
  const live = seed.filter((s) => s.PlannedDeleteTime === undefined);
  const used = new Set<string>();
  const take = (predicate: (s: SeedSecret) => boolean, what: string): SeedSecret => {
    const found = live.find((s) => !used.has(s.SecretName) && predicate(s));
    if (!found) throw new Error(`demo set has no secret to ${what}`);
    used.add(found.SecretName);
    return found;
  };
  const scheduledBefore = take((s) => s.SecretType === "Rds", "schedule for deletion");
  const retagBefore = take((s) => tagValue(s, "env") === "staging", "retag");
  const removed = take((s) => tagValue(s, "env") === "dev", "remove");
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, "Z");
  const in7Days = new Date(now.getTime() + 7 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  return {
    added: {
      SecretName: "prod/payments/checkout/db-password-hotfix",
      SecretType: "Generic",
      CreateTime: stamp,
      UpdateTime: stamp,
      Tags: {
        Tag: [
          { TagKey: "env", TagValue: "prod" },
          { TagKey: "team", TagValue: "payments" },
          { TagKey: "app", TagValue: "checkout" },
        ],
      },
      SecretData: "added-during-the-demo",
    },
    removed,
    retagged: {
      before: retagBefore,
      key: "env",
      after: {
        ...retagBefore,
        Tags: {
          Tag: (retagBefore.Tags?.Tag ?? []).map((t) =>
            t.TagKey === "env" ? { ...t, TagValue: "prod" } : t,
          ),
        },
      },
    },
    scheduled: {
      before: scheduledBefore,
      after: { ...scheduledBefore, PlannedDeleteTime: in7Days },
    },
  };
}

/** What the drift report must say about the changes; returns the problems found. */
export function checkDriftReport(report: DriftReport, changes: DemoChanges): string[] {
  const problems: string[] = [];
  const expectSame = (what: string, actual: unknown, expected: unknown): void => {
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      problems.push(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    }
  };
  expectSame("added", report.added, [changes.added.SecretName]);
  expectSame("removed", report.removed, [changes.removed.SecretName]);
  const changed = new Map(report.changed.map((c) => [c.secretName, c.changes]));
  expectSame(
    "changed secrets",
    [...changed.keys()].sort(),
    [changes.retagged.before.SecretName, changes.scheduled.before.SecretName].sort(),
  );
  expectSame("retag", changed.get(changes.retagged.before.SecretName), [
    {
      field: "tags",
      key: "env",
      before: tagValue(changes.retagged.before, "env"),
      after: "prod",
    },
  ]);
  expectSame("scheduled deletion", changed.get(changes.scheduled.before.SecretName), [
    { field: "plannedDeleteTime", before: null, after: changes.scheduled.after.PlannedDeleteTime },
  ]);
  expectSame("required", report.requirementFailures, [
    {
      secretName: changes.scheduled.before.SecretName,
      regionId: report.live.region,
      problem: "scheduled-for-deletion",
      plannedDeleteTime: changes.scheduled.after.PlannedDeleteTime,
    },
  ]);
  return problems;
}
