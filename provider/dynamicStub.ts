/**
 * The constant-size dynamic provider Pulumi serializes into state for every SecretsLookup:
 * each method requires `pulumi-alicloud-kms-secrets/provider` from the host's cwd at call
 * time, and captures nothing else. Why it is built this way: docs/pulumi.md.
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
