// CI's second leg runs the Pulumi tests with another @pulumi/pulumi (test/helpers/packedInstall.ts).
const pulumiModules = process.env.KMS_SECRETS_PULUMI_NODE_MODULES;
const otherPulumi = pulumiModules
  ? {
      "^@pulumi/pulumi$": `${pulumiModules}/@pulumi/pulumi`,
      "^@pulumi/pulumi/(.*)$": `${pulumiModules}/@pulumi/pulumi/$1`,
    }
  : {};

// Jest's default (cores - 1) runs everything in one process on a 2-core machine; the tests
// wait on emulators and child processes often enough that two workers finish sooner there.
const workers = Math.max(2, require("node:os").availableParallelism() - 1);

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  maxWorkers: workers,
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  setupFiles: ["<rootDir>/test/helpers/hermeticEnv.ts"],
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      {
        jsc: { parser: { syntax: "typescript" }, target: "es2022" },
        module: { type: "commonjs" },
      },
    ],
  },
  moduleNameMapper: {
    ...otherPulumi,
    "^pulumi-alicloud-kms-secrets$": "<rootDir>/sdk/index.ts",
    "^pulumi-alicloud-kms-secrets/core$": "<rootDir>/core/index.ts",
    "^pulumi-alicloud-kms-secrets/provider$": "<rootDir>/provider/index.ts",
    "^pulumi-alicloud-kms-secrets/emulator$": "<rootDir>/emulator/index.ts",
  },
  testSequencer: "<rootDir>/test/helpers/slowFirstSequencer.js",
  testTimeout: 30000,
};
