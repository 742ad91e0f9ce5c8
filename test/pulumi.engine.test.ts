/**
 * The SecretsLookup provider as the Pulumi engine runs it: the package is consumed as
 * installed (npm pack → unpacked into a scratch program's node_modules, offline), its provider is
 * serialized by a program there, and the engine's dynamic-provider host, started with the
 * scratch directory as cwd, is driven over gRPC: Configure → Check → Create → Diff →
 * (data changes) → Check/Diff → Read → Update.
 *
 * Credentials reach the host only through Configure (stack config), never the
 * environment, and must never come back out: not in the serialized provider, not in any
 * request or response after Configure, not on the host's stdout or stderr.
 */
import { demoSecrets, startEmulator, type EmulatorHandle, type SeedSecret } from "../emulator";
import { SECRET_SIG, SECRET_SIG_KEY, UNKNOWN_VALUE } from "../provider/dynamicState";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  ProviderClient,
  REPO_ROOT,
  installPackedPackage,
  serializeProviderInProgram,
  startProviderHost,
  type ProviderHost,
  type ScratchProgram,
  type SerializedProvider,
} from "./helpers/pulumiEngine";
import { BASE_SECRETS, accountEmulator } from "./helpers/accountFixtures";
import { pulumiNodeModules } from "./helpers/packedInstall";
import {
  emulatorStackConfig,
  plaintextPaths,
  sortedNames,
  tagsOf,
  testAccessKey,
} from "./helpers/pulumiMocks";

jest.setTimeout(120_000);

const URN =
  "urn:pulumi:test::engine-test::pulumi-nodejs:dynamic/kms-secrets:SecretsLookup::watched";
const ARGS = { filters: { secretType: ["Generic"] }, tags: { env: "prod" }, fetchTags: true };

const key = testAccessKey();
const SEED: SeedSecret[] = demoSecrets(80);
/** A prod secret whose value the key may not read (GetSecretValue answers Forbidden.NoPermission). */
const FORBIDDEN_NAME = (() => {
  const denied = SEED.find((s) => s.SecretType !== "Generic" && tagsOf(s)["env"] === "prod");
  if (!denied) throw new Error("the demo set has no non-Generic prod secret");
  denied.Forbidden = true;
  return denied.SecretName;
})();
let emulator: EmulatorHandle;
let scratch: ScratchProgram | undefined;
let host: ProviderHost | undefined;
let client: ProviderClient | undefined;
let provider: string;
let small: SerializedProvider;
let large: SerializedProvider;
let stackConfig: Record<string, string>;

const expectedNames = (seed: readonly SeedSecret[]) =>
  sortedNames(seed.filter((s) => s.SecretType === "Generic" && tagsOf(s)["env"] === "prod"));

beforeAll(async () => {
  emulator = await startEmulator({ seed: SEED, accessKeys: [key] });
  stackConfig = emulatorStackConfig(emulator, key);
  scratch = await installPackedPackage();
  // The lookup the tests drive, then a small and a large listing (the provider must not grow).
  const serialized = await serializeProviderInProgram(scratch.dir, stackConfig, [
    ARGS,
    { nameRegex: "^prod/" },
    { fetchTags: true },
  ]);
  [provider, small, large] = [serialized[0]!.text, serialized[1]!, serialized[2]!];
  host = await startProviderHost(scratch.dir);
  // Configure first, as the engine does (credentials only there, none in the environment).
  const configuring = new ProviderClient(scratch.dir, host.port);
  try {
    await configuring.configure(stackConfig);
  } finally {
    configuring.close();
  }
  client = new ProviderClient(scratch.dir, host.port);
}, 120_000);

afterAll(async () => {
  for (const c of clients) c.close();
  client?.close();
  await host?.stop();
  await emulator?.close();
  await scratch?.remove();
});

function rpc(): ProviderClient {
  if (!client) throw new Error("the provider host did not start");
  return client;
}

const clients: ProviderClient[] = [];
/** A client of its own, so a test's transcript holds only its own calls. */
function freshClient(): ProviderClient {
  if (!scratch || !host) throw new Error("the provider host did not start");
  const own = new ProviderClient(scratch.dir, host.port);
  clients.push(own);
  return own;
}

const NEW_SECRET: SeedSecret = {
  SecretName: "prod/payments/checkout/new-api-key",
  SecretType: "Generic",
  Tags: {
    Tag: [
      { TagKey: "env", TagValue: "prod" },
      { TagKey: "team", TagValue: "payments" },
    ],
  },
};

/**
 * Check → Create → Diff → (the data changes) → Check/Diff → Read → Update, as the engine
 * drives a SecretsLookup through `up`, a drifted `preview` and `refresh`. The secret it adds
 * is removed again at the end, whatever happened.
 */
async function lifecycle(rpc: ProviderClient): Promise<void> {
  // Check and Create produce the matching secrets as outputs
  const result = await rpc.check(URN, {}, { __provider: provider, ...ARGS });
  expect(result.failures).toEqual([]);
  let checked = result.inputs;
  expect(checked["fingerprint"]).toMatch(/^[0-9a-f]{64}$/);
  expect(checked["__provider"]).toBe(provider);

  const created = await rpc.create(URN, checked);
  const id = created.id;
  let outputs = created.properties;
  const names = expectedNames(SEED);
  expect(names.length).toBeGreaterThan(3);
  expect(outputs["names"]).toEqual(names);
  expect(outputs["ids"]).toEqual(names);
  expect(outputs["region"]).toBe(emulator.region);
  expect(outputs["fingerprint"]).toBe(checked["fingerprint"]);
  expect(outputs["args"]).toEqual(ARGS);
  const secrets = outputs["secrets"] as { secretName: string; tags: Record<string, string> }[];
  for (const secret of secrets) {
    const seed = SEED.find((s) => s.SecretName === secret.secretName) as SeedSecret;
    expect(secret.tags).toEqual(tagsOf(seed));
  }
  expect(id).not.toBe("");

  // Diff without drift reports no change
  const again = await rpc.check(URN, outputs, { __provider: provider, ...ARGS });
  expect(again.inputs["fingerprint"]).toBe(outputs["fingerprint"]);
  expect(await rpc.diff(URN, id, outputs, again.inputs)).toEqual({
    changes: "none",
    replaces: [],
  });

  // Diff with changed arguments reports a replacement of the query
  const news = { __provider: provider, ...ARGS, tags: { env: "staging" } };
  expect(await rpc.diff(URN, id, outputs, news)).toEqual({ changes: "some", replaces: ["tags"] });

  // after the data changes, Check records a new fingerprint and Diff reports a change
  emulator.putSecret(NEW_SECRET);
  try {
    const changed = await rpc.check(URN, outputs, { __provider: provider, ...ARGS });
    expect(changed.inputs["fingerprint"]).not.toBe(outputs["fingerprint"]);
    // the checked inputs name the new secret: the engine's input diff shows it in preview
    const observedBefore = again.inputs["observed"] as Record<string, string>;
    const observedAfter = changed.inputs["observed"] as Record<string, string>;
    expect(Object.keys(observedBefore)).toEqual(names);
    expect(Object.keys(observedAfter).filter((n) => !(n in observedBefore))).toEqual([
      NEW_SECRET.SecretName,
    ]);
    for (const name of names) expect(observedAfter[name]).toBe(observedBefore[name]);
    checked = changed.inputs;
    expect(await rpc.diff(URN, id, outputs, checked)).toEqual({ changes: "some", replaces: [] });
    // Without a checked fingerprint (older state), Diff lists by itself and still sees it.
    const { fingerprint: _dropped, ...unchecked } = checked;
    expect((await rpc.diff(URN, id, outputs, unchecked)).changes).toBe("some");

    // Read (refresh) returns the new data
    const read = await rpc.read(URN, id, outputs, checked);
    expect(read.id).toBe(id);
    expect(read.properties["names"]).toContain(NEW_SECRET.SecretName);
    expect(read.properties["fingerprint"]).toBe(checked["fingerprint"]);
    expect(read.inputs["fingerprint"]).toBe(checked["fingerprint"]);
    expect(read.properties["__provider"]).toBe(provider);

    // Update stores the new data
    const updated = await rpc.update(URN, id, outputs, checked);
    expect(updated.properties["names"]).toContain(NEW_SECRET.SecretName);
    expect(updated.properties["fingerprint"]).toBe(checked["fingerprint"]);
    outputs = updated.properties;
    const after = await rpc.check(URN, outputs, { __provider: provider, ...ARGS });
    expect((await rpc.diff(URN, id, outputs, after.inputs)).changes).toBe("none");
  } finally {
    emulator.removeSecret(NEW_SECRET.SecretName);
  }
}

describe("serialized provider", () => {
  test("is small, names the implementation by package, and does not grow with the secrets listed", async () => {
    console.log(
      `serialized SecretsLookup provider: ${small.text.length} bytes after listing ${small.listed} ` +
        `secrets, ${large.text.length} bytes after listing ${large.listed}`,
    );
    expect(large.listed).toBe(SEED.length);
    expect(small.listed).toBeLessThan(large.listed);
    expect(large.text.length).toBe(small.text.length);
    expect(provider.length).toBe(small.text.length);
    expect(provider.length).toBeLessThan(8_000);
    expect(provider).toContain('"pulumi-alicloud-kms-secrets/provider"');
    for (const secret of SEED.slice(0, 5)) expect(provider).not.toContain(secret.SecretName);
  });
});

describe("dynamic provider host over gRPC", () => {
  test("Check with bad arguments returns one failure per field", async () => {
    const { failures } = await rpc().check(
      URN,
      {},
      {
        __provider: provider,
        pageSize: 500,
        nameRegex: "(",
        filters: [{ Key: "Colour", Values: ["red"] }],
        colour: "red",
      },
    );
    const byProperty = new Map(failures.map((f) => [f.property, f.reason]));
    expect([...byProperty.keys()].sort()).toEqual([
      "colour",
      "filters[0].Key",
      "nameRegex",
      "pageSize",
    ]);
    expect(byProperty.get("nameRegex")).toMatch(/regular expression/);
    expect(byProperty.get("filters[0].Key")).toMatch(/SecretName/);
  });

  test("Check with an unknown input (preview) validates the rest and lists nothing", async () => {
    emulator.resetStats();
    const { inputs, failures } = await rpc().check(
      URN,
      {},
      {
        __provider: provider,
        ...ARGS,
        nameRegex: UNKNOWN_VALUE,
      },
    );
    expect(failures).toEqual([]);
    expect(inputs["fingerprint"]).toBeUndefined();
    expect(emulator.stats().requestsByAction["ListSecrets"] ?? 0).toBe(0);
  });

  test("Check → Create → Diff → (data changes) → Check/Diff → Read → Update", async () => {
    await lifecycle(rpc());
  });

  test("security: no access key secret or STS token anywhere it could leak", async () => {
    // its own client and calls: Configure (the stack config, how the engine hands it over),
    // a refused Check, then the whole lifecycle
    const own = freshClient();
    await own.configure(stackConfig);
    const refused = await own.check(URN, {}, { __provider: provider, pageSize: 500 });
    expect(refused.failures.map((f) => f.property)).toEqual(["pageSize"]);
    await lifecycle(own);

    const leaks = (text: string) =>
      [key.accessKeySecret, key.securityToken].filter((value) => text.includes(value));
    expect(leaks(provider)).toEqual([]);
    const transcript = own.transcript;
    // The Configure request is the stack config itself (how the engine hands it over);
    // everything after it must be clean.
    const scanned = transcript.filter(
      (t) => !(t.method === "Configure" && t.direction === "request"),
    );
    expect(scanned.length).toBeGreaterThanOrEqual(20);
    for (const entry of scanned)
      expect({ ...entry, leaks: leaks(entry.json) }).toMatchObject({ leaks: [] });
    expect(leaks(host?.stdout() ?? "")).toEqual([]);
    expect(leaks(host?.stderr() ?? "")).toEqual([]);
    // The credentials did work: they arrived by Configure only.
    expect(emulator.stats().signatureRejected).toBe(0);
  });
});

describe("values through the host: never in plaintext in what the provider answers", () => {
  const VALUE_ARGS = {
    tags: { env: "prod" },
    enableDetails: true,
    fetchValues: true,
    skipForbidden: true,
  };

  /** Every secret value of the seed, and the distinctive tokens inside them. */
  const needles = (): string[] =>
    SEED.flatMap((s) => [
      s.SecretData ?? "",
      ...((s.SecretData ?? "").match(/demo-[\w-]+/g) ?? []),
    ]).filter((n) => n.length >= 8);

  const wrapped = (value: unknown) => ({ [SECRET_SIG_KEY]: SECRET_SIG, value });
  const unwrap = (value: unknown): unknown =>
    (value as Record<string, unknown> | undefined)?.["value"];

  test("Check → Create → Diff → Read → Update with fetchValues: no response struct holds a value (or its hash) outside a secret wrapper", async () => {
    const answers: { method: string; struct: Record<string, unknown> }[] = [];
    const needlesExtra: string[] = [];
    emulator.resetStats();
    const result = await rpc().check(URN, {}, { __provider: provider, ...VALUE_ARGS });
    expect(result.failures).toEqual([]);
    const checked = result.inputs;
    answers.push({ method: "Check", struct: checked });
    expect(checked["fingerprint"]).toEqual(wrapped(expect.stringMatching(/^[0-9a-f]{64}$/)));

    const created = await rpc().create(URN, checked);
    const id = created.id;
    const outputs = created.properties;
    answers.push({ method: "Create", struct: outputs });
    // names, ids and forbidden are plain; secrets and fingerprint wrapped
    // the seed's prod secrets
    const seeded = sortedNames(SEED.filter((s) => tagsOf(s)["env"] === "prod"));
    const names = outputs["names"] as string[];
    expect(names).toEqual(expect.arrayContaining(seeded));
    expect(names).toHaveLength(seeded.length);
    expect(outputs["ids"]).toEqual(names);
    expect(outputs["forbidden"]).toEqual([FORBIDDEN_NAME]);
    expect(outputs["fingerprint"]).toEqual(checked["fingerprint"]);
    expect(outputs["secrets"]).toEqual(wrapped(expect.any(Array)));
    const secrets = unwrap(outputs["secrets"]) as {
      secretName: string;
      secretData?: string;
      arn?: string;
    }[];
    expect(secrets.map((s) => s.secretName)).toEqual(names);
    for (const secret of secrets) {
      expect(secret.arn).toContain(secret.secretName);
      const seed = SEED.find((s) => s.SecretName === secret.secretName);
      if (secret.secretName === FORBIDDEN_NAME) expect(secret).not.toHaveProperty("secretData");
      else expect(secret.secretData).toBe(seed?.SecretData ?? "");
    }
    const stats = emulator.stats().requestsByAction;
    expect(stats["DescribeSecret"]).toBe(names.length);
    expect(stats["GetSecretValue"]).toBe(names.length);

    const again = await rpc().check(URN, outputs, { __provider: provider, ...VALUE_ARGS });
    answers.push({ method: "Check", struct: again.inputs });
    expect((await rpc().diff(URN, id, outputs, again.inputs)).changes).toBe("none");

    // a rotated value is drift, seen through the secret fingerprint only
    const rotated = SEED.find((s) => s.SecretName === seeded[0]) as SeedSecret;
    emulator.putSecret({ ...rotated, SecretData: "rotated-Value-123456" });
    try {
      const changed = await rpc().check(URN, outputs, { __provider: provider, ...VALUE_ARGS });
      answers.push({ method: "Check", struct: changed.inputs });
      expect((await rpc().diff(URN, id, outputs, changed.inputs)).changes).toBe("some");

      const read = await rpc().read(URN, id, outputs, changed.inputs);
      answers.push(
        { method: "Read", struct: read.properties },
        { method: "Read", struct: read.inputs },
      );
      expect(read.properties["fingerprint"]).toEqual(changed.inputs["fingerprint"]);

      const updated = await rpc().update(URN, id, outputs, changed.inputs);
      answers.push({ method: "Update", struct: updated.properties });
      expect(JSON.stringify(unwrap(updated.properties["secrets"]))).toContain(
        "rotated-Value-123456",
      );
      needlesExtra.push("rotated-Value-123456");
    } finally {
      emulator.putSecret(rotated);
    }
    expectNoPlaintext(answers, needlesExtra);
  });

  function expectNoPlaintext(
    answers: { method: string; struct: Record<string, unknown> }[],
    needlesExtra: string[],
  ): void {
    expect(answers.length).toBeGreaterThanOrEqual(7);
    const fingerprints = answers
      .map((a) => unwrap(a.struct["fingerprint"]))
      .filter((f): f is string => typeof f === "string");
    expect(fingerprints.length).toBe(answers.length);
    const all = [...needles(), ...needlesExtra, ...fingerprints];
    expect(all.length).toBeGreaterThan(20);
    const leaks = answers.flatMap(({ method, struct }) =>
      all.flatMap((needle) => plaintextPaths(struct, needle).map((path) => ({ method, path }))),
    );
    expect(leaks).toEqual([]);
    // nor does anything the host printed
    const printed = `${host?.stdout() ?? ""}\n${host?.stderr() ?? ""}`;
    expect(all.filter((needle) => printed.includes(needle))).toEqual([]);
  }
});

describe("opts.provider's account through the host (the secret accountSettings input)", () => {
  const wrapped = (value: unknown) => ({ [SECRET_SIG_KEY]: SECRET_SIG, value });
  /** What the engine sends a provider that does not accept secrets: the values, unwrapped. */
  const plain = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(plain);
    if (value === null || typeof value !== "object") return value;
    const record = value as Record<string, unknown>;
    if (record[SECRET_SIG_KEY] === SECRET_SIG) return plain(record["value"]);
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, plain(v)]));
  };
  /** Whether `needle` is in a string outside a secret wrapper. */
  const inPlaintext = (value: unknown, needle: string): boolean => {
    if (typeof value === "string") return value.includes(needle);
    if (Array.isArray(value)) return value.some((v) => inPlaintext(v, needle));
    if (value === null || typeof value !== "object") return false;
    if ((value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG) return false;
    return Object.values(value).some((v) => inPlaintext(v, needle));
  };

  test("Check → Create → Diff → Read → Update list the provider's account and region, not the stack's; no key in plaintext in any answer or host output", async () => {
    // another account (a key the stack's emulator does not know) in another region
    const other = await accountEmulator("ap-southeast-1");
    const own = freshClient();
    const answers: [string, Record<string, unknown>][] = [];
    const secret = other.base.accessKeySecret;
    const settings = (region: string) => ({
      "alicloud:accessKey": other.base.accessKeyId,
      "alicloud:region": region,
      "alicloud:secretKey": secret,
    });
    const news = (region: string) => ({
      __provider: provider,
      endpoint: other.emulator.endpoint,
      accountSettings: settings(region),
    });
    try {
      // preview: the provider's settings are not known yet; nothing is listed
      const listed = other.emulator.stats().requests;
      const preview = await own.check(
        URN,
        {},
        { ...news("ap-southeast-1"), accountSettings: UNKNOWN_VALUE },
      );
      expect(preview.failures).toEqual([]);
      expect(preview.inputs["observed"]).toBe(UNKNOWN_VALUE);
      expect(preview.inputs["accountSettings"]).toBe(UNKNOWN_VALUE);
      expect(other.emulator.stats().requests).toBe(listed);
      answers.push(["Check", preview.inputs]);
      const checked = await own.check(URN, {}, news("ap-southeast-1"));
      expect(checked.failures).toEqual([]);
      expect(checked.inputs["accountSettings"]).toEqual(wrapped(settings("ap-southeast-1")));
      answers.push(["Check", checked.inputs]);
      const created = await own.create(URN, plain(checked.inputs) as Record<string, unknown>);
      const outputs = created.properties;
      expect(outputs["names"]).toEqual(BASE_SECRETS);
      expect(outputs["region"]).toBe("ap-southeast-1");
      expect(outputs["accountSettings"]).toEqual(wrapped(settings("ap-southeast-1")));
      answers.push(["Create", outputs]);
      const olds = plain(outputs) as Record<string, unknown>;

      const same = await own.check(URN, olds, news("ap-southeast-1"));
      const unchanged = await own.diff(URN, created.id, olds, plain(same.inputs) as never);
      expect(unchanged.changes).toBe("none");
      // the provider's region changes: the lookup changes (an update, not a replacement)
      const moved = await own.check(URN, olds, news("eu-central-1"));
      const movedNews = plain(moved.inputs) as Record<string, unknown>;
      answers.push(["Check", same.inputs], ["Check", moved.inputs]);
      expect(await own.diff(URN, created.id, olds, movedNews)).toEqual({
        changes: "some",
        replaces: [],
      });
      // refresh gets the stored outputs only: it lists the stored account
      const read = await own.read(URN, created.id, olds, plain(checked.inputs) as never);
      expect(read.properties["names"]).toEqual(BASE_SECRETS);
      expect(read.inputs["accountSettings"]).toEqual(wrapped(settings("ap-southeast-1")));
      answers.push(["Read", read.properties], ["Read", read.inputs]);
      const updated = await own.update(URN, created.id, olds, movedNews);
      expect(updated.properties["region"]).toBe("eu-central-1");
      expect(updated.properties["names"]).toEqual(BASE_SECRETS);
      answers.push(["Update", updated.properties]);
      // a key the emulator rejects: the error must not carry the secret either
      const wrong = {
        ...news("ap-southeast-1"),
        accountSettings: { ...settings("ap-southeast-1"), "alicloud:secretKey": `${secret}-wrong` },
      };
      await expect(own.check(URN, {}, wrong)).rejects.toThrow(/Signature/);
    } finally {
      await other.emulator.close();
    }
    // every struct answered (secrets wrapped), then the raw answers without structs (Diff, errors)
    expect(answers.length).toBe(8);
    for (const [method, struct] of answers) {
      expect({ method, leaks: inPlaintext(struct, secret) }).toEqual({ method, leaks: false });
    }
    const raw = own.transcript.filter(
      (t) => t.direction === "response" && (t.method === "Diff" || t.json.includes('"error"')),
    );
    expect(raw.length).toBe(3);
    for (const answer of raw) expect(answer.json).not.toContain(secret);
    expect(host?.stdout() ?? "").not.toContain(secret);
    expect(host?.stderr() ?? "").not.toContain(secret);
  });
});

describe("inside this repository (pulumi -C examples/drift after npm install there)", () => {
  test("the host finds the implementation through the example's file:../.. dependency", async () => {
    // What `npm install` in the example makes of `"pulumi-alicloud-kms-secrets": "file:../.."`:
    // a link to the repository. A copy of the example stands in for it (the tree stays clean).
    const programDir = await fs.mkdtemp(path.join(os.tmpdir(), "kms-secrets-example-"));
    await fs.cp(path.join(REPO_ROOT, "examples", "drift"), programDir, { recursive: true });
    await fs.mkdir(path.join(programDir, "node_modules"));
    await fs.symlink(
      REPO_ROOT,
      path.join(programDir, "node_modules", "pulumi-alicloud-kms-secrets"),
    );
    const pulumiRoot = path.dirname(pulumiNodeModules());
    const repoHost = await startProviderHost(programDir, pulumiRoot);
    const repoClient = new ProviderClient(pulumiRoot, repoHost.port);
    try {
      await repoClient.configure(stackConfig);
      const { inputs, failures } = await repoClient.check(
        URN,
        {},
        { __provider: provider, ...ARGS },
      );
      expect(failures).toEqual([]);
      expect(inputs["fingerprint"]).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      repoClient.close();
      await repoHost.stop();
      await fs.rm(programDir, { recursive: true, force: true });
    }
  });
});
