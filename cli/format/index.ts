/** The output formats of `kms-secrets list`. */
import type { GetSecretsResult } from "../../core/result";
import { presentValues, type ValueHashKey } from "../values";
import { formatCsv } from "./csv";
import { formatJson } from "./canonical";
import { formatNames } from "./names";
import { formatTable } from "./table";

export const LIST_FORMATS = ["table", "json", "names", "csv"] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

export interface FormatOptions {
  color: boolean;
  /** `--show-values`: print secret values; otherwise every value is `(secret)`. */
  showValues?: boolean;
  /** Adds `secretDataHash` (json) to secrets with a value. */
  hashKey?: ValueHashKey | undefined;
  /** Detail columns (`--enable-details`) in table and csv. */
  details?: boolean;
  /** Value columns (`--fetch-values`) in table and csv. */
  values?: boolean;
}

/** Every format goes through `presentValues` here, so none can print a value by mistake. */
export function formatResult(
  result: GetSecretsResult,
  format: ListFormat,
  options: FormatOptions,
): string {
  const shown = presentValues(result, {
    showValues: options.showValues === true,
    hashKey: options.hashKey,
  });
  const columns = { details: options.details === true, values: options.values === true };
  switch (format) {
    case "table":
      return formatTable(shown, { color: options.color, ...columns });
    case "json":
      return formatJson(shown);
    case "names":
      return formatNames(shown);
    case "csv":
      return formatCsv(shown, columns);
  }
}

export { formatCsv, formatJson, formatNames, formatTable };
