import {
  HTTP_METHODS,
  type OpenApiDocument,
  resolveRef,
  type SchemaObject,
} from "@braze-subscriptions/generate-client";
import type { RequestExclusion, RequestRules } from "../templates/runtime.js";
import { UnsupportedSchemaError } from "./errors.js";
import { refuseUnreadMarkers } from "./request-wide-markers.js";

const JSON_MEDIA_TYPE = "application/json";

/**
 * The rules each operation's request must keep as a whole, which JSON Schema cannot state (it
 * checks one value at a time): the request body's `x-max-identifiers` (identifiers of every
 * list, in the body and in each item of its list of objects, together), and the `not:
 * { required }` rules of those items marked `x-request-wide` (they hold across all items).
 * Only operations with at least one such rule are listed, by operationId, in spec order.
 */
export function requestRulesOf(doc: OpenApiDocument): Record<string, RequestRules> {
  const found: Record<string, RequestRules> = {};
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = item[method] as Record<string, unknown> | undefined;
      const operationId = operation?.operationId;
      if (typeof operationId !== "string" || !operation?.requestBody) continue;
      const where = `#/paths/${path.replaceAll("~", "~0").replaceAll("/", "~1")}/${method}/requestBody`;
      const rules = rulesOfBody(doc, path, where, operation.requestBody as SchemaObject);
      if (rules !== undefined) found[operationId] = rules;
    }
  }
  return found;
}

function rulesOfBody(
  doc: OpenApiDocument,
  path: string,
  where: string,
  raw: SchemaObject,
): RequestRules | undefined {
  const body = resolveRef(doc, raw) as SchemaObject & {
    content?: Record<string, { schema?: SchemaObject }>;
  };
  const schemaRef = body.content?.[JSON_MEDIA_TYPE]?.schema;
  if (schemaRef === undefined) return undefined;
  const declared = body["x-max-identifiers"];
  if (declared !== undefined && (!Number.isSafeInteger(declared) || (declared as number) < 0))
    throw new UnsupportedSchemaError(
      where,
      `x-max-identifiers must be a non-negative integer, got ${JSON.stringify(declared)}`,
    );
  const maxIdentifiers = declared === undefined ? null : (declared as number);
  const schema = resolveRef(doc, schemaRef);
  const lists = listsOf(doc, schema);
  const objectLists = Object.entries(schema.properties ?? {}).flatMap(([field, property]) => {
    const items = objectItemsOf(doc, property);
    return items === undefined ? [] : [{ field, items }];
  });
  const [holder, ...others] = objectLists;
  const ruleSchemas = holder === undefined ? [] : ruleSchemasOf(doc, holder.items);
  const exclusive = requestWideExclusions(doc, ruleSchemas, where);
  refuseUnreadMarkers(doc, schema, new Set(ruleSchemas), where);
  if (maxIdentifiers === null && exclusive.length === 0) return undefined;
  if (others.length > 0)
    throw new UnsupportedSchemaError(
      where,
      `request-wide rules need at most one list of objects in the body, found ${objectLists.map((l) => l.field).join(", ")}`,
    );
  return {
    path,
    lists,
    items:
      holder === undefined
        ? null
        : { field: holder.field, noun: nounOf(holder.field), lists: listsOf(doc, holder.items) },
    maxIdentifiers,
    exclusive,
  };
}

// The word for one kind of item in messages: the last word of the list's name
// (`shopping_carts` → `carts`), which is how a reader of the body calls them.
function nounOf(field: string): string {
  const words = field.split(/[_\-\s]+|(?=[A-Z])/).filter((word) => word !== "");
  return (words.at(-1) ?? field).toLowerCase();
}

/** The array variant of a property (itself, or a branch of its `oneOf`/`anyOf`), resolved. */
function arrayOf(doc: OpenApiDocument, property: SchemaObject): SchemaObject | undefined {
  const resolved = resolveRef(doc, property);
  const variants = (resolved.oneOf ?? resolved.anyOf ?? [resolved]).map((v) => resolveRef(doc, v));
  return variants.find((variant) => variant.type === "array");
}

function isObjectSchema(schema: SchemaObject): boolean {
  return schema.type === "object" || schema.properties !== undefined;
}

/** The properties that hold identifiers: lists (maybe also a single value) of non-objects. */
function listsOf(doc: OpenApiDocument, schema: SchemaObject): string[] {
  return Object.entries(schema.properties ?? {})
    .filter(([, property]) => {
      const items = arrayOf(doc, property)?.items;
      return items !== undefined && !isObjectSchema(resolveRef(doc, items));
    })
    .map(([name]) => name);
}

function objectItemsOf(doc: OpenApiDocument, property: SchemaObject): SchemaObject | undefined {
  const items = arrayOf(doc, property)?.items;
  const resolved = items === undefined ? undefined : resolveRef(doc, items);
  return resolved !== undefined && isObjectSchema(resolved) ? resolved : undefined;
}

/** Where an item's rules may be marked: the item schema and its `allOf` entries, resolved. */
function ruleSchemasOf(doc: OpenApiDocument, item: SchemaObject): SchemaObject[] {
  return [item, ...(item.allOf ?? [])].map((s) => resolveRef(doc, s));
}

/**
 * The item's rules (itself or its `allOf` entries) marked `x-request-wide: true`. Only a `not:
 * { required }` rule with an `x-error-message` can be lifted to the whole request: anything
 * else marked is refused rather than guessed at.
 */
function requestWideExclusions(
  doc: OpenApiDocument,
  rules: readonly SchemaObject[],
  where: string,
): RequestExclusion[] {
  const exclusions: RequestExclusion[] = [];
  for (const rule of rules) {
    if (rule["x-request-wide"] === undefined) continue;
    const not = rule.not === undefined ? undefined : resolveRef(doc, rule.not);
    const fields = not?.required;
    const message = rule["x-error-message"];
    const code = rule["x-error-code"];
    if (
      rule["x-request-wide"] !== true ||
      !Array.isArray(fields) ||
      fields.length < 2 ||
      typeof message !== "string" ||
      typeof code !== "string"
    ) {
      throw new UnsupportedSchemaError(
        where,
        "x-request-wide marks only a `not: { required: [two or more fields] }` rule with an x-error-code and an x-error-message, and must be true",
      );
    }
    exclusions.push({ fields: [...fields], code, specMessage: message });
  }
  return exclusions;
}

/** Renders `request-rules.gen.ts` (without its header): the rules as data and two lookups. */
export function renderRequestRulesModule(rules: Record<string, RequestRules>): string {
  return `import {
  type BrokenRequestRule,
  brokenRequestRulesOf,
  frozenRules,
  type RequestRules,
  type ValidationIssue,
} from "./runtime.gen.js";

/**
 * The rules over a whole request, by operationId: the request body's \`x-max-identifiers\` and
 * the items' rules marked \`x-request-wide\`. Operations without such rules are not listed.
 */
export const requestRules: Readonly<Record<string, RequestRules>> = frozenRules(${JSON.stringify(rules, null, 2)});

/**
 * The request-wide rules a request body of \`operationId\` breaks, each with its issue and, for
 * an exclusion, the spec's own message. Empty for an operation without such rules.
 */
export function brokenRequestRules(operationId: string, body: unknown): BrokenRequestRule[] {
  const rules = Object.hasOwn(requestRules, operationId) ? requestRules[operationId] : undefined;
  return rules === undefined ? [] : brokenRequestRulesOf(rules, body);
}

/**
 * The issues of a request body that only show over the whole request (too many identifiers
 * over all items, an exclusion met across items), in the validators' issue shape. Meant for a
 * body its validator accepted; empty when it keeps every rule or the operation has none.
 */
export function requestWideIssues(operationId: string, body: unknown): ValidationIssue[] {
  return brokenRequestRules(operationId, body).map((broken) => broken.issue);
}
`;
}
