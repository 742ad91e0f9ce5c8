/**
 * The dynamic provider object Pulumi serializes into state for every SecretsLookup.
 *
 * It is deliberately tiny and constant-size: each method loads the real implementation
 * (`pulumi-alicloud-kms-secrets/provider`) by package name when the engine's dynamic-provider host calls it, so the
 * serialized text holds a few `require` calls and nothing else: no module objects, no
 * schemas, no results, no credentials. Pulumi's closure serializer never captures
 * `require` (runtime/closure/parseFunction.js `nodeModuleGlobals`), and these functions
 * reference nothing but `require` and `loadSecretsLookupProvider`.
 *
 * Resolution happens from the host's working directory (the program directory):
 * - a program that installed the package finds it in its node_modules;
 * - a program inside this repository (the root Pulumi.yaml) finds it through the package's
 *   self-reference (`exports`), which only works from a real file path, hence
 *   `createRequire(<cwd>/index.js)` rather than the string-compiled module's own `require`.
 */
import type * as pulumi from "@pulumi/pulumi";

type Implementation = typeof import("./index");

/** Loads the provider implementation as the host sees it (by package name, from its cwd). */
export function loadSecretsLookupProvider(): Implementation {
  const nodeModule: typeof import("node:module") = require("node:module");
  const nodePath: typeof import("node:path") = require("node:path");
  const nodeProcess: typeof import("node:process") = require("node:process");
  const requireFromCwd = nodeModule.createRequire(nodePath.join(nodeProcess.cwd(), "index.js"));
  return requireFromCwd("pulumi-alicloud-kms-secrets/provider");
}

export const secretsLookupProvider: pulumi.dynamic.ResourceProvider = {
  configure: (req) => loadSecretsLookupProvider().configure(req),
  check: (olds, news) => loadSecretsLookupProvider().check(olds, news),
  diff: (id, olds, news) => loadSecretsLookupProvider().diff(id, olds, news),
  create: (inputs) => loadSecretsLookupProvider().create(inputs),
  read: (id, props) => loadSecretsLookupProvider().read(id, props),
  update: (id, olds, news) => loadSecretsLookupProvider().update(id, olds, news),
  delete: (id, props) => loadSecretsLookupProvider().remove(id, props),
};
