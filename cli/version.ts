/** The package version, read from the package.json next to the installed package. */
import { readFileSync } from "node:fs";
import * as path from "node:path";

const PACKAGE_NAME = "pulumi-alicloud-kms-secrets";

/** Walks up from this file (cli/ in source, dist/cli/ when built) to our package.json. */
export function packageVersion(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === "string") return pkg.version;
    } catch {
      // not here; keep walking up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return "unknown";
    dir = parent;
  }
}
