/** The three kinds of identifier `POST /subscription/status/set` takes (its body's fields). */
export const IDENTIFIER_TYPES = ["external_id", "email", "phone"] as const;

/** One of {@link IDENTIFIER_TYPES}. */
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

/** Narrows a string (e.g. a CSV header cell or a flag) to an identifier type. */
export function isIdentifierType(value: unknown): value is IdentifierType {
  return typeof value === "string" && (IDENTIFIER_TYPES as readonly string[]).includes(value);
}

/** The runtime's input field for each identifier type (`setStatusStream({ emails })`). */
export const RUNTIME_FIELD = {
  external_id: "externalIds",
  email: "emails",
  phone: "phones",
} as const satisfies Record<IdentifierType, string>;
