/**
 * The ListSecrets answer parsed leniently but typed (unknown fields ignored, `null` as absent,
 * one object as a list of one, numeric strings as numbers); a missing required field is a
 * `MalformedResponse` naming the RequestId. Schemas are built when a lookup first needs them.
 */
import { z } from "zod";
import { malformedAnswer, type KmsError } from "./errors";
import { countSchema, optionalText, requestIdOf } from "./wireCommon";
import type { Secret } from "./result";

function oneOrMany<T extends z.ZodType>(item: T) {
  return z
    .union([z.array(item), item])
    .nullish()
    .transform((value) => (value == null ? [] : Array.isArray(value) ? value : [value]));
}

function wireTagSchema() {
  return z.object({
    TagKey: z.string(),
    TagValue: z
      .string()
      .nullish()
      .transform((v) => v ?? ""),
  });
}

export function wireSecretSchema() {
  return z.object({
    SecretName: z.string().min(1, "must not be empty"),
    SecretType: z.string(),
    CreateTime: z.string(),
    UpdateTime: z.string(),
    PlannedDeleteTime: optionalText(),
    OwingService: optionalText(),
    Tags: z.object({ Tag: oneOrMany(wireTagSchema()) }).nullish(),
  });
}

/** The response envelope; items are validated one by one (see `pageParser`). */
export function listSecretsEnvelopeSchema() {
  return z.object({
    RequestId: z.string().optional(),
    TotalCount: countSchema(),
    PageNumber: countSchema().optional(),
    PageSize: countSchema().optional(),
    SecretList: z.object({ Secret: oneOrMany(z.unknown()) }).nullish(),
  });
}

export type WireSecret = z.output<ReturnType<typeof wireSecretSchema>>;

/** One parsed page. */
export interface ParsedPage {
  requestId: string | undefined;
  totalCount: number;
  /** The page size the server says it used, when it says. */
  pageSize: number | undefined;
  secrets: Secret[];
}

function describeIssue(issue: z.core.$ZodIssue, prefix: string): string {
  const where = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
  return `${where || "body"}: ${issue.message}`;
}

function malformed(requestId: string | undefined, detail: string): KmsError {
  return malformedAnswer("ListSecrets", "ListSecrets returned a malformed page", requestId, detail);
}

/**
 * Adds one tag. A plain assignment of the key `__proto__` (a legal tag key) would set the
 * object's prototype instead and drop the tag; it becomes an own property like any other key.
 */
function setTag(tags: Record<string, string>, key: string, value: string): void {
  if (key === "__proto__") {
    Object.defineProperty(tags, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    tags[key] = value;
  }
}

/** Maps a validated wire secret to the output shape; absent fields are omitted. */
export function toSecret(wire: WireSecret, withTags: boolean): Secret {
  const secret: Secret = {
    id: wire.SecretName,
    secretName: wire.SecretName,
    secretType: wire.SecretType,
    createTime: wire.CreateTime,
    updateTime: wire.UpdateTime,
    tags: {},
  };
  if (wire.PlannedDeleteTime !== undefined) secret.plannedDeleteTime = wire.PlannedDeleteTime;
  if (withTags && wire.Tags) {
    for (const tag of wire.Tags.Tag) setTag(secret.tags, tag.TagKey, tag.TagValue);
  }
  if (wire.OwingService !== undefined) secret.owingService = wire.OwingService;
  return secret;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isOptionalText(value: unknown): value is string | null | undefined {
  return value === undefined || value === null || typeof value === "string";
}

/**
 * The fast path for the common, well-formed item: plain property checks and the mapping in
 * one pass, no intermediate object. It returns `undefined` for anything it is not sure about,
 * and the caller then runs the zod schema, which stays the single source of truth (for the
 * types and for every error message). A property test checks that whenever this returns a
 * secret, the schema path returns the same one.
 */
export function fastSecret(raw: unknown, withTags: boolean): Secret | undefined {
  if (!isPlainRecord(raw)) return undefined;
  const name = raw["SecretName"];
  const type = raw["SecretType"];
  const created = raw["CreateTime"];
  const updated = raw["UpdateTime"];
  const planned = raw["PlannedDeleteTime"];
  const owing = raw["OwingService"];
  const tags = raw["Tags"];
  if (typeof name !== "string" || name === "" || typeof type !== "string") return undefined;
  if (typeof created !== "string" || typeof updated !== "string") return undefined;
  if (!isOptionalText(planned) || !isOptionalText(owing)) return undefined;
  const secret: Secret = {
    id: name,
    secretName: name,
    secretType: type,
    createTime: created,
    updateTime: updated,
    tags: {},
  };
  if (planned) secret.plannedDeleteTime = planned;
  if (tags !== undefined && tags !== null) {
    if (!isPlainRecord(tags)) return undefined;
    const list = tags["Tag"];
    if (list !== undefined && list !== null) {
      const items = Array.isArray(list) ? list : [list];
      for (const tag of items) {
        if (!isPlainRecord(tag)) return undefined;
        const key = tag["TagKey"];
        const value = tag["TagValue"];
        if (typeof key !== "string" || !isOptionalText(value)) return undefined;
        if (withTags) setTag(secret.tags, key, value ?? "");
      }
    }
  }
  if (owing) secret.owingService = owing;
  return secret;
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

/** The envelope's fields, as the schema would give them. */
export interface Envelope {
  totalCount: number;
  pageSize: number | undefined;
  items: readonly unknown[];
}

/**
 * The envelope's fast path, like `fastSecret`: plain checks, no copy of the item list. It
 * returns `undefined` for anything unusual (numeric strings, a single `Secret` object, ...),
 * and the caller then runs the schema; a property test checks the two agree.
 */
export function fastEnvelope(body: unknown): Envelope | undefined {
  if (!isPlainRecord(body)) return undefined;
  const total = body["TotalCount"];
  const pageNumber = body["PageNumber"];
  const pageSize = body["PageSize"];
  const requestId = body["RequestId"];
  if (!isCount(total) || (requestId !== undefined && typeof requestId !== "string"))
    return undefined;
  if (pageNumber !== undefined && !isCount(pageNumber)) return undefined;
  if (pageSize !== undefined && !isCount(pageSize)) return undefined;
  const list = body["SecretList"];
  if (list === undefined || list === null) return { totalCount: total, pageSize, items: [] };
  if (!isPlainRecord(list)) return undefined;
  const items = list["Secret"];
  if (items === undefined || items === null) return { totalCount: total, pageSize, items: [] };
  return Array.isArray(items) ? { totalCount: total, pageSize, items } : undefined;
}

/**
 * Builds the page parser of one lookup. Its schemas are built the first time the fast path
 * declines something, then kept for the lookup's pages: a well-formed listing builds none.
 * `withTags` keeps the tags of each secret (otherwise `tags` is `{}`).
 */
export function pageParser(
  withTags: boolean,
): (body: unknown, fallbackRequestId?: string) => ParsedPage {
  let envelope: ReturnType<typeof listSecretsEnvelopeSchema> | undefined;
  let item: ReturnType<typeof wireSecretSchema> | undefined;
  return (body, fallbackRequestId) => {
    const requestId = requestIdOf(body, fallbackRequestId);
    let top = fastEnvelope(body);
    if (!top) {
      envelope ??= listSecretsEnvelopeSchema();
      const parsed = envelope.safeParse(body);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        throw malformed(requestId, first ? describeIssue(first, "") : "invalid body");
      }
      top = {
        totalCount: parsed.data.TotalCount,
        pageSize: parsed.data.PageSize,
        items: parsed.data.SecretList?.Secret ?? [],
      };
    }
    const items = top.items;
    const secrets: Secret[] = new Array<Secret>(items.length);
    for (let i = 0; i < items.length; i++) {
      const fast = fastSecret(items[i], withTags);
      if (fast) {
        secrets[i] = fast;
        continue;
      }
      item ??= wireSecretSchema();
      const parsed = item.safeParse(items[i]);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        throw malformed(
          requestId,
          first
            ? describeIssue(first, `SecretList.Secret.${i}`)
            : `SecretList.Secret.${i} is invalid`,
        );
      }
      secrets[i] = toSecret(parsed.data, withTags);
    }
    return { requestId, totalCount: top.totalCount, pageSize: top.pageSize, secrets };
  };
}
