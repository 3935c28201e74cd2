import type { SubscriptionState } from "@braze-subscriptions/client";
import {
  type IdentifierField,
  type IdentifierSlot,
  identifierFields,
  type Route,
} from "../spec/operations.js";

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

/** One write a body asks for: a state for some identifiers of one kind in one group. */
export interface IdentifierWrite {
  readonly groupId: string;
  readonly field: IdentifierField;
  readonly ids: string[];
  readonly state: SubscriptionState;
}

/**
 * How many identifiers a parsed body or query carries, as the fake reads them: a string
 * counts as one, an array as its string entries, in every identifier list (a v2 body: in
 * every group). Anything else is left to the validators.
 */
export function identifiersOf(route: Route, parsed: unknown): number {
  let count = 0;
  const slots = route.body?.slots ?? route.query?.slots ?? [];
  for (const { ids } of listsOf(parsed, slots)) count += ids.length;
  const groups = route.body?.groups;
  if (groups !== undefined) {
    for (const item of arrayAt(parsed, groups.name))
      for (const { ids } of listsOf(item, groups.slots)) count += ids.length;
  }
  return count;
}

/** The writes of a validated body: one per identifier list (of each group, for v2). */
export function writesOf(route: Route, body: unknown): IdentifierWrite[] {
  const writes: IdentifierWrite[] = [];
  const add = (owner: unknown, slots: readonly IdentifierSlot[]) => {
    const { subscription_group_id: groupId, subscription_state: state } = owner as {
      subscription_group_id: string;
      subscription_state: SubscriptionState;
    };
    for (const { field, ids } of listsOf(owner, slots)) writes.push({ groupId, field, ids, state });
  };
  const shape = route.body;
  if (shape === undefined) return writes;
  if (shape.slots.length > 0) add(body, shape.slots);
  if (shape.groups !== undefined)
    for (const item of arrayAt(body, shape.groups.name)) add(item, shape.groups.slots);
  return writes;
}

/** The identifier lists of an object, by slot: a string is one identifier. */
export function listsOf(
  owner: unknown,
  slots: readonly IdentifierSlot[],
): Array<{ field: IdentifierField; ids: string[] }> {
  if (owner === null || typeof owner !== "object" || Array.isArray(owner)) return [];
  const found: Array<{ field: IdentifierField; ids: string[] }> = [];
  for (const { name, field } of slots) {
    const value = (owner as Record<string, unknown>)[name];
    if (typeof value === "string") found.push({ field, ids: [value] });
    else if (Array.isArray(value)) {
      found.push({ field, ids: value.filter((item): item is string => typeof item === "string") });
    }
  }
  return found;
}

function arrayAt(owner: unknown, name: string): unknown[] {
  if (owner === null || typeof owner !== "object") return [];
  const value = (owner as Record<string, unknown>)[name];
  return Array.isArray(value) ? value : [];
}

function toCamelCase<S extends string>(name: S): CamelCase<S> {
  return name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()) as CamelCase<S>;
}
