/** `npm start` = `node dist/cli/main.js demo`: the built demo, and the checks it relies on. */
import { existsSync } from "node:fs";
import { demoSecrets, startEmulator } from "../emulator";
import { checkDriftReport, planDemoChanges } from "../cli/demo";
import { compareSdkListing, listWithSdk } from "../cli/demoSdk";
import { keyEnv, stsKey } from "./helpers/coreEmulator";
import { compareListings } from "../cli/drift";
import { ensureBuilt } from "./helpers/builtDist";
import { runBuiltCli } from "./helpers/cliProcess";
import { result, secret } from "./helpers/cliFixtures";

// a stale dist/ is rebuilt first, which can take longer than a test
beforeAll(() => ensureBuilt(), 180_000);

describe("kms-secrets demo", () => {
  test("runs the six numbered steps, catches the drift with exit code 1, and exits 0", async () => {
    const run = await runBuiltCli(["demo"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    for (let n = 1; n <= 6; n++) expect(run.stdout).toContain(`Step ${n}/6. `);
    expect(run.stdout).toMatch(
      /-> 300 secrets \(\d+ scheduled for deletion\) in \d+ signed ListSecrets requests; signatures rejected: 0/,
    );
    // the SDK call alongside the CLI: the core's listSecrets in-process, the same 300 secrets
    expect(run.stdout).toMatch(
      /> listSecrets\(\{ region: "cn-hangzhou", endpoint: "http:\/\/127\.0\.0\.1:\d+", fetchTags: true \}\)\n {3}-> 300 secrets, the same as the CLI's listing\n/,
    );
    expect(run.stdout).toMatch(/^ {2}NAME +TYPE +CREATED +UPDATED +SCHEDULED DELETION +TAGS$/m);
    // the table is cut to its first 10 rows, then says how many more
    expect(run.stdout).toMatch(/^… \d+ more$/m);
    expect(run.stdout).not.toMatch(/npx kms-secrets \.\.\., or/);
    const wrote = /-> wrote (\/.*)\/kms-baseline\.json \(300 secrets\)/.exec(run.stdout);
    expect(wrote).not.toBeNull();
    // the demo removes its temp dir, baseline and all
    expect(existsSync(wrote?.[1] ?? "/")).toBe(false);
    expect(run.stdout).toMatch(
      /Drift found: 1 added, 1 removed, 2 changed; 1 required secret\(s\) failing\./,
    );
    expect(run.stdout).toContain("exit code: 1 (drift found)");
    expect(run.stdout).toContain("kms-secrets list --region cn-hangzhou");
    // the generated secret is never printed: only placeholders follow "SECRET="
    expect(run.stdout).not.toMatch(/ACCESS_KEY_SECRET=(?!\(generated for this run|\.\.\.)/);
  });

  test("the demo's self-check fails when drift misses or misreports a change", () => {
    const seed = demoSecrets(300);
    const changes = planDemoChanges(seed, new Date("2025-01-01T00:00:00Z"));
    const names = [
      changes.added.SecretName,
      changes.removed.SecretName,
      changes.retagged.before.SecretName,
      changes.scheduled.before.SecretName,
    ];
    expect(new Set(names).size).toBe(4);

    const tagsOf = (s: (typeof seed)[number]) =>
      Object.fromEntries((s.Tags?.Tag ?? []).map((t) => [t.TagKey, t.TagValue]));
    const before = result(
      [changes.removed, changes.retagged.before, changes.scheduled.before].map((s) =>
        secret(s.SecretName, { tags: tagsOf(s) }),
      ),
    );
    const after = result([
      secret(changes.added.SecretName, { tags: tagsOf(changes.added) }),
      secret(changes.retagged.after.SecretName, { tags: tagsOf(changes.retagged.after) }),
      secret(changes.scheduled.after.SecretName, {
        tags: tagsOf(changes.scheduled.after),
        plannedDeleteTime: changes.scheduled.after.PlannedDeleteTime as string,
      }),
    ]);
    const require = [changes.scheduled.before.SecretName];
    expect(checkDriftReport(compareListings(before, after, { require }), changes)).toEqual([]);
    // Missing the removal, or not seeing the scheduled deletion, is a demo failure.
    const noRemoval = compareListings(
      before,
      result([
        ...after.secrets,
        before.secrets.find((s) => s.secretName === changes.removed.SecretName)!,
      ]),
      { require },
    );
    expect(checkDriftReport(noRemoval, changes)).toEqual([expect.stringMatching(/^removed: /)]);
    expect(checkDriftReport(compareListings(before, after), changes)).toEqual([
      expect.stringMatching(/^required: /),
    ]);
  });

  test("the demo's SDK step fails when the SDK's listing and the CLI's differ", async () => {
    expect(compareSdkListing(["a", "b"], ["a", "b"])).toEqual([]);
    expect(compareSdkListing(["a", "b"], ["a"])).toEqual(["the SDK returned 2 secrets, the CLI 1"]);
    expect(compareSdkListing(["a", "c"], ["a", "b"])).toEqual([
      expect.stringMatching(/differ at secret 2: c vs b$/),
    ]);
    const key = stsKey();
    const emu = await startEmulator({ seed: demoSecrets(20), accessKeys: [key] });
    try {
      const env = { ...keyEnv(key), ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" };
      const query = { region: emu.region, endpoint: emu.endpoint };
      const names = [...emu.listSecretNames()].sort();
      expect(await listWithSdk(query, env, names)).toEqual({ count: 20, problems: [] });
      const short = await listWithSdk(query, env, names.slice(1));
      expect(short.problems).toEqual(["the SDK returned 20 secrets, the CLI 19"]);
    } finally {
      await emu.close();
    }
  });
});
