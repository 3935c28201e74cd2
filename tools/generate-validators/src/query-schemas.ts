import {
  HTTP_METHODS,
  type OpenApiDocument,
  operationParameters,
  type SchemaObject,
} from "@braze-subscriptions/generate-client";
import { escapeToken } from "./schema-model.js";

/** The query parameters of one operation, read as one object to validate. */
export interface QuerySchema {
  operationId: string;
  /** Pointer of the synthesized object schema in the document `withQuerySchemas` returns. */
  pointer: string;
}

/** Where synthesized query schemas live in the generator's copy of the document. */
const QUERY_SCHEMAS_KEY = "x-generated-query-schemas";

/**
 * A copy of `doc` with one object schema per operation that has query parameters (its own and
 * its path item's, as OpenAPI applies them): a property per parameter (a `$ref` to the
 * parameter's own schema), `required` from the parameters, and
 * the operation's `x-query-rules` (rules across parameters, with their `x-error-*` messages)
 * as its `allOf`. Validating that object checks a query as a client builds it
 * (`{ name: value }`, arrays for several values), whatever the encoding on the wire.
 */
export function withQuerySchemas(doc: OpenApiDocument): {
  doc: OpenApiDocument;
  queries: QuerySchema[];
} {
  const schemas: Record<string, SchemaObject> = {};
  const queries: QuerySchema[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = item[method] as Record<string, unknown> | undefined;
      const operationId = operation?.operationId;
      if (operation === undefined || typeof operationId !== "string") continue;
      const properties: Record<string, SchemaObject> = {};
      const required: string[] = [];
      for (const { parameter, pointer } of operationParameters(doc, path, method)) {
        if (parameter.in !== "query" || typeof parameter.name !== "string") continue;
        properties[parameter.name] =
          parameter.schema === undefined ? {} : { $ref: `${pointer}/schema` };
        if (parameter.required === true) required.push(parameter.name);
      }
      if (Object.keys(properties).length === 0) continue;
      const rules = operation["x-query-rules"];
      schemas[operationId] = {
        type: "object",
        properties,
        required,
        ...(Array.isArray(rules) ? { allOf: rules as SchemaObject[] } : {}),
      };
      queries.push({
        operationId,
        pointer: `#/${QUERY_SCHEMAS_KEY}/${escapeToken(operationId)}`,
      });
    }
  }
  return { doc: { ...doc, [QUERY_SCHEMAS_KEY]: schemas } as OpenApiDocument, queries };
}
