/**
 * STS `AssumeRole` (RPC, version 2015-04-01) over the emulator's seeded roles. Each role is
 * its own account with its own secrets: the session key it issues is accepted for KMS calls
 * and sees only the role's secrets, so a test can tell whose identity a lookup used.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { ApiError, invalidParameter, missingParameter } from "./errors";
import { isoSeconds, withDefaults } from "./seed";
import { SecretStore } from "./store";
import type { AssumeRoleCall, EmulatorAccessKey, EmulatorRole } from "./types";

export const STS_API_VERSION = "2015-04-01";
export const STS_ACTIONS: ReadonlySet<string> = new Set(["AssumeRole"]);
const MIN_DURATION = 900;
const MAX_DURATION = 3600;
const SESSION_NAME = /^[\w.@-]{2,64}$/;
const ROLE_ARN = /^acs:ram::(\d+):role\/([\w.@-]+)$/i;

interface RoleAccount {
  role: EmulatorRole;
  accountId: string;
  roleName: string;
  store: SecretStore;
}

/** Where a KMS call made with an assumed-role session key lands. */
export interface SessionScope {
  store: SecretStore;
  accountId: string;
}

export class StsService {
  private readonly roles = new Map<string, RoleAccount>();
  private readonly sessions = new Map<string, SessionScope>();
  private readonly calls: AssumeRoleCall[] = [];

  constructor(
    roles: readonly EmulatorRole[],
    seedCreateTime: string,
    private readonly issueKey: (key: EmulatorAccessKey) => void,
    private readonly now: () => number = Date.now,
  ) {
    for (const role of roles) {
      const match = ROLE_ARN.exec(role.roleArn);
      if (!match)
        throw new Error(`role ARN "${role.roleArn}" must look like acs:ram::<account>:role/<name>`);
      if (this.roles.has(role.roleArn.toLowerCase()))
        throw new Error(`duplicate role ${role.roleArn}`);
      const store = new SecretStore((role.seed ?? []).map((s) => withDefaults(s, seedCreateTime)));
      this.roles.set(role.roleArn.toLowerCase(), {
        role,
        accountId: match[1] as string,
        roleName: match[2] as string,
        store,
      });
    }
  }

  /** The role account a session key belongs to, if it is one. */
  scopeOf(accessKeyId: string): SessionScope | undefined {
    return this.sessions.get(accessKeyId);
  }

  /** Every AssumeRole call answered, in order (what tests assert the lookup sent). */
  history(): AssumeRoleCall[] {
    return this.calls.map((call) => ({ ...call }));
  }

  /** Answers an authenticated AssumeRole call made with `caller`. */
  assumeRole(
    params: ReadonlyMap<string, string>,
    caller: EmulatorAccessKey,
    requestId: string,
  ): Record<string, unknown> {
    const roleArn = params.get("RoleArn");
    if (!roleArn) throw missingParameter("RoleArn");
    const sessionName = params.get("RoleSessionName");
    if (!sessionName) throw missingParameter("RoleSessionName");
    if (!SESSION_NAME.test(sessionName)) {
      throw invalidParameter("RoleSessionName", "2-64 characters of letters, digits, . @ - _");
    }
    const duration = Number(params.get("DurationSeconds") ?? String(MAX_DURATION));
    if (!Number.isInteger(duration) || duration < MIN_DURATION || duration > MAX_DURATION) {
      throw new ApiError(
        "InvalidParameter.DurationSeconds",
        400,
        `DurationSeconds must be between ${MIN_DURATION} and the role's maximum session duration (${MAX_DURATION}).`,
      );
    }
    const policy = params.get("Policy");
    if (policy !== undefined) {
      try {
        JSON.parse(policy);
      } catch {
        throw new ApiError("InvalidParameter.PolicyGrammar", 400, "The policy is not valid JSON.");
      }
    }
    const account = this.roles.get(roleArn.toLowerCase());
    if (!account) throw new ApiError("EntityNotExist.Role", 404, "The specified Role not exists.");
    const externalId = params.get("ExternalId");
    if (account.role.externalId !== undefined && externalId !== account.role.externalId) {
      throw new ApiError(
        "NoPermission",
        403,
        "You are not authorized to do this action: the ExternalId does not match the role's trust policy.",
      );
    }
    const session: Required<EmulatorAccessKey> = {
      accessKeyId: `STS.emulator${randomBytes(8).toString("hex")}`,
      accessKeySecret: randomBytes(18).toString("base64url"),
      securityToken: `emulator-sts-${randomBytes(24).toString("base64url")}`,
    };
    this.issueKey(session);
    this.sessions.set(session.accessKeyId, { store: account.store, accountId: account.accountId });
    this.calls.push({
      roleArn,
      roleSessionName: sessionName,
      durationSeconds: duration,
      callerAccessKeyId: caller.accessKeyId,
      ...(policy !== undefined ? { policy } : {}),
      ...(externalId !== undefined ? { externalId } : {}),
    });
    const roleId = randomUUID().replace(/-/g, "").slice(0, 18);
    return {
      RequestId: requestId,
      AssumedRoleUser: {
        Arn: `acs:ram::${account.accountId}:role/${account.roleName}/${sessionName}`,
        AssumedRoleId: `${roleId}:${sessionName}`,
      },
      Credentials: {
        AccessKeyId: session.accessKeyId,
        AccessKeySecret: session.accessKeySecret,
        SecurityToken: session.securityToken,
        Expiration: isoSeconds(this.now() + duration * 1000),
      },
    };
  }
}
