/** `--output names`: one secret name per line, for `xargs` and `while read`. */
import type { GetSecretsResult } from "../../core/result";
import { escapeControl } from "./text";

export function formatNames(result: GetSecretsResult): string {
  return result.secrets.map((s) => `${escapeControl(s.secretName)}\n`).join("");
}
