/**
 * What a command needs from the outside world, so commands run the same in the real
 * process, inside the `npm start` demo, and in tests.
 */

export interface OutputStream {
  write(chunk: string): unknown;
  /** True when the stream is a terminal. */
  isTTY?: boolean;
}

export interface CliIo {
  /** Results: the only thing a pipeline should read. */
  stdout: OutputStream;
  /** Diagnostics, progress and errors. */
  stderr: OutputStream;
  /** Where credentials, region and NO_COLOR come from. */
  env: Readonly<Record<string, string | undefined>>;
  signal?: AbortSignal;
}

/** The io of the running process. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/** Colors only on a terminal, and never when NO_COLOR is set to a non-empty value (no-color.org). */
export function colorEnabled(stream: OutputStream, env: CliIo["env"]): boolean {
  const noColor = env.NO_COLOR;
  if (noColor !== undefined && noColor !== "") return false;
  if (env.TERM === "dumb") return false;
  return stream.isTTY === true;
}
