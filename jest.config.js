/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  setupFiles: ["<rootDir>/test/helpers/hermeticEnv.ts"],
  transform: {
    "^.+\\.ts$": "ts-jest",
  },
  moduleNameMapper: {
    "^pulumi-alicloud-kms-secrets$": "<rootDir>/sdk/index.ts",
    "^pulumi-alicloud-kms-secrets/core$": "<rootDir>/core/index.ts",
    "^pulumi-alicloud-kms-secrets/provider$": "<rootDir>/provider/index.ts",
    "^pulumi-alicloud-kms-secrets/emulator$": "<rootDir>/emulator/index.ts",
  },
  testTimeout: 30000,
};
