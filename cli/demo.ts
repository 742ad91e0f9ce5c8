/**
 * `npm start` (`kms-secrets demo`): the main job end to end with no cloud account, through the
 * commands a user types (`runCli`) against the in-process emulator; exits 0 when every step
 * behaved as expected. The steps: docs/cli.md "`kms-secrets demo` (`npm start`), step by step".
 */
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { demoSecrets } from "../emulator/demo";
import { startEmulator } from "../emulator/server";
import type { EmulatorHandle } from "../emulator/types";
import { parseBaseline } from "./baseline";
import { checkDriftReport, planDemoChanges, tagValue } from "./demoChanges";
import { listWithSdk } from "./demoSdk";
import type { DriftReport } from "./drift";
import { EXIT_DRIFT, EXIT_OK, EXIT_SERVICE, EXIT_USAGE } from "./exit-codes";
import { DEMO_HELP } from "./help";
import { colorEnabled, type CliIo } from "./io";

export const DEMO_SECRET_COUNT = 300;
export { checkDriftReport, planDemoChanges, type DemoChanges } from "./demoChanges";

/** A quick shell-style quote for printing command lines. */
function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

const CREDENTIAL_OR_REGION_ENV = /^(ALIBABA_CLOUD_|ALIBABACLOUD_|ALICLOUD_)/;

/** The environment the demo's commands run with: the emulator's key, none of the user's. */
function demoEnv(handle: EmulatorHandle, base: CliIo["env"]): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(base)) {
    if (!CREDENTIAL_OR_REGION_ENV.test(name)) env[name] = value;
  }
  env.ALIBABA_CLOUD_ACCESS_KEY_ID = handle.accessKey.accessKeyId;
  env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = handle.accessKey.accessKeySecret;
  if (handle.accessKey.securityToken !== undefined) {
    env.ALIBABA_CLOUD_SECURITY_TOKEN = handle.accessKey.securityToken;
  }
  env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";
  return env;
}

/** Captures what a command writes to stdout; stderr still reaches the user. */
function capturing(io: CliIo): { io: CliIo; text: () => string } {
  const chunks: string[] = [];
  return {
    io: { ...io, stdout: { write: (chunk: string) => chunks.push(chunk), isTTY: false } },
    text: () => chunks.join(""),
  };
}

/** The demo shows the first rows of the table, then how many more. */
const DEMO_TABLE_ROWS = 10;

class DemoFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export type RunCli = (argv: readonly string[], io: CliIo) => Promise<number>;

export async function runDemo(io: CliIo, runCli: RunCli): Promise<number> {
  const started = Date.now();
  const color = colorEnabled(io.stdout, io.env);
  const bold = (text: string): string => (color ? `\u001b[1m${text}\u001b[0m` : text);
  const say = (text = ""): void => void io.stdout.write(`${text}\n`);
  const step = (n: number, title: string): void => say(`\n${bold(`Step ${n}/6. ${title}`)}`);

  say(bold("kms-secrets demo: list, baseline and drift against an embedded KMS emulator"));
  say("No cloud account is used; every request goes over HTTP to 127.0.0.1 and is signed.");

  step(1, `Start the KMS emulator in-process with ${DEMO_SECRET_COUNT} demo secrets`);
  const seed = demoSecrets(DEMO_SECRET_COUNT);
  const handle = await startEmulator({ seed });
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), "kms-secrets-demo-"));
  try {
    const env = demoEnv(handle, io.env);
    const inner: CliIo = { ...io, env };
    const lookupFlags = ["--region", handle.region, "--endpoint", handle.endpoint, "--fetch-tags"];
    say(`   listening on ${handle.endpoint} (region ${handle.region})`);
    say(`   it verifies every request's signature, like the real gateway, against the key`);
    say(`   ALIBABA_CLOUD_ACCESS_KEY_ID=${handle.accessKey.accessKeyId}`);
    say(`   ALIBABA_CLOUD_ACCESS_KEY_SECRET=(generated for this run, not printed)`);

    const run = async (argv: string[], runIo: CliIo = inner): Promise<number> => {
      say(`   $ kms-secrets ${argv.map(shellQuote).join(" ")}`);
      return runCli(argv, runIo);
    };
    const expectCode = (what: string, code: number, expected: number): void => {
      if (code !== expected) {
        throw new DemoFailure(
          `${what} exited ${code}, expected ${expected}`,
          code === EXIT_OK || code === EXIT_DRIFT ? EXIT_SERVICE : code,
        );
      }
    };

    step(2, "List every secret with the real lookup (pop-core, signed HTTP requests)");
    handle.resetStats();
    const listing = capturing(inner);
    expectCode(
      "list --output json",
      await run(["list", ...lookupFlags, "--output", "json"], listing.io),
      EXIT_OK,
    );
    const stats = handle.stats();
    const baseline = parseBaseline(listing.text(), "from step 2");
    const requests = stats.requestsByAction.ListSecrets ?? 0;
    const scheduledCount = baseline.secrets.filter((s) => s.plannedDeleteTime).length;
    say(
      `   -> ${baseline.secrets.length} secrets (${scheduledCount} scheduled for deletion) ` +
        `in ${requests} signed ListSecrets requests; signatures rejected: ${stats.signatureRejected}`,
    );
    if (stats.signatureRejected !== 0 || requests === 0) {
      throw new DemoFailure("the lookup did not sign its requests as the emulator expects", 3);
    }
    const expectedNames = [...handle.listSecretNames()].sort();
    if (JSON.stringify([...baseline.names].sort()) !== JSON.stringify(expectedNames)) {
      throw new DemoFailure("the listing does not hold every secret exactly once", 3);
    }
    say(`   -> every secret the emulator holds, exactly once, sorted by name`);
    const query = { region: handle.region, endpoint: handle.endpoint };
    say(
      `   the same query through the SDK, in-process (the Pulumi-free core that getSecrets runs):`,
    );
    say(
      `   > listSecrets({ region: "${query.region}", endpoint: "${query.endpoint}", fetchTags: true })`,
    );
    const sdk = await listWithSdk(query, env, baseline.names);
    if (sdk.problems.length > 0) throw new DemoFailure(`SDK call: ${sdk.problems.join("; ")}`, 3);
    say(`   -> ${sdk.count} secrets, the same as the CLI's listing`);

    step(3, "Print the table (secrets scheduled for deletion are marked !), first rows");
    const table = capturing(inner);
    expectCode("list", await run(["list", ...lookupFlags, "--output", "table"], table.io), EXIT_OK);
    const rows = table.text().trimEnd().split("\n");
    const shown = rows.slice(0, 1 + DEMO_TABLE_ROWS);
    for (const row of shown) say(row);
    if (rows.length > shown.length) say(`… ${rows.length - shown.length} more`);

    step(4, "Write a baseline (what a pipeline stores after a deploy)");
    const baselineFile = path.join(workDir, "kms-baseline.json");
    await fs.writeFile(baselineFile, listing.text(), "utf8");
    say(`   the JSON of step 2 is the baseline format, as in:`);
    say(
      `   $ kms-secrets list ${lookupFlags.map(shellQuote).join(" ")} --output json > kms-baseline.json`,
    );
    say(`   -> wrote ${baselineFile} (${baseline.secrets.length} secrets)`);

    step(5, "Change the emulator's data behind the baseline's back");
    const changes = planDemoChanges(seed, new Date());
    handle.putSecret(changes.added);
    say(`   + added      ${changes.added.SecretName}`);
    handle.removeSecret(changes.removed.SecretName);
    say(`   - removed    ${changes.removed.SecretName}`);
    handle.putSecret(changes.retagged.after);
    say(
      `   ~ retagged   ${changes.retagged.before.SecretName} (env: ${tagValue(changes.retagged.before, "env")} -> prod)`,
    );
    handle.putSecret(changes.scheduled.after);
    say(
      `   ! scheduled  ${changes.scheduled.before.SecretName} for deletion at ${changes.scheduled.after.PlannedDeleteTime}`,
    );

    step(6, "Run drift: it must catch every change and exit 1");
    const required = changes.scheduled.before.SecretName;
    const driftArgs = ["drift", ...lookupFlags, "--baseline", baselineFile, "--require", required];
    const driftCode = await run(driftArgs);
    say(`   exit code: ${driftCode} (${driftCode === EXIT_DRIFT ? "drift found" : "unexpected"})`);
    expectCode("drift", driftCode, EXIT_DRIFT);

    const report = capturing(inner);
    const jsonCode = await runCli([...driftArgs, "--output", "json"], report.io);
    expectCode("drift --output json", jsonCode, EXIT_DRIFT);
    const problems = checkDriftReport(JSON.parse(report.text()) as DriftReport, changes);
    if (problems.length > 0) throw new DemoFailure(`drift report: ${problems.join("; ")}`, 3);
    say("   the JSON report (drift --output json) lists exactly the four changes made in step 5");

    say(
      `\n${bold("Done")} in ${((Date.now() - started) / 1000).toFixed(1)} s: every step behaved as expected.`,
    );
    say(
      `\nThe same commands against a real region (credentials from the environment, never flags):`,
    );
    say(`   export ALIBABA_CLOUD_ACCESS_KEY_ID=... ALIBABA_CLOUD_ACCESS_KEY_SECRET=...`);
    say(`   kms-secrets list --region cn-hangzhou --fetch-tags`);
    say(`   kms-secrets list --region cn-hangzhou --fetch-tags --output json > kms-baseline.json`);
    say(
      `   kms-secrets drift --region cn-hangzhou --baseline kms-baseline.json --require prod/db-password`,
    );
    say(`   (kms-secrets is the installed bin: npx kms-secrets ... in a project that`);
    say(
      `   depends on pulumi-alicloud-kms-secrets; from this checkout: node dist/cli/main.js ...)`,
    );
    return EXIT_OK;
  } catch (err) {
    if (err instanceof DemoFailure) {
      io.stderr.write(`kms-secrets demo: FAILED: ${err.message}\n`);
      return err.exitCode;
    }
    throw err;
  } finally {
    await fs.rm(workDir, { recursive: true, force: true });
    await handle.close();
  }
}

export async function demoCommand(
  argv: readonly string[],
  io: CliIo,
  runCli: RunCli,
): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout.write(DEMO_HELP);
    return EXIT_OK;
  }
  const unexpected = argv.filter((arg) => arg !== "--debug");
  if (unexpected.length > 0) {
    io.stderr.write(`kms-secrets demo: unexpected argument ${unexpected[0]}\n${DEMO_HELP}`);
    return EXIT_USAGE;
  }
  return runDemo(io, runCli);
}
