/**
 * Redaction: no credential, token, signature or nonce leaves the package in an error.
 * By name (key=value, JSON, XML, headers) and by value (the credentials actually resolved and
 * the values signed and sent), across every field of an error. See docs/security.md.
 */

export const REDACTED = "[REDACTED]";

/** Names of settings and environment variables whose values are credentials. */
export const SENSITIVE_NAME = /ACCESS_?KEY|SECRET|TOKEN|PASSWORD|CREDENTIAL/i;

/** The parameter names whose values are never shown, whatever the shape around them. */
const SENSITIVE_PARAMS = [
  "AccessKeyId",
  "AccessKeySecret",
  "SecurityToken",
  "Signature",
  "SignatureNonce",
  "accessKeyId",
  "accessKeySecret",
  "securityToken",
  "secretKey",
  "accessKey",
  "x-acs-security-token",
  // ~/.aliyun/config.json and ~/.alibabacloud/credentials spell them in snake_case
  "access_key_id",
  "access_key_secret",
  "sts_token",
  "security_token",
];

/** The request parameters whose values are signed and sent and must never be echoed back. */
export const SENT_SECRET_PARAMS = ["Signature", "SignatureNonce", "SecurityToken", "AccessKeyId"];

/** Values shorter than this are not redacted by value (they would mangle ordinary text). */
const MIN_VALUE_LENGTH = 4;

/**
 * Built per call (errors are rare), never at module scope: nothing regex- or value-shaped is
 * captured when Pulumi serializes a closure that references this module.
 */
function sensitivePatterns(): { regex: RegExp; replacement: string }[] {
  const out: { regex: RegExp; replacement: string }[] = [];
  for (const raw of SENSITIVE_PARAMS) {
    const name = raw.replace(/-/g, "\\-");
    // query strings and form bodies: Name=value
    out.push({
      regex: new RegExp(`(^|[?&\\s"'(,;])(${name}=)[^&\\s"')]*`, "g"),
      replacement: `$1$2${REDACTED}`,
    });
    // a form body inside a percent-encoded string to sign: Name%3Dvalue%26...
    out.push({
      regex: new RegExp(`(${name}%3D)[^&\\s"']*?(?=%26|&|\\s|"|'|$)`, "gi"),
      replacement: `$1${REDACTED}`,
    });
    // JSON: "Name": "value"
    out.push({
      regex: new RegExp(`("${name}"\\s*:\\s*")[^"]*`, "g"),
      replacement: `$1${REDACTED}`,
    });
    // XML: <Name>value</Name>, <Name attr="...">value</Name>
    out.push({
      regex: new RegExp(`(<${name}(?:\\s[^>]*)?>)[^<]*(?=</${name}\\s*>)`, "g"),
      replacement: `$1${REDACTED}`,
    });
    // headers, logs, ini files, inspected objects: Name: value / Name = 'value'
    out.push({
      regex: new RegExp(`(\\b${name}\\s*[:=]\\s*['"]?)[^\\s,;&"'<]+`, "g"),
      replacement: `$1${REDACTED}`,
    });
  }
  return out;
}

/** The forms a literal value may take in a message: raw, percent-encoded once or twice. */
function spellings(value: string): string[] {
  const once = encodeURIComponent(value);
  const rfc3986 = once.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const twice = encodeURIComponent(rfc3986);
  const plus = value.replace(/\+/g, " "); // a form decoder turns + into a space
  const jsonSlash = value.replace(/\//g, "\\/"); // JSON may escape /
  return [...new Set([value, once, rfc3986, twice, plus, jsonSlash])]
    .filter((form) => form.length >= MIN_VALUE_LENGTH)
    .sort((a, b) => b.length - a.length);
}

const MAX_RESOLVED_SECRETS = 256;

/**
 * Credential values resolved in this process (any source), scrubbed by every `redact`. Kept
 * on a global symbol, not in a module variable, so that a closure Pulumi serializes can never
 * capture them.
 */
function resolvedSecretsSet(): Set<string> {
  const holder = globalThis as { [key: symbol]: Set<string> | undefined };
  const key = Symbol.for("pulumi-alicloud-kms-secrets.resolvedSecrets");
  return (holder[key] ??= new Set<string>());
}

/**
 * Remembers credential values as they are resolved (static keys, profiles, a credentials
 * URI, assumed-role session keys, ...), so that every later `redact` scrubs them too.
 */
export function rememberSecrets(values: readonly (string | undefined)[]): void {
  const resolved = resolvedSecretsSet();
  for (const value of values) {
    if (!value || value.length < MIN_VALUE_LENGTH) continue;
    resolved.delete(value);
    resolved.add(value);
  }
  while (resolved.size > MAX_RESOLVED_SECRETS) {
    const oldest = resolved.values().next().value;
    if (oldest === undefined) break;
    resolved.delete(oldest);
  }
}

/**
 * Removes credentials from text: signed-URL query parameters, JSON fields, XML elements,
 * header-like pairs, any literal value passed in `known` (the secret, token, key id,
 * signature and nonce actually used) and any credential resolved in this process
 * (`rememberSecrets`), also in its percent-encoded forms.
 */
export function redact(text: string, known: readonly (string | undefined)[] = []): string {
  let out = String(text);
  const values = [...new Set([...known, ...resolvedSecretsSet()])].filter(
    (v): v is string => typeof v === "string" && v.length >= MIN_VALUE_LENGTH,
  );
  // longest first, so a value containing another is removed whole
  values.sort((a, b) => b.length - a.length);
  for (const value of values) {
    for (const form of spellings(value)) out = out.split(form).join(REDACTED);
  }
  for (const { regex, replacement } of sensitivePatterns()) out = out.replace(regex, replacement);
  // any full URL with a query string may be a signed URL: drop the query
  out = out.replace(/(https?:\/\/[^\s?"']+)\?[^\s"']*/g, `$1?${REDACTED}`);
  return out;
}

const MAX_DEPTH = 8;

/**
 * Redacts every string reachable from `value` (an error, its `cause`, `data`, `code`,
 * `requestId`, arrays, plain objects), in place for objects, and returns it. Errors keep their
 * class, so `instanceof` checks still hold. Cycles and depth are bounded.
 */
export function redactDeep<T>(value: T, known: readonly (string | undefined)[] = []): T {
  return scrub(value, known, new WeakSet<object>(), 0) as T;
}

function scrub(
  value: unknown,
  known: readonly (string | undefined)[],
  seen: WeakSet<object>,
  depth: number,
): unknown {
  if (typeof value === "string") return redact(value, known);
  if (typeof value !== "object" || value === null) return value;
  if (seen.has(value) || depth > MAX_DEPTH) return value;
  seen.add(value);
  const keys = new Set<string>(Object.getOwnPropertyNames(value));
  if (value instanceof Error) {
    keys.add("message");
    keys.add("stack");
  }
  for (const key of keys) {
    const descriptor = findDescriptor(value, key);
    if (!descriptor || !("value" in descriptor)) continue; // accessors are left alone
    const before: unknown = descriptor.value;
    const after = scrub(before, known, seen, depth + 1);
    if (after === before) continue;
    try {
      Object.defineProperty(value, key, {
        value: after,
        writable: true,
        enumerable: Object.prototype.propertyIsEnumerable.call(value, key),
        configurable: true,
      });
    } catch {
      // a frozen or non-configurable field: nothing we can do in place
    }
  }
  return value;
}

function findDescriptor(object: object, key: string): PropertyDescriptor | undefined {
  const own = Object.getOwnPropertyDescriptor(object, key);
  if (own) return own;
  if (key !== "message" && key !== "stack") return undefined;
  const inherited = Object.getPrototypeOf(object) as object | null;
  return inherited ? Object.getOwnPropertyDescriptor(inherited, key) : undefined;
}

/** The secret parameters' values in an encoded request (a form body or a query string). */
export function sentSecretValues(encodedParams: string): string[] {
  const params = new URLSearchParams(encodedParams);
  const sent: string[] = [];
  for (const name of SENT_SECRET_PARAMS) {
    const value = params.get(name);
    if (value) sent.push(value);
  }
  return sent;
}

/**
 * The secret values of one lookup: the credentials resolved (whatever their source) and the
 * values signed and sent with the most recent requests. Every error leaving the lookup is
 * redacted with them. Sent requests are kept as sent, for a bounded window, and their values
 * read out only when an error needs them (rare), not on every request.
 */
export class SecretValues {
  private readonly fixed: string[];
  /** Each recent request as sent, replaced by its values once they were read out. */
  private readonly recent: (string | string[])[] = [];

  constructor(
    credentials: readonly (string | undefined)[],
    private readonly window = 256,
  ) {
    this.fixed = credentials.filter((v): v is string => typeof v === "string" && v.length > 0);
  }

  /** Records a request's parameters as sent (a form body or a query string). */
  recordSent(encodedParams: string): void {
    this.recent.push(encodedParams);
    if (this.recent.length > this.window) this.recent.shift();
  }

  /** Every value to redact, credentials first. */
  values(): string[] {
    const all = [...this.fixed];
    for (let i = 0; i < this.recent.length; i++) {
      const entry = this.recent[i] as string | string[];
      const sent = typeof entry === "string" ? sentSecretValues(entry) : entry;
      this.recent[i] = sent;
      all.push(...sent);
    }
    return all;
  }

  /** Redacts text. */
  text(text: string): string {
    return redact(text, this.values());
  }

  /** Redacts every field of an error (or any thrown value) in place and returns it. */
  error<T>(err: T): T {
    return redactDeep(err, this.values());
  }
}
