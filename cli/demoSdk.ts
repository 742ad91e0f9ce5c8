/**
 * The demo's SDK call: the core's `listSecrets` (Pulumi-free; what `getSecrets` runs) in-process
 * against the demo's emulator, checked against the CLI's listing of the same query.
 */
import { listSecrets } from "../core/lookup";

/** The query both faces run: one region at the emulator's endpoint, with tags. */
export interface DemoQuery {
  region: string;
  endpoint: string;
}

/** What the SDK listing must agree on with the CLI's; returns the problems found. */
export function compareSdkListing(
  sdkNames: readonly string[],
  cliNames: readonly string[],
): string[] {
  if (sdkNames.length !== cliNames.length) {
    return [`the SDK returned ${sdkNames.length} secrets, the CLI ${cliNames.length}`];
  }
  const differs = sdkNames.findIndex((name, i) => name !== cliNames[i]);
  return differs === -1
    ? []
    : [
        `the SDK and the CLI differ at secret ${differs + 1}: ${sdkNames[differs]} vs ${cliNames[differs]}`,
      ];
}

/** Lists with the core in-process (credentials from `env`, as the CLI's); names and problems. */
export async function listWithSdk(
  query: DemoQuery,
  env: Readonly<Record<string, string | undefined>>,
  cliNames: readonly string[],
): Promise<{ count: number; problems: string[] }> {
  const result = await listSecrets({ ...query, fetchTags: true }, { env, config: {} });
  return { count: result.names.length, problems: compareSdkListing(result.names, cliNames) };
}
