/** Request acceptance and authentication, checked with raw signed requests (code AND HTTP status). */
import { startEmulator, type EmulatorHandle } from "../emulator";
import {
  formEncode,
  isoTimestamp,
  rawRequest,
  sendSigned,
  signedParams,
  type RawResponse,
  type SignedRequestOptions,
  sendSignedV3,
  type SignedV3Options,
} from "./helpers/emulatorSigner";

let emu: EmulatorHandle;
const key = { accessKeyId: "testkey-sig", accessKeySecret: `sig-${Math.random()}` };
const other = { accessKeyId: "testkey-other", accessKeySecret: `other-${Math.random()}` };

beforeAll(async () => {
  emu = await startEmulator({ demo: 12, accessKeys: [key, other] });
});
afterAll(() => emu.close());

function send(options: Partial<SignedRequestOptions> = {}): Promise<RawResponse> {
  return sendSigned({ endpoint: emu.endpoint, accessKey: key, action: "ListSecrets", ...options });
}

function expectError(res: RawResponse, status: number, code: string): void {
  expect({ status: res.status, code: res.json?.["Code"] }).toEqual({ status, code });
  expect(Object.keys(res.json ?? {}).sort()).toEqual([
    "Code",
    "HostId",
    "Message",
    "Recommend",
    "RequestId",
  ]);
  expect(res.headers["content-type"]).toMatch(/application\/json/);
}

describe("accepted request forms", () => {
  it.each(["GET", "POST-form", "POST-query"] as const)("%s", async (transport) => {
    const res = await send({ transport, params: { PageSize: 5 } });
    expect(res.status).toBe(200);
    expect(res.json?.["TotalCount"]).toBe(12);
    expect(res.json?.["PageSize"]).toBe(5);
  });

  it("takes the action from the x-acs-action header when there is no Action parameter", async () => {
    const res = await sendSigned({
      endpoint: emu.endpoint,
      accessKey: key,
      headers: { "x-acs-action": "ListSecrets" },
    });
    expect(res.status).toBe(200);
    expect(res.json?.["TotalCount"]).toBe(12);
  });

  it("takes the version from the x-acs-version header", async () => {
    const res = await send({ version: null, headers: { "x-acs-version": "2016-01-20" } });
    expect(res.status).toBe(200);
  });

  it("verifies parameters sent with querystring-style encoding (unescaped !'()*)", async () => {
    const params = signedParams(
      {
        endpoint: emu.endpoint,
        accessKey: key,
        action: "ListSecrets",
        params: { Filters: JSON.stringify([{ Key: "Description", Values: ["it's (x)*!"] }]) },
      },
      "POST",
    );
    const query = new URLSearchParams(params)
      .toString()
      .replace(/%21/g, "!")
      .replace(/%27/g, "'")
      .replace(/%28/g, "(")
      .replace(/%29/g, ")")
      .replace(/%2A/g, "*");
    expect(query).toContain("(x)");
    const res = await rawRequest(emu.endpoint, { method: "POST", path: `/?${query}` });
    expect(res.status).toBe(200);
    expect(res.json?.["TotalCount"]).toBe(0);
  });

  it("answers JSON with the request id header", async () => {
    const res = await send();
    expect(res.headers["content-type"]).toMatch(/application\/json/);
    expect(res.headers["x-acs-request-id"]).toBe(res.json?.["RequestId"]);
  });
});

describe("signature and routing rejections", () => {
  it("a wrong secret: SignatureDoesNotMatch 400, showing the server's string to sign", async () => {
    const res = await send({ signWithSecret: "not-the-secret" });
    expectError(res, 400, "SignatureDoesNotMatch");
    expect(String(res.json?.["Message"])).toContain(
      "server string to sign is:POST&%2F&AccessKeyId%3Dtestkey-sig",
    );
    expect(res.text).not.toContain(key.accessKeySecret);
  });

  it("a parameter changed after signing: SignatureDoesNotMatch 400", async () => {
    expectError(
      await send({ params: { PageSize: 5 }, afterSigning: { PageSize: "6" } }),
      400,
      "SignatureDoesNotMatch",
    );
  });

  it("the method is part of the signature", async () => {
    const params = signedParams(
      { endpoint: emu.endpoint, accessKey: key, action: "ListSecrets" },
      "POST",
    );
    expectError(
      await rawRequest(emu.endpoint, { method: "GET", path: `/?${formEncode(params)}` }),
      400,
      "SignatureDoesNotMatch",
    );
  });

  it.each(["Signature", "SignatureNonce", "Timestamp", "AccessKeyId"])(
    "missing %s: IncompleteSignature 400",
    async (name) => {
      expectError(await send({ afterSigning: { [name]: null } }), 400, "IncompleteSignature");
    },
  );

  it.each([
    ["SignatureMethod", "HMAC-SHA256"],
    ["SignatureVersion", "2.0"],
  ])("%s=%s: IncompleteSignature 400", async (name, value) => {
    expectError(await send({ params: { [name]: value } }), 400, "IncompleteSignature");
  });

  it("an unknown key id: InvalidAccessKeyId.NotFound 404", async () => {
    expectError(
      await send({ accessKey: { accessKeyId: "testkey-nope", accessKeySecret: "x" } }),
      404,
      "InvalidAccessKeyId.NotFound",
    );
  });

  it("a SecurityToken with a non-STS key: InvalidSecurityToken.MismatchWithAccessKey 400", async () => {
    expectError(
      await send({ accessKey: { ...key, securityToken: "token" } }),
      400,
      "InvalidSecurityToken.MismatchWithAccessKey",
    );
  });

  it("a reused nonce: SignatureNonceUsed 400; the same nonce under another key is fine", async () => {
    const nonce = `n-${Math.random()}`;
    expect((await send({ nonce })).status).toBe(200);
    expectError(await send({ nonce }), 400, "SignatureNonceUsed");
    expectError(await send({ nonce, transport: "GET" }), 400, "SignatureNonceUsed");
    expect((await send({ nonce, accessKey: other })).status).toBe(200);
  });

  it("a rejected request does not burn its nonce", async () => {
    const nonce = `n-${Math.random()}`;
    expectError(await send({ nonce, signWithSecret: "bad" }), 400, "SignatureDoesNotMatch");
    expect((await send({ nonce })).status).toBe(200);
  });

  it.each([16, -16])(
    "a Timestamp %i minutes off: InvalidTimeStamp.Expired 400",
    async (minutes) => {
      expectError(
        await send({ timestamp: new Date(Date.now() + minutes * 60_000) }),
        400,
        "InvalidTimeStamp.Expired",
      );
    },
  );

  it.each([14, -14])("a Timestamp %i minutes off is accepted", async (minutes) => {
    expect((await send({ timestamp: new Date(Date.now() + minutes * 60_000) })).status).toBe(200);
  });

  it.each(["yesterday", "2024-01-01 00:00:00", isoTimestamp().replace("Z", "+08:00")])(
    "a malformed Timestamp %j: InvalidTimeStamp.Format 400",
    async (timestamp) => {
      expectError(await send({ timestamp }), 400, "InvalidTimeStamp.Format");
    },
  );

  it("counts signature-family rejections in stats", async () => {
    emu.resetStats();
    await send({ signWithSecret: "bad" });
    await send({ accessKey: { accessKeyId: "testkey-nope", accessKeySecret: "x" } });
    await send({ timestamp: "bad" });
    await send();
    const stats = emu.stats();
    expect(stats.signatureRejected).toBe(3);
    expect(stats.requests).toBe(4);
    expect(stats.requestsByAction).toEqual({ ListSecrets: 4 });
  });

  it("an unknown action: InvalidAction.NotFound 404 (before authentication)", async () => {
    const res = await send({ action: "CreateSecret", signWithSecret: "whatever" });
    expectError(res, 404, "InvalidAction.NotFound");
    expect(res.json?.["Message"]).toBe(
      "Specified api is not found, please check your url and method.",
    );
  });

  it("no action at all: InvalidAction.NotFound 404", async () => {
    expectError(
      await sendSigned({ endpoint: emu.endpoint, accessKey: key }),
      404,
      "InvalidAction.NotFound",
    );
  });

  it("a path other than / or a method other than GET/POST: InvalidAction.NotFound 404", async () => {
    expectError(await send({ path: "/ListSecrets" }), 404, "InvalidAction.NotFound");
    const params = signedParams(
      { endpoint: emu.endpoint, accessKey: key, action: "ListSecrets" },
      "PUT",
    );
    expectError(
      await rawRequest(emu.endpoint, { method: "PUT", path: `/?${formEncode(params)}` }),
      404,
      "InvalidAction.NotFound",
    );
  });

  it("a missing Version: MissingVersion 400; a wrong one: InvalidVersion 400", async () => {
    expectError(await send({ version: null }), 400, "MissingVersion");
    expectError(await send({ version: "2014-05-26" }), 400, "InvalidVersion");
  });

  it("malformed percent-encoding or a repeated parameter: InvalidParameter 400", async () => {
    expectError(
      await rawRequest(emu.endpoint, {
        method: "GET",
        path: "/?Action=ListSecrets&PageSize=%E0%A4%A",
      }),
      400,
      "InvalidParameter",
    );
    const params = formEncode(
      signedParams({ endpoint: emu.endpoint, accessKey: key, action: "ListSecrets" }, "POST"),
    );
    expectError(
      await rawRequest(emu.endpoint, {
        method: "POST",
        path: "/?PageSize=2",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: `${params}&PageSize=3`,
      }),
      400,
      "InvalidParameter",
    );
  });

  it("the error body carries the region's HostId and a Recommend link", async () => {
    const res = await send({ signWithSecret: "bad" });
    expect(res.json?.["HostId"]).toBe("kms.cn-hangzhou.aliyuncs.com");
    expect(res.json?.["Recommend"]).toContain("SignatureDoesNotMatch");
    expect(res.json?.["RequestId"]).toMatch(/^[0-9A-F-]{36}$/);
  });
});

describe("signature V3 (ACS3-HMAC-SHA256)", () => {
  const v3 = (options: Partial<SignedV3Options> = {}) =>
    sendSignedV3({ endpoint: emu.endpoint, accessKey: key, action: "ListSecrets", ...options });

  it.each(["query", "form"] as const)("accepts parameters in the %s", async (paramsIn) => {
    const res = await v3({ paramsIn, params: { PageSize: 3, Filters: "[]" } });
    expect(res.status).toBe(200);
    expect(res.json?.["PageSize"]).toBe(3);
    expect(res.json?.["TotalCount"]).toBe(12);
  });

  it("a wrong secret: SignatureDoesNotMatch 400", async () => {
    expectError(await v3({ signWithSecret: "wrong" }), 400, "SignatureDoesNotMatch");
  });

  it("a body changed after signing: SignatureDoesNotMatch 400", async () => {
    expectError(
      await v3({ paramsIn: "form", params: { PageSize: 3 }, bodyAfterSigning: "PageSize=4" }),
      400,
      "SignatureDoesNotMatch",
    );
  });

  it("an unsigned x-acs-* header or host: IncompleteSignature 400", async () => {
    expectError(await v3({ unsigned: ["x-acs-action"] }), 400, "IncompleteSignature");
    expectError(await v3({ unsigned: ["host"] }), 400, "IncompleteSignature");
  });

  it("no x-acs-date: IncompleteSignature 400; a stale one: InvalidTimeStamp.Expired 400", async () => {
    expectError(await v3({ drop: ["x-acs-date"] }), 400, "IncompleteSignature");
    expectError(
      await v3({ date: new Date(Date.now() - 20 * 60_000) }),
      400,
      "InvalidTimeStamp.Expired",
    );
  });

  it("an unknown key: InvalidAccessKeyId.NotFound 404; a reused nonce: SignatureNonceUsed 400", async () => {
    expectError(
      await v3({ accessKey: { accessKeyId: "testkey-nope", accessKeySecret: "x" } }),
      404,
      "InvalidAccessKeyId.NotFound",
    );
    const nonce = `v3-${Math.random()}`;
    expect((await v3({ nonce })).status).toBe(200);
    expectError(await v3({ nonce }), 400, "SignatureNonceUsed");
  });

  it("verifies the STS token from x-acs-security-token", async () => {
    const sts = await startEmulator({ accessKeys: [{ ...key, securityToken: "tok" }] });
    try {
      const base = { endpoint: sts.endpoint, action: "ListSecrets" };
      expect(
        (await sendSignedV3({ ...base, accessKey: { ...key, securityToken: "tok" } })).status,
      ).toBe(200);
      expectError(
        await sendSignedV3({ ...base, accessKey: { ...key, securityToken: "other" } }),
        400,
        "InvalidSecurityToken.MismatchWithAccessKey",
      );
      expectError(
        await sendSignedV3({ ...base, accessKey: key }),
        400,
        "InvalidSecurityToken.MismatchWithAccessKey",
      );
    } finally {
      await sts.close();
    }
  });
});
