import { type OperationId, operationMetadata } from "@braze-subscriptions/client";
import { requestRules } from "@braze-subscriptions/validators";

type Metadata = (typeof operationMetadata)[OperationId];
type V1Fields = (typeof operationMetadata)["setSubscriptionStatus"]["requestBody"]["listFields"];

/**
 * A kind of user identifier, named as the v1 body names it (`external_id`, `email`, `phone`).
 * Other operations name the same kinds differently (`external_ids`, a query's `email`); the
 * fake matches them by the spec's item schema (`ExternalId`, `Email`, `E164Phone`).
 */
export type IdentifierField = Extract<keyof V1Fields, string>;

/** One list of identifiers in a body, an item of a body list, or a query. */
export interface IdentifierSlot {
  /** The field or parameter that holds it (`external_ids` in a v2 group, `email` in v1). */
  readonly name: string;
  /** The identifier kind it holds. */
  readonly field: IdentifierField;
  /** The spec's `maxItems` of the list. */
  readonly maxItems: number;
}

/** Where a write body carries its identifiers. */
export interface BodyShape {
  /** Identifier lists at the top of the body (v1). */
  readonly slots: readonly IdentifierSlot[];
  /** A list of objects each naming its own group, state and identifier lists (v2). */
  readonly groups:
    | {
        readonly name: string;
        readonly slots: readonly IdentifierSlot[];
      }
    | undefined;
  /**
   * Most identifiers in one request, all lists together: the body's `x-max-identifiers` (as the
   * validators' generated `requestRules` carry it), else the smallest `maxItems`.
   */
  readonly maxIdentifiers: number;
}

/** The query of a read, with the identifier parameters found by name. */
export interface QueryShape {
  /** Each query parameter and the JSON type of one value. */
  readonly parameters: Readonly<
    Record<string, { readonly type: string | null; readonly default: unknown }>
  >;
  /** Identifier parameters, in spec order (`external_id`, `email`, `phone`). */
  readonly slots: readonly IdentifierSlot[];
  /** Most identifiers in one request: the smallest `maxItems` of the identifier lists. */
  readonly maxIdentifiers: number;
}

/** One operation of the spec, as the fake routes it. */
export interface Route {
  readonly operationId: OperationId;
  readonly method: string;
  readonly path: string;
  readonly requiredPermission: string;
  /** The spec's `x-rate-limit`: operations with the same `bucket` share one budget. */
  readonly rateLimit: {
    readonly bucket: string;
    readonly limit: number;
    readonly intervalMs: number;
  };
  /** A write's JSON body, or `undefined` for a read. */
  readonly body: BodyShape | undefined;
  /** A read's query, or `undefined` when the operation takes none. */
  readonly query: QueryShape | undefined;
  readonly match: (path: string) => boolean;
}

type ListFieldLike = {
  readonly itemSchema: string | null;
  readonly maxItems: number | null;
  readonly itemFields: {
    readonly listFields: Readonly<Record<string, ListFieldLike>>;
  } | null;
};

const v1Fields: Readonly<Record<string, ListFieldLike>> =
  operationMetadata.setSubscriptionStatus.requestBody.listFields;

/** Every identifier kind, in the order the v1 body lists them. */
export const identifierFields = Object.keys(v1Fields) as IdentifierField[];

// Identifier kind by the schema of one identifier, from the v1 body.
const fieldOfItemSchema = new Map<string, IdentifierField>(
  identifierFields.map((field) => [v1Fields[field]?.itemSchema as string, field]),
);

function slotsOf(listFields: Readonly<Record<string, ListFieldLike>>): IdentifierSlot[] {
  const slots: IdentifierSlot[] = [];
  for (const [name, list] of Object.entries(listFields)) {
    const field = list.itemSchema === null ? undefined : fieldOfItemSchema.get(list.itemSchema);
    if (field !== undefined) slots.push({ name, field, maxItems: list.maxItems ?? Infinity });
  }
  return slots;
}

function bodyShapeOf(meta: Metadata): BodyShape | undefined {
  const body = meta.requestBody as {
    readonly listFields: Readonly<Record<string, ListFieldLike>>;
  } | null;
  if (body === null) return undefined;
  const slots = slotsOf(body.listFields);
  const nested = Object.entries(body.listFields).find(([, list]) => list.itemFields !== null);
  const groups =
    nested === undefined
      ? undefined
      : { name: nested[0], slots: slotsOf(nested[1].itemFields?.listFields ?? {}) };
  // Without a cap for the whole request, the fake reads one: all lists together at most the
  // smallest maxItems.
  const maxIdentifiers =
    requestRules[meta.operationId]?.maxIdentifiers ??
    Math.min(...[...slots, ...(groups?.slots ?? [])].map((slot) => slot.maxItems));
  return { slots, groups, maxIdentifiers };
}

function queryShapeOf(meta: Metadata): QueryShape | undefined {
  const query = meta.query as {
    readonly parameters: QueryShape["parameters"];
    readonly listFields: Readonly<Record<string, ListFieldLike>>;
  } | null;
  if (query === null) return undefined;
  const lists = slotsOf(query.listFields);
  // A parameter that takes one identifier only (no list) is matched by its name.
  const slots = Object.keys(query.parameters).flatMap((name): IdentifierSlot[] => {
    const list = lists.find((slot) => slot.name === name);
    if (list) return [list];
    return identifierFields.includes(name as IdentifierField)
      ? [{ name, field: name as IdentifierField, maxItems: 1 }]
      : [];
  });
  return {
    parameters: query.parameters,
    slots,
    maxIdentifiers: Math.min(...lists.map((slot) => slot.maxItems), Infinity),
  };
}

/** Every operation of the spec, from the client's generated `operationMetadata`. */
export const routes: readonly Route[] = Object.values(operationMetadata).map(
  (meta: Metadata): Route => ({
    operationId: meta.operationId,
    method: meta.method.toUpperCase(),
    path: meta.path,
    requiredPermission: meta.requiredPermission,
    rateLimit: meta.rateLimit,
    body: bodyShapeOf(meta),
    query: queryShapeOf(meta),
    match: pathMatcher(meta.path),
  }),
);

/** The route for a request: `undefined` when no operation has this method and path. */
export function findRoute(method: string, path: string): Route | undefined {
  const upper = method.toUpperCase();
  return routes.find((route) => route.method === upper && route.match(path));
}

// Spec paths may hold `{param}` templates; a parameter matches one non-empty path segment.
function pathMatcher(template: string): (path: string) => boolean {
  if (!template.includes("{")) return (path) => path === template;
  const source = template
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("[^/]+");
  const regex = new RegExp(`^${source}$`);
  return (path) => regex.test(path);
}
