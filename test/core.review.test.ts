/** Regression tests from the review of the lookup core (issues 3 and 6). */
import { KmsError } from "../core/errors";
import { listSecrets } from "../core/lookup";
import { FakeKms, fakeContext, fakeSecrets } from "./helpers/coreFakes";

describe("a tag whose key is __proto__", () => {
  const protoTag = [{ TagKey: "__proto__", TagValue: "v" }];

  test("is kept as an ordinary tag of the secret", async () => {
    const fake = new FakeKms([
      ...fakeSecrets(2, "plain"),
      ...fakeSecrets(1, "proto", () => protoTag),
    ]);
    const result = await listSecrets({ fetchTags: true }, fakeContext(fake));
    const tags = result.secrets.find((s) => s.secretName.startsWith("proto"))?.tags ?? {};
    expect(Object.keys(tags)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(tags)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(tags)) as unknown).toEqual(JSON.parse('{"__proto__":"v"}'));
  });

  test("matches a TagKey filter applied on the client after the 4,000 cap (complete, not silently empty)", async () => {
    const fake = new FakeKms([
      ...fakeSecrets(4000, "proto", () => protoTag),
      ...fakeSecrets(3, "plain"),
    ]);
    const result = await listSecrets({ filters: { tagKey: ["__proto__"] } }, fakeContext(fake));
    // the fallback listed without the tag filter: every page of all 4,003 secrets
    expect(fake.calls.some((c) => !(c.params["Filters"] ?? "").includes("TagKey"))).toBe(true);
    expect(result.names).toHaveLength(4000);
    expect(result.names.every((n) => n.startsWith("proto-"))).toBe(true);
  });
});

describe("credential chain", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of [
      "ALIBABA_CLOUD_CLI_PROFILE_DISABLED",
      "ALIBABA_CLOUD_ECS_METADATA_DISABLED",
    ]) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  test.each([
    ["ALIBABA_CLOUD_CLI_PROFILE_DISABLED", {}],
    ["ALIBABA_CLOUD_ECS_METADATA_DISABLED", { ALIBABA_CLOUD_ECS_METADATA: "some-role" }],
  ])(
    "a library builder that refuses (process.env %s=true) is a place looked in, not an untyped throw",
    async (name, extraEnv) => {
      process.env[name] = "true";
      const fake = new FakeKms(fakeSecrets(1));
      const context = fakeContext(fake, {
        env: { ALIBABA_CLOUD_REGION_ID: "cn-hangzhou", ...extraEnv },
      });
      const failure: unknown = await listSecrets({}, context).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(failure).toBeInstanceOf(KmsError);
      expect(failure).toMatchObject({ code: "Credentials.NotFound" });
      expect((failure as KmsError).message).toMatch(/disabled/);
      expect(fake.calls).toHaveLength(0);
    },
  );
});
