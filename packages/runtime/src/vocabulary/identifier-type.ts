import { operationMetadata } from "@braze-subscriptions/client";

/**
 * The identifier lists of the write's body, as the spec names them (`external_id`, `email`,
 * `phone`): the one source of the identifier vocabulary. A kind added to the spec becomes a
 * type here after a rebuild, and {@link identifierFields} then fails to compile until it has
 * its names.
 */
const identifierLists = operationMetadata.setSubscriptionStatus.requestBody.listFields;

/** The kinds of identifier the API takes, named as in its bodies (`external_id`, `email`, `phone`). */
export type IdentifierType = keyof typeof identifierLists;

/** Every {@link IdentifierType}, in the order the spec lists them (the order inputs are read in). */
export const identifierTypes = Object.keys(identifierLists) as readonly IdentifierType[];

/** Narrows a string (a CSV header cell, a flag, a row's `type`) to an identifier type. */
export function isIdentifierType(value: unknown): value is IdentifierType {
  return typeof value === "string" && (identifierTypes as readonly string[]).includes(value);
}

/**
 * The runtime's own name for each kind: the list of a bulk input (`setStatus({ emails })`) and
 * the field of a per-event call (`unsubscribe({ email })`). The only place these pairs are
 * written.
 */
export const identifierFields = {
  external_id: { list: "externalIds", single: "externalId" },
  email: { list: "emails", single: "email" },
  phone: { list: "phones", single: "phone" },
} as const satisfies Record<IdentifierType, { list: string; single: string }>;

/** The bulk input's list field of a kind (`externalIds`, `emails`, `phones`). */
export type IdentifierListField = (typeof identifierFields)[IdentifierType]["list"];

/** The per-event call's field of a kind (`externalId`, `email`, `phone`). */
export type IdentifierSingleField = (typeof identifierFields)[IdentifierType]["single"];

/**
 * Who an identifier names, for the checks that keep one person's writes apart from another's
 * (contradicting rows, per-event call order): an email address in lower case (its domain is
 * case-insensitive, and Braze finds a profile by its address whatever the case), other kinds
 * as given. Identifiers are still sent, and de-duplicated, as spelled.
 */
export function personOf(type: IdentifierType, id: string): string {
  return type === "email" ? id.toLowerCase() : id;
}
