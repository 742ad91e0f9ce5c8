/** The two official clients pointed at an emulator: `@alicloud/pop-core` and `@alicloud/kms20160120`. */
import RPCClient = require("@alicloud/pop-core");
import type { EmulatorHandle } from "../../emulator";

export type PopCore = RPCClient;

export function popCoreFor(
  emulator: Pick<EmulatorHandle, "endpoint" | "accessKey">,
  overrides: Partial<RPCClient.Config> = {},
): RPCClient {
  return new RPCClient({
    endpoint: emulator.endpoint,
    apiVersion: "2016-01-20",
    accessKeyId: emulator.accessKey.accessKeyId,
    accessKeySecret: emulator.accessKey.accessKeySecret,
    ...(emulator.accessKey.securityToken
      ? { securityToken: emulator.accessKey.securityToken }
      : {}),
    ...overrides,
  });
}

/** The parts of the generated KMS client the tests use (it ships no usable types for us). */
export interface KmsClient {
  listSecrets(request: unknown): Promise<KmsListSecretsResponse>;
  describeSecret(request: unknown): Promise<Record<string, unknown>>;
  getSecretValue(request: unknown): Promise<Record<string, unknown>>;
  doRequest(
    action: string,
    protocol: string,
    method: string,
    version: string,
    authType: string,
    query: Record<string, unknown>,
    body: unknown,
    runtime: Record<string, unknown>,
  ): Promise<Record<string, unknown>>;
}

export interface KmsListSecretsResponse {
  requestId: string;
  pageNumber: number;
  pageSize: number;
  totalCount: number;
  secretList: {
    secret: {
      secretName: string;
      createTime: string;
      updateTime: string;
      secretType: string;
      plannedDeleteTime?: string;
      tags?: { tag: { tagKey: string; tagValue: string }[] };
    }[];
  };
}

interface KmsModule {
  default: new (config: unknown) => KmsClient;
  ListSecretsRequest: new (map: Record<string, unknown>) => unknown;
  DescribeSecretRequest: new (map: Record<string, unknown>) => unknown;
  GetSecretValueRequest: new (map: Record<string, unknown>) => unknown;
}

export const kms = require("@alicloud/kms20160120") as KmsModule;
const rpcClient = require("@alicloud/rpc-client") as {
  Config: new (map: Record<string, unknown>) => unknown;
};

export function kmsClientFor(
  emulator: Pick<EmulatorHandle, "endpoint" | "accessKey" | "region">,
  overrides: Record<string, unknown> = {},
): KmsClient {
  return new kms.default(
    new rpcClient.Config({
      accessKeyId: emulator.accessKey.accessKeyId,
      accessKeySecret: emulator.accessKey.accessKeySecret,
      ...(emulator.accessKey.securityToken
        ? { securityToken: emulator.accessKey.securityToken }
        : {}),
      endpoint: emulator.endpoint.replace(/^http:\/\//, ""),
      protocol: "http",
      regionId: emulator.region,
      ...overrides,
    }),
  );
}

/** An error thrown by either client, as far as the tests look at it. */
export interface ClientError {
  code?: string;
  message?: string;
  data?: Record<string, unknown>;
}

export async function caught(promise: Promise<unknown>): Promise<ClientError> {
  try {
    await promise;
  } catch (error: unknown) {
    return error as ClientError;
  }
  throw new Error("expected the call to fail");
}
