/**
 * A lookup's session: arguments parsed once, region, endpoint and credentials resolved, one
 * transport and one resilience strategy; and the call pipeline every API call goes through
 * (strategy → transport → parse, errors redacted). Closed when the lookup ends.
 */
import { toParsedLookupArgs, type ParsedLookupArgs } from "./parsedArgs";
import { untilAborted } from "./abort";
import { popCoreTransport, type KmsTransport, type TransportResponse } from "./client";
import { chosenSettings, kmsEndpoint } from "./accountSettings";
import { withEnvDefaults } from "./credentialEnv";
import { resolveCredentials } from "./credentials";
import { abortError } from "./errors";
import { planLookup, type LookupPlan } from "./query";
import { SecretValues } from "./redact";
import { defaultEndpoint, resolveRegion } from "./region";
import { sharedLimiters, standardResilience, type ResilienceStrategy } from "./resilience";
import { retryPolicy } from "./retry";
import type { LookupContext } from "./context";
import type { LookupArgs } from "./types";

export type { LookupContext } from "./context";

/** Everything one lookup needs; closed when the lookup ends. */
export interface Session {
  args: ParsedLookupArgs;
  plan: LookupPlan;
  transport: KmsTransport;
  strategy: ResilienceStrategy;
  signal: AbortSignal | undefined;
  /** The credentials and signed values to redact from every error. */
  secrets: SecretValues;
  close(): void;
}

export async function openSession(
  input: LookupArgs | ParsedLookupArgs | undefined,
  context: LookupContext,
): Promise<Session> {
  const args = toParsedLookupArgs(input);
  const env = context.env ?? process.env;
  // one set of settings, filled from the environment once, for both the region and the key
  const settings = withEnvDefaults(chosenSettings(context.provider, context.config), env);
  const { region } = resolveRegion(args.region, { settings, env, homeDir: context.homeDir });
  const endpoint = args.endpoint ?? kmsEndpoint(settings) ?? defaultEndpoint(region);
  const plan = planLookup(args, region, endpoint);
  if (context.signal?.aborted) throw abortError(context.signal);
  const credentials = await resolveCredentials({
    settings,
    env,
    homeDir: context.homeDir,
    metadataHost: context.metadataHost,
  });
  // every error leaving a call is redacted with the credentials resolved and the values sent
  const secrets = new SecretValues([
    credentials.accessKeySecret,
    credentials.securityToken,
    credentials.accessKeyId,
  ]);
  const transport = (context.transport ?? popCoreTransport)({ endpoint, credentials, secrets });
  const shared = sharedLimiters(endpoint, credentials.accessKeyId);
  const strategy = standardResilience({
    policy: retryPolicy(plan.maxRetries, context.retry),
    retry: context.retry,
    maxConcurrency: plan.maxConcurrency,
    maxRequestsPerSecond: context.rateLimit?.requestsPerSecond ?? plan.maxRequestsPerSecond,
    burst: context.rateLimit?.burst,
    limiterFor: (action) => context.rateLimiter ?? shared(action),
  });
  const signal = context.signal;
  let closed = false;
  const closeTransport = (): void => {
    if (closed) return;
    closed = true;
    transport.close();
  };
  // an abort closes the transport at once, so requests in flight end too
  const onAbort = (): void => closeTransport();
  signal?.addEventListener("abort", onAbort, { once: true });
  return {
    args,
    plan,
    secrets,
    transport,
    strategy,
    signal,
    close() {
      signal?.removeEventListener("abort", onAbort);
      closeTransport();
      context.onCallStats?.({ ...strategy.stats });
    },
  };
}

/** One API call of the lookup through its strategy; `parse` failures are retried like answers. */
export function sessionCall<T>(
  session: Session,
  action: string,
  params: Record<string, string>,
  signal: AbortSignal,
  parse: (response: TransportResponse) => T,
): Promise<T> {
  const timeoutMs = session.plan.requestTimeoutMs;
  return session.strategy.run(
    action,
    async () => {
      if (signal.aborted) throw abortError(signal);
      try {
        return parse(
          await untilAborted(session.transport.call(action, params, { timeoutMs }), signal),
        );
      } catch (err) {
        session.secrets.error(err);
        throw err;
      }
    },
    signal,
  );
}

/** One KMS call through a session's strategy; rejects with a KmsError. */
export type SessionCall = (
  action: string,
  params: Record<string, string>,
  signal: AbortSignal,
) => Promise<TransportResponse>;

/**
 * Runs `body` with calls through a session opened with `args`, closing it after. For the
 * per-secret modules on the same machinery (versions.ts, secretValue.ts).
 */
export async function withSession<T>(
  args: LookupArgs,
  context: LookupContext,
  body: (call: SessionCall, session: { region: string; maxConcurrency: number }) => Promise<T>,
): Promise<T> {
  const session = await openSession(args, context);
  try {
    const call: SessionCall = (action, params, signal) =>
      sessionCall(session, action, params, signal, (response) => response);
    return await body(call, {
      region: session.plan.region,
      maxConcurrency: session.plan.maxConcurrency,
    });
  } finally {
    session.close();
  }
}
