/** Typed errors: kinds drive exit codes, wrapping keeps the cause, factories fill defaults. */
import { kmsErrorFromBody, kmsErrorFromStatus, kmsErrorFromThrown } from "../core/classify";
import { KmsError, rewordError, type KmsErrorKind } from "../core/errors";
import { describeFailure } from "../cli/failure";
import { EXIT_CODE_BY_KIND, EXIT_SERVICE, EXIT_USAGE } from "../cli/exit-codes";

const ctx = { apiAction: "ListSecrets", known: [] as string[] };

describe("error kinds", () => {
  test.each([
    [kmsErrorFromBody({ Code: "Throttling.User" }, 400, ctx), "throttled", true],
    [kmsErrorFromBody({ Code: "ServiceUnavailable" }, 503, ctx), "unavailable", true],
    [kmsErrorFromBody({ Code: "InvalidAccessKeyId.NotFound" }, 404, ctx), "auth", false],
    [kmsErrorFromBody({ Code: "InvalidTimeStamp.Expired" }, 400, ctx), "auth", false],
    [kmsErrorFromBody({ Code: "Forbidden.NoPermission" }, 403, ctx), "permission", false],
    [kmsErrorFromBody({ Code: "InvalidParameter" }, 400, ctx), "rejected", false],
    [kmsErrorFromStatus(429, undefined, ctx), "throttled", true],
    [kmsErrorFromStatus(502, undefined, ctx), "unavailable", true],
    [kmsErrorFromStatus(404, undefined, ctx), "rejected", false],
    [
      kmsErrorFromThrown(Object.assign(new Error("x"), { code: "ECONNRESET" }), ctx),
      "network",
      true,
    ],
    [
      kmsErrorFromThrown(Object.assign(new Error("x"), { code: "ENOTFOUND" }), ctx),
      "network",
      false,
    ],
    [kmsErrorFromThrown({ name: "AbortError" }, ctx), "aborted", false],
    [kmsErrorFromThrown({ weird: true }, ctx), "internal", false],
  ] as [KmsError, KmsErrorKind, boolean][])("%s", (err, kind, retryable) => {
    expect(err.kind).toBe(kind);
    expect(err.retryable).toBe(retryable);
  });
});

describe("kind -> exit code, never the code's spelling", () => {
  const error = (code: string, kind: KmsErrorKind, httpStatus?: number): KmsError =>
    new KmsError({ code, kind, message: "m", ...(httpStatus ? { httpStatus } : {}) });

  test("config problems found before any request exit 2, whatever their code", () => {
    expect(describeFailure(error("Credentials.NotFound", "config"), "list").exitCode).toBe(
      EXIT_USAGE,
    );
    // a code the old regex did not know: the kind decides
    expect(describeFailure(error("Profile.Unreadable", "config"), "list").exitCode).toBe(
      EXIT_USAGE,
    );
  });

  test("codes that look like config but come from the service exit 3", () => {
    // the old rule matched /^Missing/ on the code: a service refusal is a service failure
    expect(describeFailure(error("MissingParameter", "rejected"), "list").exitCode).toBe(
      EXIT_SERVICE,
    );
    expect(
      describeFailure(error("InvalidAccessKeyId.NotFound", "auth", 404), "list").exitCode,
    ).toBe(EXIT_SERVICE);
  });

  test("every kind has an exit code", () => {
    const kinds: KmsErrorKind[] = [
      "config",
      "auth",
      "permission",
      "rejected",
      "throttled",
      "unavailable",
      "network",
      "malformed",
      "inconsistent",
      "aborted",
      "internal",
    ];
    for (const kind of kinds) expect([EXIT_USAGE, EXIT_SERVICE]).toContain(EXIT_CODE_BY_KIND[kind]);
  });
});

describe("wrapping", () => {
  test("a reworded error keeps code, kind and request id, and wraps the original as its cause", () => {
    const original = kmsErrorFromBody(
      { Code: "Forbidden.NoPermission", RequestId: "r-9" },
      403,
      ctx,
    );
    const wrapped = rewordError(original, `secret "a": ${original.message}`);
    expect(wrapped).toMatchObject({
      code: "Forbidden.NoPermission",
      kind: "permission",
      remedy: "check-permissions",
      requestId: "r-9",
      httpStatus: 403,
    });
    expect(wrapped.cause).toBe(original);
    expect(JSON.parse(JSON.stringify(wrapped))).toMatchObject({
      kind: "permission",
      remedy: "check-permissions",
    });
  });
});
