/**
 * A local emulator of the Alibaba Cloud KMS RPC API (ListSecrets, DescribeSecret,
 * GetSecretValue, ListSecretVersionIds) that signs and verifies like the real gateway, for tests, demos and CI.
 */
export type {
  AssumeRoleCall,
  EmulatorAccessKey,
  EmulatorHandle,
  EmulatorOptions,
  EmulatorRole,
  EmulatorStats,
  FaultKind,
  FaultOptions,
  SecretTag,
  SeedSecret,
  SeedSecretVersion,
} from "./types";
export { startEmulator, generateAccessKey, API_VERSION } from "./server";
export { demoSecrets } from "./demo";
export {
  startRegionalEmulator,
  type RegionalEmulatorHandle,
  type RegionalEmulatorOptions,
} from "./regions";
export { STS_API_VERSION } from "./sts";
export { parseSeed, SeedError } from "./seed";
export { TAG_FILTER_RESULT_CAP } from "./listSecrets";
export { runEmulatorCommand, type EmulatorCommandIo } from "./cli";
export { parseEmulatorArgs, EMULATOR_USAGE } from "./cliArgs";
