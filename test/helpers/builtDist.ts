/**
 * dist/ as the child-process and packaging tests use it: rebuilt first when any source under
 * core/, provider/, sdk/, cli/ or emulator/ is newer than its build (else a test after an edit
 * would run stale code). One build at a time. `npm install` builds it (prepare).
 */
import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, rmdirSync, statSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
const SOURCE_DIRS = ["core", "provider", "sdk", "cli", "emulator"];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    const isSource = entry.name.endsWith(".ts") && !/\.(test|d)\.ts$/.test(entry.name);
    return isSource ? [full] : [];
  });
}

/** The sources whose built .js is missing or older than they are. */
export function staleSources(): string[] {
  return SOURCE_DIRS.flatMap((dir) => sources(path.join(REPO_ROOT, dir))).filter((source) => {
    const built = path
      .join(REPO_ROOT, "dist", path.relative(REPO_ROOT, source))
      .replace(/\.ts$/, ".js");
    try {
      return statSync(built).mtimeMs < statSync(source).mtimeMs;
    } catch {
      return true;
    }
  });
}

const LOCK = path.join(REPO_ROOT, ".tmp", "test-build.lock");

async function withBuildLock<T>(run: () => Promise<T>): Promise<T> {
  mkdirSync(path.dirname(LOCK), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // another jest worker is building; a lock older than 3 minutes is left over from a crash
      if (Date.now() - started > 180_000) throw new Error(`build lock ${LOCK} is stuck`);
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > 180_000) rmdirSync(LOCK);
      } catch {
        // released meanwhile
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await run();
  } finally {
    rmdirSync(LOCK);
  }
}

let built: Promise<void> | undefined;

/** Builds dist/ unless it is at least as new as every source; once per test file. */
export function ensureBuilt(): Promise<void> {
  built ??= (async () => {
    if (staleSources().length === 0) return;
    await withBuildLock(async () => {
      if (staleSources().length === 0) return; // another worker built it
      await exec(NPM, ["run", "build", "--silent"], { cwd: REPO_ROOT, maxBuffer: 16 << 20 });
    });
  })();
  return built;
}
