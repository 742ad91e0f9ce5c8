/** Helpers for lookup-core tests against the emulator over real HTTP. */
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import {
  startEmulator,
  type EmulatorAccessKey,
  type EmulatorHandle,
  type EmulatorOptions,
  type SeedSecret,
} from "../../emulator";
import type { LookupArgs } from "../../core/args";
import type { LookupContext } from "../../core/lookup";

/** A made-up STS key (nothing that looks like a real key); the token has URL-special characters. */
export function stsKey(): Required<EmulatorAccessKey> {
  return {
    accessKeyId: `testkey-${randomBytes(6).toString("hex")}`,
    accessKeySecret: `testsecret-${randomBytes(12).toString("hex")}`,
    securityToken: `teststs+${randomBytes(9).toString("base64")}/${randomBytes(9).toString("hex")}==`,
  };
}

export function keyEnv(key: EmulatorAccessKey): Record<string, string> {
  return {
    ALIBABA_CLOUD_ACCESS_KEY_ID: key.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.accessKeySecret,
    ...(key.securityToken ? { ALIBABA_CLOUD_SECURITY_TOKEN: key.securityToken } : {}),
  };
}

export const NO_HOME = path.join(os.tmpdir(), "kms-secrets-core-tests-no-home");

/** Arguments pointing at the emulator. */
export function emuArgs(emu: EmulatorHandle, extra: LookupArgs = {}): LookupArgs {
  return { region: emu.region, endpoint: emu.endpoint, ...extra };
}

/** A context with the emulator's key, tiny backoff and a generous rate limit. */
export function emuContext(
  emu: EmulatorHandle,
  extra: Partial<LookupContext> = {},
  key: EmulatorAccessKey = emu.accessKey,
): LookupContext {
  return {
    env: keyEnv(key),
    homeDir: NO_HOME,
    retry: { baseDelayMs: 1, throttlingBaseDelayMs: 2, maxDelayMs: 10 },
    rateLimit: { requestsPerSecond: 2000, burst: 200 },
    ...extra,
  };
}

export function listCalls(emu: EmulatorHandle): number {
  return emu.stats().requestsByAction["ListSecrets"] ?? 0;
}

/** N plain secrets; names sort in creation order. */
export function seedSecrets(
  n: number,
  prefix = "s",
  tags?: (i: number) => { TagKey: string; TagValue: string }[],
): SeedSecret[] {
  const start = Date.parse("2024-01-01T00:00:00Z");
  return Array.from({ length: n }, (_, i) => ({
    SecretName: `${prefix}-${String(i).padStart(6, "0")}`,
    SecretType: i % 4 === 0 ? "Rds" : "Generic",
    CreateTime: new Date(start + i * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    ...(tags ? { Tags: { Tag: tags(i) } } : {}),
  }));
}

/** Every form a value may take in a message (raw, percent-encoded once or twice). */
export function leakForms(value: string): string[] {
  const once = encodeURIComponent(value);
  return [value, once, encodeURIComponent(once)];
}

/** A starter of emulators that a test closes when it ends (registers the file's afterEach). */
export function emulatorsPerTest(): (options: EmulatorOptions) => Promise<EmulatorHandle> {
  const open: EmulatorHandle[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((emu) => emu.close()));
  });
  return async (options) => {
    const emu = await startEmulator(options);
    open.push(emu);
    return emu;
  };
}
