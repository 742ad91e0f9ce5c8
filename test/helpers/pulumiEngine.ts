/**
 * Runs the package the way the Pulumi engine does, without the Pulumi CLI:
 * - `npm pack` the package and unpack the tarball into a scratch program's node_modules, as
 *   npm installs it; its dependencies and @pulumi/pulumi are links to the repo's node_modules
 *   (no registry, no network);
 * - serialize SecretsLookup's provider there, in a child process, under mocks;
 * - start `@pulumi/pulumi/cmd/dynamic-provider` from the scratch directory and drive it
 *   over gRPC with the stubs in `@pulumi/pulumi/proto`, keeping a transcript of every
 *   request and response for the security scan.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { promises as fs, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as providerGrpcTypes from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as providerPbTypes from "@pulumi/pulumi/proto/provider_pb";
import type * as structPbTypes from "google-protobuf/google/protobuf/struct_pb";

import { ensureBuilt, REPO_ROOT } from "./builtDist";
import { packedProgram, pulumiVersion, PULUMI_NODE_MODULES_ENV } from "./packedInstall";

const exec = promisify(execFile);

export { REPO_ROOT };
/** The @pulumi/pulumi the repo installs (package.json devDependencies) and the tests run. */
export const PULUMI_VERSION = "3.248.0";

/** An environment with nothing credential-like in it: HOME is the scratch dir. */
export function cleanEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { HOME: home, PATH: process.env["PATH"] ?? "" };
  for (const key of ["SYSTEMROOT", "TMPDIR", "TEMP", "TMP"]) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return { ...env, ...extra };
}

export interface ScratchProgram {
  dir: string;
  tarball: string;
  remove(): Promise<void>;
}

/**
 * `npm pack`s the package (offline) and unpacks it into a fresh program's node_modules; the
 * package's dependencies and @pulumi/pulumi link to installed copies (test/helpers/packedInstall.ts:
 * the repo's, or the @pulumi/pulumi under KMS_SECRETS_PULUMI_NODE_MODULES).
 */
export async function installPackedPackage(): Promise<ScratchProgram> {
  await ensureBuilt();
  const program = await packedProgram({ prefix: "kms-secrets-engine-" });
  const version = pulumiVersion();
  if (process.env[PULUMI_NODE_MODULES_ENV] === undefined && version !== PULUMI_VERSION) {
    await program.remove();
    throw new Error(`the repo's @pulumi/pulumi is ${version}, expected ${PULUMI_VERSION}`);
  }
  return program;
}

const SERIALIZE_SCRIPT = `
const pulumi = require("@pulumi/pulumi");
const kms = require("pulumi-alicloud-kms-secrets");
const config = JSON.parse(process.env.KMS_TEST_STACK_CONFIG);
const argSets = JSON.parse(process.env.KMS_TEST_LOOKUP_ARGS);
pulumi.runtime.setAllConfig(config, ["alicloud:secretKey", "alicloud:securityToken"]);
let provider;
const results = [];
pulumi.runtime
  .setMocks(
    {
      newResource(res) {
        if (res.type === "pulumi-nodejs:dynamic/kms-secrets:SecretsLookup") provider = res.inputs.__provider;
        return { id: res.name + "-id", state: res.inputs };
      },
      call() {
        throw new Error("no invokes expected");
      },
    },
    "engine-test",
    "test",
    false,
  )
  .then(async () => {
    for (const [index, args] of argSets.entries()) {
      // List first, so the program's module state holds every secret listed when serializing.
      const listed = await kms.getSecrets(args);
      provider = undefined;
      const lookup = new kms.SecretsLookup("watched-" + index, args);
      await new Promise((resolve) => lookup.urn.apply(resolve));
      results.push({ provider, listed: listed.names.length });
    }
    process.stdout.write(JSON.stringify(results) + "\\n");
  })
  .catch((err) => {
    console.error(err && err.message);
    process.exit(1);
  });
`;

export interface SerializedProvider {
  text: string;
  /** How many secrets the program listed before the provider was serialized. */
  listed: number;
}

/**
 * Runs a program in the scratch directory that, for each set of arguments in turn, lists
 * secrets with `getSecrets` and then constructs a SecretsLookup under mocks; returns the
 * `__provider` text each registered (one process, so Pulumi loads once).
 */
export async function serializeProviderInProgram(
  scratch: string,
  stackConfig: Record<string, string>,
  argSets: readonly Record<string, unknown>[],
): Promise<SerializedProvider[]> {
  const script = path.join(scratch, "serialize-provider.js");
  await fs.writeFile(script, SERIALIZE_SCRIPT);
  const { stdout } = await exec(process.execPath, [script], {
    cwd: scratch,
    env: cleanEnv(scratch, {
      KMS_TEST_STACK_CONFIG: JSON.stringify(stackConfig),
      KMS_TEST_LOOKUP_ARGS: JSON.stringify(argSets),
    }),
    maxBuffer: 16 << 20,
  });
  const line = stdout.trim().split("\n").pop() ?? "";
  const parsed = JSON.parse(line) as { provider?: string; listed: number }[];
  if (parsed.length !== argSets.length)
    throw new Error(`${parsed.length} results for ${argSets.length}`);
  return parsed.map(({ provider, listed }) => {
    if (typeof provider !== "string") throw new Error("no SecretsLookup was registered");
    return { text: provider, listed };
  });
}

export interface ProviderHost {
  port: number;
  process: ChildProcess;
  stdout(): string;
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * Starts the engine's dynamic-provider host with `programDir` as its cwd, as the engine
 * does. The host comes from the @pulumi/pulumi under `pulumiRoot` (default: the program's).
 */
export async function startProviderHost(
  programDir: string,
  pulumiRoot: string = programDir,
): Promise<ProviderHost> {
  const entry = path.join(pulumiRoot, "node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js");
  // Any engine address will do: the host only logs to it.
  const child = spawn(process.execPath, [entry, "127.0.0.1:1"], {
    cwd: programDir,
    env: cleanEnv(programDir),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start: ${err}`)), 30_000);
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^(\d+)\s*$/m.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}: ${err}`));
    });
  });
  return {
    port,
    process: child,
    stdout: () => out,
    stderr: () => err,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

export interface CheckFailure {
  property: string;
  reason: string;
}

type Props = Record<string, unknown>;

/** A ResourceProvider gRPC client built from the scratch program's own @pulumi/pulumi. */
export class ProviderClient {
  /** Every request and response, as JSON, in order. */
  readonly transcript: { method: string; direction: "request" | "response"; json: string }[] = [];
  private readonly grpc: typeof grpcTypes;
  private readonly pb: typeof providerPbTypes;
  private readonly struct: typeof structPbTypes.Struct;
  private readonly client: providerGrpcTypes.ResourceProviderClient;

  constructor(scratch: string, port: number) {
    // the real path: @pulumi/pulumi may be linked, and its dependencies sit beside its real copy
    const fromPulumi = createRequire(
      realpathSync(path.join(scratch, "node_modules/@pulumi/pulumi/package.json")),
    );
    this.grpc = fromPulumi("@grpc/grpc-js") as typeof grpcTypes;
    this.pb = fromPulumi("./proto/provider_pb") as typeof providerPbTypes;
    this.struct = (
      fromPulumi("google-protobuf/google/protobuf/struct_pb") as typeof structPbTypes
    ).Struct;
    const stubs = fromPulumi("./proto/provider_grpc_pb") as typeof providerGrpcTypes;
    this.client = new stubs.ResourceProviderClient(
      `127.0.0.1:${port}`,
      this.grpc.credentials.createInsecure(),
    );
  }

  close(): void {
    this.client.close();
  }

  private toStruct(props: Props): structPbTypes.Struct {
    return this.struct.fromJavaScript(props as Record<string, structPbTypes.JavaScriptValue>);
  }

  private call<Req extends { toObject(): object }, Res extends { toObject(): object }>(
    method: string,
    request: Req,
    invoke: (
      request: Req,
      metadata: grpcTypes.Metadata,
      options: Partial<grpcTypes.CallOptions>,
      callback: (error: grpcTypes.ServiceError | null, response: Res) => void,
    ) => unknown,
  ): Promise<Res> {
    this.transcript.push({
      method,
      direction: "request",
      json: JSON.stringify(request.toObject()),
    });
    return new Promise((resolve, reject) => {
      const deadline = new Date(Date.now() + 60_000);
      invoke.call(
        this.client,
        request,
        new this.grpc.Metadata(),
        { deadline },
        (error, response) => {
          if (error) {
            this.transcript.push({
              method,
              direction: "response",
              json: JSON.stringify({ error: error.details }),
            });
            reject(error);
            return;
          }
          this.transcript.push({
            method,
            direction: "response",
            json: JSON.stringify(response.toObject()),
          });
          resolve(response);
        },
      );
    });
  }

  async configure(stackConfig: Record<string, string>): Promise<void> {
    const request = new this.pb.ConfigureRequest();
    request.setArgs(this.toStruct(stackConfig));
    request.setAcceptsecrets(true);
    await this.call("Configure", request, this.client.configure);
  }

  async check(
    urn: string,
    olds: Props,
    news: Props,
  ): Promise<{ inputs: Props; failures: CheckFailure[] }> {
    const request = new this.pb.CheckRequest();
    request.setUrn(urn);
    request.setOlds(this.toStruct(olds));
    request.setNews(this.toStruct(news));
    const response = await this.call("Check", request, this.client.check);
    return {
      inputs: response.getInputs()?.toJavaScript() ?? {},
      failures: response
        .getFailuresList()
        .map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async create(urn: string, properties: Props): Promise<{ id: string; properties: Props }> {
    const request = new this.pb.CreateRequest();
    request.setUrn(urn);
    request.setProperties(this.toStruct(properties));
    const response = await this.call("Create", request, this.client.create);
    return { id: response.getId(), properties: response.getProperties()?.toJavaScript() ?? {} };
  }

  async diff(
    urn: string,
    id: string,
    olds: Props,
    news: Props,
  ): Promise<{ changes: "unknown" | "none" | "some"; replaces: string[] }> {
    const request = new this.pb.DiffRequest();
    request.setUrn(urn);
    request.setId(id);
    request.setOlds(this.toStruct(olds));
    request.setNews(this.toStruct(news));
    const response = await this.call("Diff", request, this.client.diff);
    const kinds = this.pb.DiffResponse.DiffChanges;
    const changes = response.getChanges();
    return {
      changes:
        changes === kinds.DIFF_NONE ? "none" : changes === kinds.DIFF_SOME ? "some" : "unknown",
      replaces: response.getReplacesList(),
    };
  }

  async read(
    urn: string,
    id: string,
    properties: Props,
    inputs: Props,
  ): Promise<{ id: string; properties: Props; inputs: Props }> {
    const request = new this.pb.ReadRequest();
    request.setUrn(urn);
    request.setId(id);
    request.setProperties(this.toStruct(properties));
    request.setInputs(this.toStruct(inputs));
    const response = await this.call("Read", request, this.client.read);
    return {
      id: response.getId(),
      properties: response.getProperties()?.toJavaScript() ?? {},
      inputs: response.getInputs()?.toJavaScript() ?? {},
    };
  }

  async update(urn: string, id: string, olds: Props, news: Props): Promise<{ properties: Props }> {
    const request = new this.pb.UpdateRequest();
    request.setUrn(urn);
    request.setId(id);
    request.setOlds(this.toStruct(olds));
    request.setNews(this.toStruct(news));
    const response = await this.call("Update", request, this.client.update);
    return { properties: response.getProperties()?.toJavaScript() ?? {} };
  }
}
