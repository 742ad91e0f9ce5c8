/**
 * Several regions from one emulator: one store and one listener per region, all on the same
 * host (127.0.0.1), each on its own port, so the endpoint's host:port selects the region.
 * Clients address them with an endpoint per region (CLI: --endpoint REGION=URL,...).
 */
import { generateAccessKey, startEmulator } from "./server";
import type { EmulatorAccessKey, EmulatorHandle, EmulatorOptions, SeedSecret } from "./types";

export interface RegionalEmulatorOptions extends Omit<EmulatorOptions, "region" | "port"> {
  /** The regions to serve, e.g. `["cn-hangzhou", "cn-shanghai"]`. */
  regions: readonly string[];
  /** A seed per region; a region without one gets `seed` (or `demo`), as a copy of its own. */
  seeds?: Readonly<Record<string, readonly SeedSecret[]>>;
}

export interface RegionalEmulatorHandle {
  /** The regions served, in the order given. */
  regions: string[];
  /** Region → endpoint (`http://127.0.0.1:PORT`). */
  endpoints: Record<string, string>;
  /** The `--endpoint` value for the CLI: `region=url,region=url`. */
  endpointFlag: string;
  /** The access key every region accepts. */
  accessKey: EmulatorAccessKey;
  /** The emulator of one region (stats, faults, putSecret, ...). */
  region(region: string): EmulatorHandle;
  close(): Promise<void>;
}

/** Starts one emulator per region, sharing the access keys; closes them all if one fails. */
export async function startRegionalEmulator(
  options: RegionalEmulatorOptions,
): Promise<RegionalEmulatorHandle> {
  const { regions, seeds, ...common } = options;
  if (regions.length === 0) throw new Error("give at least one region");
  if (new Set(regions).size !== regions.length) throw new Error("a region is given twice");
  for (const region of Object.keys(seeds ?? {})) {
    if (!regions.includes(region)) throw new Error(`seed for ${region}, which is not served`);
  }
  const accessKeys: EmulatorAccessKey[] = common.accessKeys?.length
    ? common.accessKeys.map((k) => ({ ...k }))
    : [generateAccessKey()];
  const settled = await Promise.allSettled(
    regions.map((region) => {
      const seed = seeds?.[region] ?? common.seed;
      return startEmulator({
        ...common,
        accessKeys,
        region,
        ...(seed ? { seed: seed.map((s) => structuredClone(s)) } : {}),
      });
    }),
  );
  const handles = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) {
    await Promise.all(handles.map((h) => h.close()));
    throw failed.reason;
  }
  const byRegion = new Map(handles.map((h) => [h.region, h]));
  const endpoints = Object.fromEntries(handles.map((h) => [h.region, h.endpoint]));
  return {
    regions: [...regions],
    endpoints,
    endpointFlag: handles.map((h) => `${h.region}=${h.endpoint}`).join(","),
    accessKey: { ...(accessKeys[0] as EmulatorAccessKey) },
    region(region) {
      const handle = byRegion.get(region);
      if (!handle) throw new Error(`region ${region} is not served`);
      return handle;
    },
    close: async () => {
      await Promise.all(handles.map((h) => h.close()));
    },
  };
}
