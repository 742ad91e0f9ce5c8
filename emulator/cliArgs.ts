/**
 * The command line of `kms-secrets emulator`: its usage text and the parser that turns flags
 * into EmulatorOptions, refusing a non-loopback host unless --allow-non-loopback.
 */
import { parseArgs } from "node:util";
import { isLoopbackHost, REGION_PATTERN } from "../core/patterns";
import type { EmulatorAccessKey, EmulatorOptions, FaultOptions } from "./types";

export const EMULATOR_USAGE = `Usage: kms-secrets emulator [options]

Starts a local Alibaba Cloud KMS emulator (ListSecrets, DescribeSecret, GetSecretValue)
that verifies signatures like the real gateway. Runs until SIGINT/SIGTERM.

Options:
  --port N                   port to listen on (default 0: a free port)
  --host H                   address to bind (default 127.0.0.1); a non-loopback or empty
                             address is refused: it would expose the admin API and values
  --allow-non-loopback       bind --host even if it is not a loopback address
  --region R                 region used in ARNs (default cn-hangzhou)
  --regions R1,R2            serve several regions: one store (each seeded alike) and one
                             port per region; prints the --endpoint REGION=URL,... to use
  --seed FILE                JSON seed: {"SecretList":{"Secret":[...]}} or a plain list
  --demo N                   a deterministic demo set of N secrets
  --access-key-id ID         the access key to accept (default: a generated one)
  --access-key-secret SECRET
  --security-token T         make the key an STS key: requests must carry this token
  --no-admin                 do not serve the /__admin/ endpoint
Faults:
  --latency-ms N             added to every response
  --qps-limit N              per access key and action; excess gets Rejected.Throttling (429)
  --throttle-rate P          probability (0..1) of Throttling.User (400)
  --error500-rate P          probability of InternalFailure (500)
  --error503-rate P          probability of ServiceUnavailable (503)
  --html502-rate P           probability of an HTML 502 Bad Gateway page
  --stall-rate P             probability of holding the response --stall-ms (default 60000)
  --stall-ms N
  --shift-every N            change the set after every N-th ListSecrets request
  --shift-insert N           secrets inserted per change (default 1)
  --shift-remove N           secrets removed per change (default 0)
  --fault-seed N             seed of the fault PRNG (default 1)
`;

/** A bad command line: printed with the usage, exit 2. */
export class UsageError extends Error {}

function numberFlag(
  values: Record<string, unknown>,
  name: string,
  check: (n: number) => boolean,
  what: string,
) {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== "string" || raw.trim() === "" || !Number.isFinite(n) || !check(n)) {
    throw new UsageError(`--${name} must be ${what}, got "${String(raw)}"`);
  }
  return n;
}

const isInt = (min: number) => (n: number) => Number.isInteger(n) && n >= min;
const isRate = (n: number) => n >= 0 && n <= 1;

export interface ParsedCommand {
  options: EmulatorOptions;
  /** `--regions`: serve these regions, one port each. */
  regions?: string[];
  seedFile?: string;
  help: boolean;
}

/** Parses and checks the emulator's flags; throws UsageError naming the flag. */
export function parseEmulatorArgs(argv: string[]): ParsedCommand {
  const str = { type: "string" } as const;
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: "boolean", short: "h" },
        port: str,
        host: str,
        region: str,
        regions: str,
        seed: str,
        demo: str,
        "access-key-id": str,
        "access-key-secret": str,
        "security-token": str,
        "no-admin": { type: "boolean" },
        "allow-non-loopback": { type: "boolean" },
        "latency-ms": str,
        "qps-limit": str,
        "throttle-rate": str,
        "error500-rate": str,
        "error503-rate": str,
        "html502-rate": str,
        "stall-rate": str,
        "stall-ms": str,
        "shift-every": str,
        "shift-insert": str,
        "shift-remove": str,
        "fault-seed": str,
      },
    }));
  } catch (error: unknown) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const port = numberFlag(
    values,
    "port",
    (n) => isInt(0)(n) && n <= 65535,
    "a port number 0-65535",
  );
  const demo = numberFlag(values, "demo", isInt(0), "a non-negative integer");
  const seedFile = values["seed"] as string | undefined;
  if (seedFile !== undefined && demo !== undefined)
    throw new UsageError("give either --seed or --demo, not both");
  const id = values["access-key-id"] as string | undefined;
  const secret = values["access-key-secret"] as string | undefined;
  const token = values["security-token"] as string | undefined;
  if ((id === undefined) !== (secret === undefined)) {
    throw new UsageError("--access-key-id and --access-key-secret go together");
  }
  if (token !== undefined && id === undefined)
    throw new UsageError("--security-token needs --access-key-id and --access-key-secret");

  const faults: FaultOptions = {};
  const set = <K extends keyof FaultOptions>(key: K, value: FaultOptions[K] | undefined) => {
    if (value !== undefined) faults[key] = value;
  };
  set("latencyMs", numberFlag(values, "latency-ms", isInt(0), "a non-negative integer"));
  set("qpsLimit", numberFlag(values, "qps-limit", isInt(1), "a positive integer"));
  set("throttleRate", numberFlag(values, "throttle-rate", isRate, "a probability 0..1"));
  set("error500Rate", numberFlag(values, "error500-rate", isRate, "a probability 0..1"));
  set("error503Rate", numberFlag(values, "error503-rate", isRate, "a probability 0..1"));
  set("html502Rate", numberFlag(values, "html502-rate", isRate, "a probability 0..1"));
  set("stallRate", numberFlag(values, "stall-rate", isRate, "a probability 0..1"));
  set("stallMs", numberFlag(values, "stall-ms", isInt(0), "a non-negative integer"));
  set("randomSeed", numberFlag(values, "fault-seed", isInt(0), "a non-negative integer"));
  const every = numberFlag(values, "shift-every", isInt(1), "a positive integer");
  const insert = numberFlag(values, "shift-insert", isInt(0), "a non-negative integer");
  const remove = numberFlag(values, "shift-remove", isInt(0), "a non-negative integer");
  if (every !== undefined) {
    faults.shiftBetweenPages = {
      everyNRequests: every,
      ...(insert !== undefined ? { insert } : {}),
      ...(remove !== undefined ? { remove } : {}),
    };
  } else if (insert !== undefined || remove !== undefined) {
    throw new UsageError("--shift-insert/--shift-remove need --shift-every");
  }

  const options: EmulatorOptions = { faults };
  if (port !== undefined) options.port = port;
  if (values["host"] !== undefined) {
    const host = values["host"] as string;
    if (!isLoopbackHost(host) && values["allow-non-loopback"] !== true) {
      throw new UsageError(
        `--host ${host === "" ? '""' : host} is not a loopback address: the emulator would serve ` +
          "secret values and its admin API to the network. Add --allow-non-loopback to do it anyway.",
      );
    }
    options.host = host;
  }
  if (values["region"] !== undefined) options.region = values["region"] as string;
  if (demo !== undefined) options.demo = demo;
  if (values["no-admin"] === true) options.admin = false;
  if (id !== undefined && secret !== undefined) {
    const key: EmulatorAccessKey = { accessKeyId: id, accessKeySecret: secret };
    if (token !== undefined) key.securityToken = token;
    options.accessKeys = [key];
  }
  const regions = (values["regions"] as string | undefined)?.split(",").map((r) => r.trim());
  if (regions !== undefined) {
    if (values["region"] !== undefined)
      throw new UsageError("give --region or --regions, not both");
    if (values["port"] !== undefined)
      throw new UsageError("--regions picks a free port per region; drop --port");
    if (regions.some((r) => !REGION_PATTERN.test(r)) || new Set(regions).size !== regions.length)
      throw new UsageError("--regions must be distinct region ids, e.g. cn-hangzhou,cn-shanghai");
  }
  return {
    options,
    ...(regions !== undefined ? { regions } : {}),
    ...(seedFile !== undefined ? { seedFile } : {}),
    help: values["help"] === true,
  };
}
