/**
 * Pieces every wire parser shares: lenient text and count fields, the RequestId an answer
 * echoes, and the `MalformedResponse` error about one secret's answer.
 */
import { z } from "zod";
import { malformedAnswer, type KmsError } from "./errors";

/** A text field where `null` and `""` are absent. */
export function optionalText() {
  return z
    .string()
    .nullish()
    .transform((value) => (value ? value : undefined));
}

/** A count: a non-negative integer, or a numeric string of at most 15 digits. */
export function countSchema() {
  return z.union([
    z.number().int().nonnegative(),
    z
      .string()
      .regex(/^\s*\d{1,15}\s*$/)
      .transform(Number),
  ]);
}

/** The RequestId a body echoes when it is a string, otherwise `fallback`. */
export function requestIdOf(body: unknown, fallback: string | undefined): string | undefined {
  const id =
    typeof body === "object" && body !== null
      ? (body as { RequestId?: unknown }).RequestId
      : undefined;
  return typeof id === "string" ? id : fallback;
}

/** The `MalformedResponse` error of `action`'s answer about the secret `secretName`. */
export function malformedSecretAnswer(
  action: string,
  secretName: string,
  requestId: string | undefined,
  detail: string,
): KmsError {
  return malformedAnswer(
    action,
    `${action} of secret ${JSON.stringify(secretName)} returned a malformed answer`,
    requestId,
    detail,
  );
}
