/** The output formats of `kms-secrets list`. */
import type { GetSecretsResult } from "../../provider/result";
import { formatCsv } from "./csv";
import { formatJson } from "./canonical";
import { formatNames } from "./names";
import { formatTable } from "./table";

export const LIST_FORMATS = ["table", "json", "names", "csv"] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

export interface FormatOptions {
  color: boolean;
}

export function formatResult(
  result: GetSecretsResult,
  format: ListFormat,
  options: FormatOptions,
): string {
  switch (format) {
    case "table":
      return formatTable(result, options);
    case "json":
      return formatJson(result);
    case "names":
      return formatNames(result);
    case "csv":
      return formatCsv(result);
  }
}

export { formatCsv, formatJson, formatNames, formatTable };
