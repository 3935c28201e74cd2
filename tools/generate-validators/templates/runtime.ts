// The types and helpers every generated validator module imports. The generator copies this
// file next to the validators (as runtime.gen.ts), so the output has no runtime dependency.

/**
 * What kind of rule an issue broke. Stable: safe to switch on. Codes other than the listed
 * ones come from a schema's `x-error-code`.
 */
export type IssueCode =
  | "required"
  | "type"
  | "enum"
  | "const"
  | "format"
  | "pattern"
  | "maxItems"
  | "minItems"
  | "maxLength"
  | "minLength"
  | "minimum"
  | "maximum"
  | "exclusiveMinimum"
  | "exclusiveMaximum"
  | "maxProperties"
  | "minProperties"
  | "conflict"
  | "additionalProperties"
  | "anyOf"
  | "oneOf"
  | "not"
  | "unreadable"
  | "tooManyIssues"
  | (string & {});

/** One broken rule: where (a JSON pointer), which rule, and a one-line English message. */
export interface ValidationIssue {
  /** JSON pointer of the offending value, e.g. `/email/3`; `""` for the input itself. */
  path: string;
  /** Stable code of the broken rule. */
  code: IssueCode;
  /** One line of English naming the field and what was expected. */
  message: string;
}

/** The outcome of a validator: the input narrowed to `T`, or every issue found. */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: ValidationIssue[] };

/** A generated validator. It never throws, whatever the input. */
export type Validator<T> = (input: unknown) => ValidationResult<T>;

/**
 * The most issues one call reports. An array of a million bad items then costs a bounded
 * amount of memory, and the caller still learns that there were more.
 */
export const MAX_ISSUES = 100;

/**
 * Length in Unicode code points, as JSON Schema counts `minLength`/`maxLength` (a surrogate
 * pair is one character). Mirrors Ajv's `ucs2length` so both always agree, and stops
 * counting past `limit` so a 1 MB string costs no more than a short one.
 */
export function codePointLength(value: string, limit: number): number {
  const units = value.length;
  let count = 0;
  let pos = 0;
  while (pos < units && count <= limit) {
    count++;
    const unit = value.charCodeAt(pos++);
    if (unit >= 0xd800 && unit <= 0xdbff && pos < units) {
      if ((value.charCodeAt(pos) & 0xfc00) === 0xdc00) pos++;
    }
  }
  return count;
}

/** Escapes one key for a JSON pointer (RFC 6901). */
export function pointerToken(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** An issue whose message starts with the field's name, quoted (or `value` for the root). */
export function issue(path: string, code: IssueCode, text: string): ValidationIssue {
  return { path, code, message: `${fieldLabel(path)} ${text}` };
}

// Labels are JSON strings so that a key holding a newline cannot break the one-line message,
// and long keys are cut so that a hostile 1 MB key does not make a 1 MB message.
function fieldLabel(path: string): string {
  if (path === "") return "value";
  const name = path.slice(1);
  return JSON.stringify(name.length > 80 ? `${name.slice(0, 79)}…` : name);
}

/** Names the JSON type of a value for "got …" in messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "string":
      return "a string";
    case "number":
      return Number.isFinite(value) ? "a number" : String(value);
    case "boolean":
      return "a boolean";
    case "object":
      return "an object";
    case "undefined":
      return "undefined";
    default:
      return `a ${typeof value}`;
  }
}

/**
 * Finishes a failed validation: caps the list at {@link MAX_ISSUES} and says so when it had
 * to cut.
 */
export function failure(errors: ValidationIssue[]): { ok: false; errors: ValidationIssue[] } {
  if (errors.length > MAX_ISSUES) {
    errors.length = MAX_ISSUES;
    errors.push({
      path: "",
      code: "tooManyIssues",
      message: `value has more than ${MAX_ISSUES} issues; only the first ${MAX_ISSUES} are listed`,
    });
  }
  return { ok: false, errors };
}

/**
 * The issue reported when reading the input threw: a getter or a proxy trap, or an input
 * nested deeper than the stack allows.
 */
export function unreadable(error: unknown): ValidationIssue {
  let deep = false;
  try {
    // `instanceof` itself can throw when a proxy was thrown: never let that escape.
    deep = error instanceof RangeError;
  } catch {
    deep = false;
  }
  return {
    path: "",
    code: "unreadable",
    message: deep
      ? "value is nested too deeply to be validated"
      : "value could not be read (a getter or a proxy threw)",
  };
}

/** One operation's documented JSON response bodies: status key → media type → validator. */
export type ResponseValidators = Readonly<
  Record<string, Readonly<Record<string, Validator<unknown>>>>
>;

/**
 * Picks the validator of an answer's body from an operation's {@link ResponseValidators}: the
 * response of the exact status if documented, else of its range (`2XX`), else `default`, as
 * OpenAPI resolves them; then the media type of `contentType` (lower case, without
 * parameters). `undefined` when either is not documented or there is no content type.
 */
export function findResponseValidator(
  byStatus: ResponseValidators | undefined,
  status: number,
  contentType: string | null | undefined,
): Validator<unknown> | undefined {
  if (byStatus === undefined || typeof contentType !== "string") return undefined;
  const code = String(status);
  const byMedia = byStatus[code] ?? byStatus[`${code.charAt(0)}XX`] ?? byStatus.default;
  if (byMedia === undefined) return undefined;
  const semicolon = contentType.indexOf(";");
  const mediaType = (semicolon === -1 ? contentType : contentType.slice(0, semicolon))
    .trim()
    .toLowerCase();
  return Object.hasOwn(byMedia, mediaType) ? byMedia[mediaType] : undefined;
}

/**
 * What a whole request of one operation must keep beyond its body's schema, generated from
 * the spec: JSON Schema checks one value at a time and cannot count across lists or items.
 */
export interface RequestRules {
  /** The operation's path, named in messages. */
  readonly path: string;
  /** The body's own lists of identifiers (items that are not objects). */
  readonly lists: readonly string[];
  /**
   * The body's list of objects whose items hold identifier lists too, with the word messages
   * use for its items (the last word of the list's name).
   */
  readonly items: {
    readonly field: string;
    readonly noun: string;
    readonly lists: readonly string[];
  } | null;
  /** The request body's `x-max-identifiers`: most identifiers, all lists together; null if none. */
  readonly maxIdentifiers: number | null;
  /** The items' `not: { required }` rules marked `x-request-wide`: they hold across all items. */
  readonly exclusive: readonly RequestExclusion[];
}

/** Item lists that never all appear in one request, even in different items. */
export interface RequestExclusion {
  readonly fields: readonly string[];
  /** The rule's `x-error-code` in the spec: the issue's code. */
  readonly code: string;
  /** The rule's `x-error-message` in the spec: the words the API answers with. */
  readonly specMessage: string;
}

/** A request-wide rule a body breaks, and the issue reported for it. */
export interface BrokenRequestRule {
  readonly issue: ValidationIssue;
  /** The exclusion broken, or `null` for the identifier cap. */
  readonly exclusion: RequestExclusion | null;
}

/**
 * The generated `requestRules` table: null prototype, frozen all the way down, so that no
 * consumer can change a rule every other consumer reads.
 */
export function frozenRules(
  entries: Record<string, RequestRules>,
): Readonly<Record<string, RequestRules>> {
  const freeze = (value: unknown): void => {
    if (typeof value !== "object" || value === null) return;
    for (const inner of Object.values(value)) freeze(inner);
    Object.freeze(value);
  };
  const table = Object.assign(Object.create(null) as Record<string, RequestRules>, entries);
  freeze(table);
  return table;
}

/** The code of an issue for more identifiers than `x-max-identifiers`. */
export const MAX_IDENTIFIERS_CODE = "max_identifiers";

/**
 * The request-wide rules a body breaks. Meant for a body its validator accepted; on anything
 * else it never throws (a throwing getter or proxy gives one `unreadable` issue) and counts
 * what it can read.
 */
export function brokenRequestRulesOf(rules: RequestRules, body: unknown): BrokenRequestRule[] {
  try {
    return collectBrokenRequestRules(rules, body);
  } catch (error) {
    return [{ issue: unreadable(error), exclusion: null }];
  }
}

function collectBrokenRequestRules(rules: RequestRules, body: unknown): BrokenRequestRule[] {
  if (!isRecord(body)) return [];
  let total = countLists(body, rules.lists);
  const present = new Set<string>();
  const items = rules.items === null ? undefined : ownValue(body, rules.items.field);
  if (rules.items !== null && Array.isArray(items)) {
    for (const item of items) {
      if (!isRecord(item)) continue;
      total += countLists(item, rules.items.lists);
      for (const name of rules.items.lists)
        if (ownValue(item, name) !== undefined) present.add(name);
    }
  }
  const path = rules.items === null ? "" : `/${pointerToken(rules.items.field)}`;
  const noun = rules.items?.noun ?? "lists";
  const broken: BrokenRequestRule[] = [];
  if (rules.maxIdentifiers !== null && total > rules.maxIdentifiers) {
    const message = `the request holds ${total} identifiers over all ${noun}, more than ${rules.maxIdentifiers} (the spec's x-max-identifiers of ${rules.path})`;
    broken.push({ issue: { path, code: MAX_IDENTIFIERS_CODE, message }, exclusion: null });
  }
  for (const exclusion of rules.exclusive) {
    if (!exclusion.fields.every((field) => present.has(field))) continue;
    const message = `${exclusion.fields.join(" and ")} must not be in one request, even in different ${noun}`;
    broken.push({ issue: { path, code: exclusion.code, message }, exclusion });
  }
  return broken;
}

// A list counts its entries; a field that also accepts a single value counts that as one.
function countLists(owner: Record<string, unknown>, lists: readonly string[]): number {
  let count = 0;
  for (const name of lists) {
    const value = ownValue(owner, name);
    if (value !== undefined) count += Array.isArray(value) ? value.length : 1;
  }
  return count;
}

// Own properties only, as the validators read them: an inherited field is not sent.
function ownValue(owner: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(owner, name) ? owner[name] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
