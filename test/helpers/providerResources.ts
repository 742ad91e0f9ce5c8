/** Provider resources for `opts.provider` tests under Pulumi mocks, and the stack config they beat. */
import * as pulumi from "@pulumi/pulumi";
import type { EmulatorAccessKey } from "../../emulator";

/** A provider resource of package `pkg` (what `@pulumi/alicloud`'s Provider registers). */
export class PackageProvider extends pulumi.ProviderResource {
  constructor(pkg: string, name: string, props: pulumi.Inputs) {
    super(pkg, name, props);
  }
}

/** An `@pulumi/alicloud` Provider with `key`, in ap-southeast-1 unless `extra` says otherwise. */
export function alicloudProviderWith(
  key: EmulatorAccessKey,
  name: string,
  extra: pulumi.Inputs = {},
): pulumi.ProviderResource {
  return new PackageProvider("alicloud", name, {
    region: "ap-southeast-1",
    accessKey: key.accessKeyId,
    secretKey: pulumi.secret(key.accessKeySecret),
    ...extra,
  });
}

/** A stack config that names a key the emulator does not know, and another region (cn-shanghai). */
export function unknownKeyStackConfig(
  unknown: EmulatorAccessKey,
  endpoint: string,
): Record<string, string> {
  return {
    "alicloud:region": "cn-shanghai",
    "alicloud:accessKey": unknown.accessKeyId,
    "alicloud:secretKey": unknown.accessKeySecret,
    "kms-secrets:endpoint": endpoint,
  };
}
