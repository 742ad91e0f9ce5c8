/**
 * SecretsLookup honours `opts.provider` (an `@pulumi/alicloud` Provider, given or passed down by
 * `opts.parent`) under Pulumi mocks: its settings travel as a secret `accountSettings` input, the
 * resource itself stays on its dynamic provider, and a change of them is a diff of the lookup.
 */
import * as pulumi from "@pulumi/pulumi";
import type { EmulatorAccessKey, EmulatorHandle } from "../emulator";
import * as dynamic from "../provider/dynamic";
import { accountSettingsChanged } from "../provider/dynamicAccount";
import { UNKNOWN_VALUE } from "../provider/dynamicState";
import { SecretsLookup } from "../sdk/secretsLookup";
import {
  BASE_SECRETS,
  ROLE_ARN,
  ROLE_SECRETS,
  accountEmulator,
  isolateProcessEnv,
  madeUpKey,
} from "./helpers/accountFixtures";
import {
  SECRETS_LOOKUP_TOKEN,
  setPulumiMocks,
  settle,
  valueOf,
  type MockRecorder,
} from "./helpers/pulumiMocks";
import {
  alicloudProviderWith,
  PackageProvider,
  unknownKeyStackConfig,
} from "./helpers/providerResources";

let emulator: EmulatorHandle;
let base: EmulatorAccessKey;
let sts: Required<EmulatorAccessKey>;
let recorder: MockRecorder;
let restoreEnv: () => void;
const unknown = madeUpKey();

beforeAll(async () => {
  restoreEnv = isolateProcessEnv();
  ({ emulator, base, sts } = await accountEmulator());
});
afterAll(async () => {
  await emulator.close();
  restoreEnv();
});

beforeEach(async () => {
  recorder = await setPulumiMocks(unknownKeyStackConfig(unknown, emulator.endpoint));
});

function alicloudProvider(name: string, extra: pulumi.Inputs = {}): pulumi.ProviderResource {
  return alicloudProviderWith(base, name, extra);
}

/** The settings the provider hands the lookup (what the SDK builds from the Provider above). */
function settingsOf(region: string): Record<string, string> {
  return {
    "alicloud:accessKey": base.accessKeyId,
    "alicloud:region": region,
    "alicloud:secretKey": base.accessKeySecret,
  };
}

/** Strings holding `needle` outside an engine secret wrapper (`{[sig]: secretSig, value}`). */
function plaintext(value: unknown, needle: string): boolean {
  if (typeof value === "string") return value.includes(needle);
  if (Array.isArray(value)) return value.some((v) => plaintext(v, needle));
  if (value !== null && typeof value === "object") {
    if ("4dabf18193072939515e22adb298388d" in value) return false;
    return Object.values(value).some((v) => plaintext(v, needle));
  }
  return false;
}

test("lists opts.provider's account and region, not the stack's; the settings stay secret", async () => {
  // the stack's own key is unknown to the emulator: without the provider the lookup fails
  await expect(dynamic.check({}, {})).rejects.toThrow(/InvalidAccessKeyId/);
  const lookup = new SecretsLookup("sg", {}, { provider: alicloudProvider("sg") });
  expect(await valueOf(lookup.names)).toEqual(BASE_SECRETS);
  expect(await valueOf(lookup.region)).toBe("ap-southeast-1");
  const stored = (lookup as unknown as { accountSettings: pulumi.Output<unknown> }).accountSettings;
  expect(await settle(stored)).toMatchObject({ secret: true, value: settingsOf("ap-southeast-1") });
  const registered = recorder.resources.find((r) => r.type === SECRETS_LOOKUP_TOKEN);
  // the lookup runs under its own dynamic provider, never the alicloud one
  expect(registered?.provider ?? "").not.toMatch(/alicloud/);
  // the serialized provider captures nothing of it: the same text with another provider
  // (another key too: a closure that captured the first key would differ from this one)
  const other = new SecretsLookup(
    "eu",
    {},
    {
      provider: alicloudProviderWith(sts, "eu", {
        region: "eu-central-1",
        securityToken: pulumi.secret(sts.securityToken),
      }),
    },
  );
  await valueOf(other.urn);
  const serialized = recorder.resources
    .filter((r) => r.type === SECRETS_LOOKUP_TOKEN)
    .map((r) => (r.inputs as Record<string, unknown>)["__provider"]);
  expect(serialized).toHaveLength(2);
  expect(typeof serialized[0]).toBe("string");
  expect(serialized[0]).toBe(serialized[1]);
  for (const needle of [
    base.accessKeyId,
    base.accessKeySecret,
    sts.accessKeyId,
    sts.accessKeySecret,
    sts.securityToken,
  ]) {
    expect(String(serialized[0])).not.toContain(needle);
  }
  for (const output of [lookup.fingerprint, lookup.id, lookup.args, lookup.names]) {
    expect(plaintext(await valueOf(output as pulumi.Output<unknown>), base.accessKeySecret)).toBe(
      false,
    );
  }
});

test("a real @pulumi/alicloud Provider (its type token and outputs) is honoured", async () => {
  // loaded here only: the package is large, and the other tests need its token, not its code
  const alicloud = await import("@pulumi/alicloud");
  const provider = new alicloud.Provider("real", {
    region: "me-east-1",
    accessKey: base.accessKeyId,
    secretKey: pulumi.secret(base.accessKeySecret),
  });
  const lookup = new SecretsLookup("real", {}, { provider });
  expect(await valueOf(lookup.region)).toBe("me-east-1");
  expect(await valueOf(lookup.names)).toEqual(BASE_SECRETS);
});

test("a provider passed down by opts.parent is honoured too", async () => {
  const parent = new pulumi.ComponentResource(
    "test:index:Group",
    "group",
    {},
    {
      providers: [alicloudProvider("sg-parent", { region: "eu-central-1" })],
    },
  );
  const lookup = new SecretsLookup("inherited", {}, { parent });
  expect(await valueOf(lookup.region)).toBe("eu-central-1");
  expect(await valueOf(lookup.names)).toEqual(BASE_SECRETS);
  const registered = recorder.resources.find((r) => r.name === "inherited");
  expect(registered?.provider ?? "").not.toMatch(/alicloud/);
});

test("a provider's role is another account: its secrets are listed", async () => {
  const provider = alicloudProvider("role", {
    assumeRole: { roleArn: ROLE_ARN, sessionName: "lookup", externalId: "ext-1" },
    endpoints: [{ sts: emulator.endpoint }],
  });
  const lookup = new SecretsLookup("role", {}, { provider });
  expect(await valueOf(lookup.names)).toEqual(ROLE_SECRETS);
});

test("another package's provider is refused, naming it", () => {
  const aws = new PackageProvider("aws", "aws", { region: "us-east-1" });
  expect(() => new SecretsLookup("aws", {}, { provider: aws })).toThrow(
    /opts\.provider is a pulumi:providers:aws provider/,
  );
});

describe("the provider's methods with accountSettings", () => {
  test("a change of the provider's region or key is a change of the lookup; refresh keeps the account", async () => {
    const sg = settingsOf("ap-southeast-1");
    const checked = await dynamic.check({}, { accountSettings: sg });
    expect(checked.failures ?? []).toEqual([]);
    const created = await dynamic.create(checked.inputs ?? {});
    const outs = created.outs as unknown as Record<string, unknown>;
    expect(outs["accountSettings"]).toEqual({
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      value: sg,
    });
    expect(plaintext(outs, base.accessKeySecret)).toBe(false);
    expect(plaintext(checked.inputs, base.accessKeySecret)).toBe(false);
    expect(JSON.stringify([created.id, outs["fingerprint"]])).not.toContain(base.accessKeyId);

    const same = await dynamic.check(outs, { accountSettings: sg });
    expect((await dynamic.diff(created.id, outs, same.inputs ?? {})).changes).toBe(false);

    const other = await dynamic.check(outs, { accountSettings: settingsOf("eu-central-1") });
    const moved = await dynamic.diff(created.id, outs, other.inputs ?? {});
    expect(moved.changes).toBe(true);
    expect(moved.detailedDiff?.["accountSettings"]).toEqual({ kind: "update", inputDiff: true });
    // same listing, another key (account): still a change
    const rekeyed = {
      ...(same.inputs ?? {}),
      accountSettings: { ...sg, "alicloud:accessKey": "k2" },
    };
    expect((await dynamic.diff(created.id, outs, rekeyed)).changes).toBe(true);
    // a rotated secret of the same key is not
    const rotated = {
      ...(same.inputs ?? {}),
      accountSettings: { ...sg, "alicloud:secretKey": "s2" },
    };
    expect((await dynamic.diff(created.id, outs, rotated)).changes).toBe(false);
    // an STS session: key id, secret and token all new each run, same region: not a change;
    // another region is
    const session = (n: number, region = "ap-southeast-1") => ({
      ...settingsOf(region),
      "alicloud:accessKey": `STS.session${n}`,
      "alicloud:secretKey": `secret${n}`,
      "alicloud:securityToken": `token${n}`,
    });
    expect(accountSettingsChanged(session(1), session(2))).toBe(false);
    expect(accountSettingsChanged(session(1), session(2, "eu-central-1"))).toBe(true);
    expect(accountSettingsChanged(settingsOf("ap-southeast-1"), session(2))).toBe(true);

    // Read (refresh) gets only the stored outputs: it lists the stored account, not the stack's
    const read = await dynamic.read(created.id, outs);
    expect((read.props as Record<string, unknown>)["names"]).toEqual(BASE_SECRETS);
    expect((read.inputs as Record<string, unknown>)["accountSettings"]).toEqual(
      outs["accountSettings"],
    );
  });

  test("unknown settings (preview) list nothing; bad ones fail naming the setting", async () => {
    emulator.resetStats();
    const preview = await dynamic.check(
      {},
      { accountSettings: { "alicloud:region": UNKNOWN_VALUE } },
    );
    expect(preview.inputs?.["observed"]).toBe(UNKNOWN_VALUE);
    // wrapped as a secret even when partly unknown: its known credentials stay secret
    expect(preview.inputs?.["accountSettings"]).toEqual({
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      value: { "alicloud:region": UNKNOWN_VALUE },
    });
    expect(emulator.stats().requests).toBe(0);
    const oidc = await dynamic.check(
      {},
      {
        accountSettings: { ...settingsOf("ap-southeast-1"), "alicloud:assumeRoleWithOidc": "{}" },
      },
    );
    expect(oidc.failures?.map((f) => f.property)).toEqual(["opts.provider.assumeRoleWithOidc"]);
    const malformed = await dynamic.check({}, { accountSettings: ["x"] });
    expect(malformed.failures?.map((f) => f.property)).toEqual(["accountSettings"]);
  });

  test("a rejected provider key fails without its secret in the message", async () => {
    const wrong = {
      ...settingsOf("ap-southeast-1"),
      "alicloud:secretKey": "provider-wrong-secret-123",
    };
    const failure = await dynamic.check({}, { accountSettings: wrong }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/Signature/);
    expect((failure as Error).message).not.toContain("provider-wrong-secret-123");
  });
});
