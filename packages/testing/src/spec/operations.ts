import { type OperationId, operationMetadata } from "@braze-subscriptions/client";

type Metadata = (typeof operationMetadata)[OperationId];
type ListFields = Metadata["requestBody"]["listFields"];

/** A body field that carries user identifiers (`external_id`, `email`, `phone`), per the spec. */
export type IdentifierField = Extract<keyof ListFields, string>;

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
  /** The identifier fields of the body with their spec limits. */
  readonly listFields: ReadonlyArray<{
    readonly field: IdentifierField;
    readonly maxItems: number;
  }>;
  readonly match: (path: string) => boolean;
}

/** Every operation of the spec, from the client's generated `operationMetadata`. */
export const routes: readonly Route[] = Object.values(operationMetadata).map(
  (meta: Metadata): Route => ({
    operationId: meta.operationId,
    method: meta.method.toUpperCase(),
    path: meta.path,
    requiredPermission: meta.requiredPermission,
    rateLimit: meta.rateLimit,
    listFields: Object.entries(meta.requestBody.listFields).map(([field, spec]) => ({
      field: field as IdentifierField,
      maxItems: spec.maxItems,
    })),
    match: pathMatcher(meta.path),
  }),
);

/** Every identifier field of every operation, in spec order, without repeats. */
export const identifierFields: readonly IdentifierField[] = [
  ...new Set(routes.flatMap((route) => route.listFields.map((entry) => entry.field))),
];

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
