/** Small text helpers shared by the faces: blank values read as absent. */

/**
 * `value` unless it is undefined or only whitespace. With `trim`, the value comes back trimmed;
 * without, exactly as given.
 */
export function nonBlank(
  value: string | undefined,
  options: { trim: boolean },
): string | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  return options.trim ? value.trim() : value;
}
