/** Abort plumbing shared by the lookup's modules: sleeps, races and child signals. */
import { EventEmitter, setMaxListeners } from "node:events";
import { abortError } from "./errors";

/** A sleep that keeps the process alive while awaited, and is cleared on abort. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Settles with `promise`, or rejects as soon as `signal` aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(abortError(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

/**
 * A controller aborted when `outer` is; `release()` stops listening to `outer`. `calls`: how
 * many calls may listen to its signal at once (each with at most two listeners: its race and
 * one sleep), so that Node's leak warning (past 10 listeners) fires only beyond that bound.
 */
export function childController(
  outer: AbortSignal | undefined,
  calls = 0,
): {
  controller: AbortController;
  release: () => void;
} {
  const controller = new AbortController();
  if (calls > 0)
    setMaxListeners(Math.max(EventEmitter.defaultMaxListeners, 2 * calls + 1), controller.signal);
  const forward = (): void => controller.abort(outer?.reason);
  if (outer?.aborted) forward();
  else outer?.addEventListener("abort", forward, { once: true });
  return { controller, release: () => outer?.removeEventListener("abort", forward) };
}
