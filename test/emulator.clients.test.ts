/** The official clients work against the emulator unchanged, and get typed errors. */
import { demoSecrets, startEmulator, type EmulatorHandle } from "../emulator";
import { caught, kms, kmsClientFor, popCoreFor, type KmsClient } from "./helpers/emulatorClients";

interface WireList {
  TotalCount: number;
  SecretList: {
    Secret: {
      SecretName: string;
      CreateTime: string;
      Tags?: { Tag: { TagKey: string; TagValue: string }[] };
    }[];
  };
}

const tea = require("@alicloud/tea-util") as { default: { getNonce: () => string } };

let emu: EmulatorHandle;
const key = {
  accessKeyId: `testkey-${Math.random().toString(36).slice(2)}`,
  accessKeySecret: `secret-${Math.random()}`,
};

beforeAll(async () => {
  emu = await startEmulator({ demo: 57, accessKeys: [key] });
});
afterAll(() => emu.close());

type Listed = { name: string; createTime: string; tags: string[] };

async function listWithPopCore(method: "GET" | "POST"): Promise<Listed[]> {
  const client = popCoreFor(emu);
  const out: Listed[] = [];
  for (let page = 1; ; page++) {
    const res = await client.request<WireList>(
      "ListSecrets",
      { PageNumber: page, PageSize: 20, FetchTags: "true" },
      { method },
    );
    for (const s of res.SecretList.Secret) {
      out.push({
        name: s.SecretName,
        createTime: s.CreateTime,
        tags: (s.Tags?.Tag ?? []).map((t) => `${t.TagKey}=${t.TagValue}`),
      });
    }
    if (page * 20 >= res.TotalCount) return out;
  }
}

async function listWithKms(client: KmsClient): Promise<Listed[]> {
  const out: Listed[] = [];
  for (let page = 1; ; page++) {
    const res = await client.listSecrets(
      new kms.ListSecretsRequest({ pageNumber: page, pageSize: 20, fetchTags: "true" }),
    );
    for (const s of res.secretList.secret) {
      out.push({
        name: s.secretName,
        createTime: s.createTime,
        tags: (s.tags?.tag ?? []).map((t) => `${t.tagKey}=${t.tagValue}`),
      });
    }
    if (page * 20 >= res.totalCount) return out;
  }
}

describe("official clients against the emulator", () => {
  it("pop-core GET, pop-core POST and @alicloud/kms20160120 list the same data", async () => {
    emu.resetStats();
    const viaGet = await listWithPopCore("GET");
    const viaPost = await listWithPopCore("POST");
    const viaKms = await listWithKms(kmsClientFor(emu));
    expect(viaGet).toHaveLength(57);
    expect(new Set(viaGet.map((s) => s.name)).size).toBe(57);
    expect(viaPost).toEqual(viaGet);
    expect(viaKms).toEqual(viaGet);
    expect(viaGet.map((s) => s.name).sort()).toEqual(
      demoSecrets(57)
        .map((s) => s.SecretName)
        .sort(),
    );
    expect(emu.stats().signatureRejected).toBe(0);
  });

  it("the kms client's querystring-built URL verifies with characters querystring leaves unescaped", async () => {
    const name = demoSecrets(57).find((s) => /[^\x20-\x7e]/.test(s.SecretName))
      ?.SecretName as string;
    const filters = JSON.stringify([
      { Key: "SecretName", Values: [name, "it's (a) *test*!", "a+b c~"] },
    ]);
    const res = (await kmsClientFor(emu).doRequest(
      "ListSecrets",
      "HTTPS",
      "POST",
      "2016-01-20",
      "AK",
      { Filters: filters },
      null,
      {},
    )) as unknown as WireList;
    expect(res.SecretList.Secret.map((s) => s.SecretName)).toEqual([name]);
    const viaPop = await popCoreFor(emu).request<WireList>(
      "ListSecrets",
      { Filters: filters },
      { method: "POST" },
    );
    expect(viaPop.SecretList.Secret.map((s) => s.SecretName)).toEqual([name]);
  });

  it("both clients read a secret value and describe it", async () => {
    const secret = demoSecrets(57)[4];
    const pop = await popCoreFor(emu).request<Record<string, unknown>>(
      "GetSecretValue",
      { SecretName: secret?.SecretName },
      { method: "POST" },
    );
    expect(pop["SecretData"]).toBe(secret?.SecretData);
    const viaKms = await kmsClientFor(emu).getSecretValue(
      new kms.GetSecretValueRequest({ secretName: secret?.SecretName }),
    );
    expect(viaKms["secretData"]).toBe(secret?.SecretData);
    const described = await kmsClientFor(emu).describeSecret(
      new kms.DescribeSecretRequest({ secretName: secret?.SecretName }),
    );
    expect(described["arn"]).toBe(
      `acs:kms:cn-hangzhou:1234567890123456:secret/${secret?.SecretName}`,
    );
  });

  describe("typed errors", () => {
    it("a wrong secret: SignatureDoesNotMatch for both clients", async () => {
      const pop = await caught(
        popCoreFor(emu, { accessKeySecret: "wrong-secret" }).request(
          "ListSecrets",
          {},
          { method: "POST" },
        ),
      );
      expect(pop.code).toBe("SignatureDoesNotMatch");
      expect(pop.data?.["Code"]).toBe("SignatureDoesNotMatch");
      const viaKms = await caught(
        kmsClientFor(emu, { accessKeySecret: "wrong-secret" }).listSecrets(
          new kms.ListSecretsRequest({}),
        ),
      );
      expect(viaKms.code).toBe("SignatureDoesNotMatchError");
      expect(viaKms.message).toContain("code: 400");
      expect(viaKms.data?.["Code"]).toBe("SignatureDoesNotMatch");
    });

    it("a wrong key id: InvalidAccessKeyId.NotFound for both clients", async () => {
      const pop = await caught(
        popCoreFor(emu, { accessKeyId: "testkey-unknown" }).request("ListSecrets", {}),
      );
      expect(pop.code).toBe("InvalidAccessKeyId.NotFound");
      const viaKms = await caught(
        kmsClientFor(emu, { accessKeyId: "testkey-unknown" }).listSecrets(
          new kms.ListSecretsRequest({}),
        ),
      );
      expect(viaKms.code).toBe("InvalidAccessKeyId.NotFoundError");
      expect(viaKms.message).toContain("code: 404");
    });

    it("a reused nonce: SignatureNonceUsed for both clients", async () => {
      const pop = popCoreFor(emu);
      const nonce = `nonce-${Math.random()}`;
      await pop.request("ListSecrets", { SignatureNonce: nonce }, { method: "POST" });
      const popErr = await caught(
        pop.request("ListSecrets", { SignatureNonce: nonce }, { method: "POST" }),
      );
      expect(popErr.code).toBe("SignatureNonceUsed");

      const original = tea.default.getNonce;
      const fixed = `nonce-${Math.random()}`;
      tea.default.getNonce = () => fixed;
      try {
        const client = kmsClientFor(emu);
        await client.listSecrets(new kms.ListSecretsRequest({}));
        const kmsErr = await caught(client.listSecrets(new kms.ListSecretsRequest({})));
        expect(kmsErr.code).toBe("SignatureNonceUsedError");
        expect(kmsErr.message).toContain("code: 400");
      } finally {
        tea.default.getNonce = original;
      }
    });

    it("a missing secret: Forbidden.ResourceNotFound for both clients", async () => {
      const pop = await caught(
        popCoreFor(emu).request(
          "GetSecretValue",
          { SecretName: "no/such/secret" },
          { method: "POST" },
        ),
      );
      expect(pop.code).toBe("Forbidden.ResourceNotFound");
      const viaKms = await caught(
        kmsClientFor(emu).getSecretValue(
          new kms.GetSecretValueRequest({ secretName: "no/such/secret" }),
        ),
      );
      expect(viaKms.code).toBe("Forbidden.ResourceNotFoundError");
      expect(viaKms.message).toContain("code: 404");
    });
  });
});

describe("STS keys", () => {
  let sts: EmulatorHandle;
  const stsKey = {
    accessKeyId: "testkey-sts",
    accessKeySecret: "sts-secret",
    securityToken: "token-abc/+=",
  };
  beforeAll(async () => {
    sts = await startEmulator({ demo: 3, accessKeys: [stsKey] });
  });
  afterAll(() => sts.close());

  it("accept the matching SecurityToken from both clients", async () => {
    const res = await popCoreFor(sts).request<WireList>("ListSecrets", {}, { method: "POST" });
    expect(res.TotalCount).toBe(3);
    const viaKms = await kmsClientFor(sts).listSecrets(new kms.ListSecretsRequest({}));
    expect(viaKms.totalCount).toBe(3);
  });

  it("refuse a wrong or missing token", async () => {
    const wrong = await caught(
      popCoreFor(sts, { securityToken: "other-token" }).request(
        "ListSecrets",
        {},
        { method: "POST" },
      ),
    );
    expect(wrong.code).toBe("InvalidSecurityToken.MismatchWithAccessKey");
    const missing = await caught(
      popCoreFor({
        endpoint: sts.endpoint,
        accessKey: { accessKeyId: stsKey.accessKeyId, accessKeySecret: stsKey.accessKeySecret },
      }).request("ListSecrets", {}),
    );
    expect(missing.code).toBe("InvalidSecurityToken.MismatchWithAccessKey");
  });
});
