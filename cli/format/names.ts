/** `--output names`: one secret name (`region:name` over several regions) per line, for `xargs` and `while read`. */
import type { GetSecretsResult } from "../../core/result";
import { escapeControl } from "./text";

export function formatNames(result: GetSecretsResult): string {
  return result.secrets.map((s) => `${escapeControl(s.id)}\n`).join("");
}
