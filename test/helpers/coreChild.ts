/**
 * The script of a child process for test/core.handles.test.ts. It runs lookups against
 * emulators living in the parent: a complete listing through random stalls (A), and an
 * iterator that stops after page 1 while the prefetched pages are stalled for a minute with a
 * two-minute request timeout (B). It prints a JSON summary and does NOT call process.exit:
 * if anything the lookup opened (a keep-alive socket, a timer) still held the event loop,
 * the child would not end. TypeScript sources are loaded with typescript's transpileModule,
 * so no build is needed.
 */
import path from "node:path";

export function childScript(): string {
  const providerIndex = path.join(__dirname, "..", "..", "core", "index.ts");
  return `
"use strict";
const fs = require("node:fs");
const ts = require("typescript");
require.extensions[".ts"] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, "utf8"), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(outputText, filename);
};
const { listSecrets, iterateSecrets } = require(${JSON.stringify(providerIndex)});
async function main() {
  const args = { region: process.env.TEST_REGION, endpoint: process.env.TEST_ENDPOINT_A };
  const stalling = { region: process.env.TEST_REGION, endpoint: process.env.TEST_ENDPOINT_B };
  const context = {
    env: process.env,
    homeDir: process.env.HOME,
    retry: { baseDelayMs: 1, throttlingBaseDelayMs: 1, maxDelayMs: 5 },
    rateLimit: { requestsPerSecond: 1000, burst: 100 },
  };
  const listed = await listSecrets({ ...args, pageSize: 20, requestTimeoutMs: 200, maxRetries: 10 }, context);
  let firstPage = 0;
  for await (const page of iterateSecrets({ ...stalling, pageSize: 10, maxConcurrency: 4, requestTimeoutMs: 120000 }, context)) {
    firstPage = page.length;
    // a slow consumer: meanwhile the prefetched pages reach B and stall there
    await new Promise((resolve) => setTimeout(resolve, 1000));
    break;
  }
  process.stdout.write(JSON.stringify({ names: listed.names.length, firstPage }));
}
main().catch((err) => {
  process.stdout.write(JSON.stringify({ error: String(err && err.message) }));
  process.exitCode = 1;
});
`;
}
