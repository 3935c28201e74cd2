import { type IdentifierField, identifierFields } from "../spec/operations.js";

type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

/** The kinds of identifier of the spec, camel-cased: `"externalId" | "email" | "phone"`. */
export type IdentifierKind = CamelCase<IdentifierField>;

/** One user identifier: `{ externalId }`, `{ email }` or `{ phone }`. */
export type Identifier = { [K in IdentifierKind]: { readonly [P in K]: string } }[IdentifierKind];

const kindOfField = new Map<IdentifierField, IdentifierKind>(
  identifierFields.map((field) => [field, toCamelCase(field)]),
);
const fieldOfKind = new Map<string, IdentifierField>(
  identifierFields.map((field) => [toCamelCase(field), field]),
);

/** The camel-cased kind of a body field (`external_id` → `externalId`). */
export function kindOf(field: IdentifierField): IdentifierKind {
  return kindOfField.get(field) as IdentifierKind;
}

/** The body field and value of an `Identifier`; a `TypeError` for anything else. */
export function identifierKey(identifier: Identifier): { field: IdentifierField; id: string } {
  const keys = identifier === null || typeof identifier !== "object" ? [] : Object.keys(identifier);
  const field = keys.length === 1 ? fieldOfKind.get(keys[0] as string) : undefined;
  const id =
    field === undefined ? undefined : (identifier as Record<string, unknown>)[keys[0] as string];
  if (field === undefined || typeof id !== "string") {
    throw new TypeError(
      `identifier must be an object with exactly one string property among ${[...fieldOfKind.keys()].join(", ")}; got ${identifier === null || typeof identifier !== "object" ? String(identifier) : `{ ${keys.join(", ")} }`}`,
    );
  }
  return { field, id };
}

/**
 * The identifiers a parsed body carries, per field, as the fake reads them: a string counts as
 * one, an array as its string entries. Anything else is left to the validators.
 */
export function identifiersOf(body: unknown): Array<{ field: IdentifierField; ids: string[] }> {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return [];
  const found: Array<{ field: IdentifierField; ids: string[] }> = [];
  for (const field of identifierFields) {
    const value = (body as Record<string, unknown>)[field];
    if (typeof value === "string") found.push({ field, ids: [value] });
    else if (Array.isArray(value)) {
      found.push({ field, ids: value.filter((item): item is string => typeof item === "string") });
    }
  }
  return found;
}

function toCamelCase<S extends string>(name: S): CamelCase<S> {
  return name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()) as CamelCase<S>;
}
