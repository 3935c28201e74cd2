import {
  HTTP_METHODS,
  type OpenApiDocument,
  type SchemaObject,
} from "@braze-subscriptions/generate-client";
import { InvalidSpecError } from "./errors.js";
import { componentOf } from "./request-bodies.js";
import { escapeToken } from "./schema-model.js";

/** One response an operation documents: its status key and its JSON bodies. */
export interface DocumentedResponse {
  operationId: string;
  /** The status key as the spec writes it: `"201"`, `"2XX"` or `"default"`. */
  status: string;
  /** Its JSON bodies, one per media type; empty when it documents none (e.g. a `204`). */
  bodies: ResponseBody[];
}

/** The JSON body of one documented response in one media type. */
export interface ResponseBody {
  /** A JSON media type, lower case (`application/json`, `application/problem+json`, …). */
  mediaType: string;
  /** Pointer of the body's schema: a component when the spec references one. */
  pointer: string;
  /** The component schema name, when the body is a `$ref` to one. */
  component?: string;
}

// Validators check parsed JSON values: other media types (an HTML error page) have none.
const JSON_MEDIA_TYPE = /^application\/(?:[a-z0-9!#$&^_.-]+\+)?json$/i;

/**
 * Every response of every operation with an `operationId`, in spec order, per documented
 * status key (exact codes, ranges such as `2XX`, `default`), with its JSON bodies.
 */
export function documentedResponses(doc: OpenApiDocument): DocumentedResponse[] {
  const responses: DocumentedResponse[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = item[method] as Record<string, unknown> | undefined;
      const operationId = operation?.operationId;
      if (typeof operationId !== "string") continue;
      const byStatus = (operation?.responses ?? {}) as Record<string, unknown>;
      for (const [status, raw] of Object.entries(byStatus)) {
        if (status.startsWith("x-")) continue;
        const at = `#/paths/${escapeToken(path)}/${method}/responses/${escapeToken(status)}`;
        const { node, pointer: base } = followRefs(doc, raw, at);
        const content = (node.content ?? {}) as Record<string, { schema?: SchemaObject }>;
        const bodies: ResponseBody[] = [];
        for (const [mediaType, media] of Object.entries(content)) {
          if (!JSON_MEDIA_TYPE.test(mediaType) || media?.schema === undefined) continue;
          const schema = media.schema;
          const pointer =
            typeof schema.$ref === "string"
              ? schema.$ref
              : `${base}/content/${escapeToken(mediaType)}/schema`;
          const component = componentOf(pointer);
          const body = { mediaType: mediaType.toLowerCase(), pointer };
          bodies.push(component ? { ...body, component } : body);
        }
        responses.push({ operationId, status, bodies });
      }
    }
  }
  return responses;
}

// A response may be a `$ref` to `#/components/responses/…`, itself possibly a `$ref`: the
// pointer of the object holding `content` names its inline schemas.
function followRefs(
  doc: OpenApiDocument,
  raw: unknown,
  pointer: string,
): { node: Record<string, unknown>; pointer: string } {
  let node = raw as Record<string, unknown>;
  let at = pointer;
  const seen = new Set<string>();
  while (node && typeof node.$ref === "string") {
    const ref = node.$ref;
    if (seen.has(ref)) throw new InvalidSpecError(`circular $ref at ${ref}`);
    if (!ref.startsWith("#/"))
      throw new InvalidSpecError(`only local references (#/…) are supported, got ${ref}`);
    seen.add(ref);
    let target: unknown = doc;
    for (const token of ref.slice(2).split("/")) {
      const key = token.replaceAll("~1", "/").replaceAll("~0", "~");
      target = (target as Record<string, unknown> | undefined)?.[key];
    }
    if (target === null || typeof target !== "object")
      throw new InvalidSpecError(`unresolvable reference ${ref}`);
    node = target as Record<string, unknown>;
    at = ref;
  }
  if (node === null || typeof node !== "object")
    throw new InvalidSpecError(`the response at ${pointer} is not an object`);
  return { node, pointer: at };
}
