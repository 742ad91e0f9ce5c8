/** listSecretVersions when the versions change while they are listed, and malformed answers (fake transport). */
import type { KmsTransport, TransportFactory, TransportResponse } from "../core/client";
import { KmsError } from "../core/errors";
import { listSecretVersions } from "../core/versions";

interface Fake {
  versions: string[];
  listCalls: number;
  /** Runs after each ListSecretVersionIds answer is computed. */
  afterList?: (fake: Fake) => void;
  /** Replaces the answer body. */
  body?: (params: Readonly<Record<string, string>>) => Record<string, unknown>;
}

function transportFor(fake: Fake): TransportFactory {
  return (): KmsTransport => ({
    async call(action, params): Promise<TransportResponse> {
      if (action !== "ListSecretVersionIds") throw new Error(`unexpected ${action}`);
      fake.listCalls++;
      const size = Number(params["PageSize"]);
      const start = (Number(params["PageNumber"]) - 1) * size;
      const body = fake.body?.(params) ?? {
        SecretName: params["SecretName"],
        RequestId: `req-${fake.listCalls}`,
        TotalCount: fake.versions.length,
        VersionIds: {
          VersionId: fake.versions.slice(start, start + size).map((id) => ({
            VersionId: id,
            VersionStages: { VersionStage: ["S"] },
          })),
        },
      };
      fake.afterList?.(fake);
      return { body, httpStatus: 200, requestId: undefined };
    },
    close() {},
  });
}

const ids = (n: number, prefix = "v") =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, "0")}`);

function context(fake: Fake) {
  return {
    transport: transportFor(fake),
    env: {
      ALIBABA_CLOUD_ACCESS_KEY_ID: "testkey-x",
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: "testsecret-x",
    },
    homeDir: "/nonexistent-home",
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
    rateLimit: { requestsPerSecond: 1000, burst: 100 },
  };
}

const args = { secretName: "s", region: "cn-hangzhou" };

test("a version added between pages: listed again, every version once", async () => {
  const fake: Fake = { versions: ids(120), listCalls: 0 };
  fake.afterList = (f) => {
    if (f.listCalls === 1) f.versions.unshift("a-new");
  };
  const result = await listSecretVersions(args, context(fake));
  expect(result.versions.map((v) => v.versionId)).toEqual(["a-new", ...ids(120)]);
  expect(fake.listCalls).toBe(3 + 3);
});

test("versions that keep changing: ListingInconsistent after 4 listings, never a partial list", async () => {
  const fake: Fake = { versions: ids(60), listCalls: 0 };
  fake.afterList = (f) => {
    f.versions.unshift(`x${f.listCalls}`);
  };
  const err = await listSecretVersions(args, context(fake)).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(KmsError);
  expect(err).toMatchObject({ code: "ListingInconsistent", apiAction: "ListSecretVersionIds" });
  expect((err as KmsError).message).toContain('secret "s"');
  expect(fake.listCalls).toBe(4 * 2);
});

test("a malformed answer fails naming the secret and the RequestId", async () => {
  const fake: Fake = {
    versions: [],
    listCalls: 0,
    body: () => ({ RequestId: "req-bad", TotalCount: 1, VersionIds: { VersionId: [{}] } }),
  };
  const err = await listSecretVersions(args, context(fake)).catch((e: unknown) => e);
  expect(err).toMatchObject({ code: "MalformedResponse", requestId: "req-bad" });
  expect((err as KmsError).message).toMatch(/secret "s".*RequestId req-bad.*VersionId/);
});

test("a TotalCount with fewer versions than it says: listed again, then a failure", async () => {
  const fake: Fake = {
    versions: [],
    listCalls: 0,
    body: () => ({ TotalCount: 3, VersionIds: { VersionId: [{ VersionId: "only" }] } }),
  };
  const err = await listSecretVersions(args, context(fake)).catch((e: unknown) => e);
  expect(err).toMatchObject({ code: "ListingInconsistent" });
  expect((err as KmsError).message).toContain("1 versions listed, TotalCount 3");
});
