/** Redaction by name in every shape (key=value, JSON, XML, headers) and by value, in every error field. */
import { KmsError } from "../core/errors";
import { REDACTED, SecretValues, redact, redactDeep } from "../core/redact";

const signature = "k2Jf+9/abc0QxYz12345678=";
const nonce = "5b1f0c1e-9a2b-4c3d-8e7f-0123456789ab";
const token = "teststs+AbC/dEf==";

test.each([
  ["key=value", `a=1&Signature=${encodeURIComponent(signature)}&b=2`],
  ["JSON", `{"Signature": "${signature}", "SignatureNonce": "${nonce}"}`],
  [
    "XML elements",
    `<Error><Signature>${signature}</Signature><SignatureNonce>${nonce}</SignatureNonce></Error>`,
  ],
  ["XML with attributes", `<SecurityToken type="sts">${token}</SecurityToken>`],
  ["header-like", `SecurityToken: ${token}`],
])("by name: %s", (_shape, text) => {
  const out = redact(text);
  expect(out).toContain(REDACTED);
  for (const value of [signature, encodeURIComponent(signature), nonce, token]) {
    expect(out).not.toContain(value);
  }
});

test("by value: the values signed and sent, in free text and encoded", () => {
  const secrets = new SecretValues(["testsecret-abcdef"]);
  secrets.recordSent(
    `Action=ListSecrets&Signature=${encodeURIComponent(signature)}&SignatureNonce=${nonce}&SecurityToken=${encodeURIComponent(token)}&AccessKeyId=testkey-123`,
  );
  const text = `Signature value ${signature}, nonce ${nonce}; ${encodeURIComponent(token)} by testkey-123 testsecret-abcdef`;
  const out = secrets.text(text);
  for (const value of [
    signature,
    nonce,
    token,
    encodeURIComponent(token),
    "testkey-123",
    "testsecret-abcdef",
  ]) {
    expect(out).not.toContain(value);
  }
  expect(out).toContain("Signature value");
});

test("every field of an error, its cause and data, in place (the class is kept)", () => {
  const cause = Object.assign(new Error(`inner ${signature}`), {
    data: { Code: token, list: [nonce] },
  });
  const err = new KmsError({
    code: "Invalid",
    message: "outer",
    kind: "internal",
    retryable: false,
  });
  Object.defineProperty(err, "cause", {
    value: cause,
    enumerable: false,
    writable: true,
    configurable: true,
  });
  Object.defineProperty(err, "code", {
    value: `Code.${nonce}`,
    writable: true,
    configurable: true,
  });
  const out = redactDeep(err, [signature, nonce, token]);
  expect(out).toBe(err);
  expect(out).toBeInstanceOf(KmsError);
  const all =
    JSON.stringify({ err, cause: err.cause, data: cause.data, stack: cause.stack }) +
    err.code +
    cause.message;
  for (const value of [signature, nonce, token]) expect(all).not.toContain(value);
});

test("the KmsError constructor redacts code and requestId, not only the message", () => {
  const err = new KmsError({
    code: `X.SecurityToken=${token}`,
    message: "m",
    requestId: `rid ${nonce}`,
    retryable: false,
    kind: "internal",
    known: [nonce],
  });
  expect(JSON.stringify(err)).not.toContain(token);
  expect(JSON.stringify(err)).not.toContain(nonce);
});

test("cycles and deep nesting end", () => {
  const a: Record<string, unknown> = { s: signature };
  a["self"] = a;
  let deep: Record<string, unknown> = { s: signature };
  for (let i = 0; i < 1000; i++) deep = { next: deep };
  expect(() => redactDeep({ a, deep }, [signature])).not.toThrow();
  expect(a["s"]).toBe(REDACTED);
});
