/** getSecretsOutput with `dependsOn`: unknown while a dependency is unknown, and never a listing taken before it. */
import * as pulumi from "@pulumi/pulumi";
import { startEmulator, type EmulatorHandle } from "../emulator";
import { getSecretsOutput } from "pulumi-alicloud-kms-secrets";
import { clearLookupMemo } from "../sdk/lookupMemo";
import {
  emulatorStackConfig,
  setPulumiMocks,
  settle,
  testAccessKey as pulumiTestAccessKey,
} from "./helpers/pulumiMocks";

describe("getSecretsOutput with dependsOn during preview", () => {
  const pulumiKey = pulumiTestAccessKey();
  let kms: EmulatorHandle;

  beforeAll(async () => {
    kms = await startEmulator({
      accessKeys: [pulumiKey],
      seed: [
        {
          SecretName: "app/db",
          SecretType: "Generic",
          CreateTime: "2024-01-01T00:00:00Z",
          UpdateTime: "2024-01-01T00:00:00Z",
        },
      ],
    });
  });

  afterAll(async () => {
    await kms?.close();
  });

  /** A resource the engine would create in this update: its id is unknown in preview. */
  class Pending extends pulumi.CustomResource {
    constructor(name: string) {
      super("test:index:Pending", name, {});
    }
  }

  async function previewMocks(): Promise<void> {
    await setPulumiMocks(emulatorStackConfig(kms, pulumiKey), { preview: true });
    await pulumi.runtime.setMocks(
      {
        // no id: what a preview gets back for a resource still to be created
        newResource: async (args) => ({ id: undefined, state: args.inputs }),
        call: async () => ({}),
      },
      "kms-secrets-test",
      "dependsOn",
      true,
    );
    clearLookupMemo();
    kms.resetStats();
  }

  test("a dependency still to be created makes the result unknown, and nothing is listed", async () => {
    jest.spyOn(pulumi.log, "info").mockResolvedValue(undefined);
    await previewMocks();
    const pending = new Pending("new-secret");
    expect((await settle(pending.id)).known).toBe(false);

    const result = getSecretsOutput({ nameRegex: "^app/" }, { dependsOn: [pending] });
    // Like Pulumi's own invokes: a listing taken before the dependency exists would be
    // a known but wrong preview (it misses what the dependency creates).
    expect((await settle(result)).known).toBe(false);
    expect(kms.stats().requestsByAction["ListSecrets"] ?? 0).toBe(0);
  });
});

describe("getSecretsOutput with dependsOn during an update", () => {
  const pulumiKey = pulumiTestAccessKey();
  let kms: EmulatorHandle;
  const seedSecret = (name: string) => ({
    SecretName: name,
    SecretType: "Generic",
    CreateTime: "2024-01-01T00:00:00Z",
    UpdateTime: "2024-01-01T00:00:00Z",
  });

  beforeAll(async () => {
    kms = await startEmulator({ accessKeys: [pulumiKey], seed: [seedSecret("app/db")] });
  });

  afterAll(async () => {
    await kms?.close();
  });

  /** Creating it adds a KMS secret, like an `alicloud.kms.Secret` would. */
  class KmsSecret extends pulumi.CustomResource {
    constructor(name: string) {
      super("test:index:KmsSecret", name, { secretName: name });
    }
  }

  test("a lookup ordered after a resource does not reuse a listing taken before it", async () => {
    jest.spyOn(pulumi.log, "info").mockResolvedValue(undefined);
    await setPulumiMocks(emulatorStackConfig(kms, pulumiKey));
    await pulumi.runtime.setMocks(
      {
        newResource: async (args) => {
          kms.putSecret(seedSecret(String(args.inputs["secretName"])));
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: async () => ({}),
      },
      "kms-secrets-test",
      "dependsOn",
      false,
    );
    clearLookupMemo();

    const before = getSecretsOutput({ nameRegex: "^app/" });
    expect((await settle(before)).value?.names).toEqual(["app/db"]);

    const created = new KmsSecret("app/new");
    const after = getSecretsOutput({ nameRegex: "^app/" }, { dependsOn: [created] });
    expect((await settle(after)).value?.names).toEqual(["app/db", "app/new"]);

    // Calls with the same dependencies still share one listing.
    kms.resetStats();
    const again = getSecretsOutput({ nameRegex: "^app/" }, { dependsOn: [created] });
    expect((await settle(again)).value?.names).toEqual(["app/db", "app/new"]);
    expect(kms.stats().requestsByAction["ListSecrets"] ?? 0).toBe(0);
  });
});
