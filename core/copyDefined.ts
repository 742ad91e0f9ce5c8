/** Copies the defined fields of one object to another, renamed or not. */

/** A field copied under its own name, or a `[from, to]` pair. */
export type CopiedField<S, T> = (keyof S & keyof T) | readonly [keyof S, keyof T];

/** Copies each of `fields` that is defined in `source` to `target`; returns `target`. */
export function copyDefined<S, T>(source: S, target: T, fields: readonly CopiedField<S, T>[]): T {
  for (const field of fields) {
    const [from, to] = Array.isArray(field)
      ? (field as readonly [keyof S, keyof T])
      : [field as keyof S, field as keyof T];
    const value = source[from];
    if (value !== undefined) (target as Record<keyof T, unknown>)[to] = value;
  }
  return target;
}
