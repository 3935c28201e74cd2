import {
  type IdentifierType,
  identifierFields,
  identifierTypes,
  isIdentifierType,
} from "@braze-subscriptions/runtime";

export { type IdentifierType, isIdentifierType };

/** The kinds of identifier, from the runtime's one vocabulary (the spec's body fields). */
export const IDENTIFIER_TYPES = identifierTypes;

/** The runtime's input field for each identifier type (`setStatusStream({ emails })`). */
export const RUNTIME_FIELD = Object.fromEntries(
  identifierTypes.map((type) => [type, identifierFields[type].list]),
) as { [T in IdentifierType]: (typeof identifierFields)[T]["list"] };
