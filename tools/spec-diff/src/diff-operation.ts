import { type DiffContext, type Direction, dereference, record } from "./diff-context.js";
import { DOCS_KEYS, diffDocs, diffUnknown } from "./diff-generic.js";
import { diffSchema } from "./diff-schema.js";
import { childPointer } from "./json-pointer.js";
import { asObject, isObject, type JsonObject, show } from "./json-value.js";

const REQUEST: ReadonlySet<Direction> = new Set(["request"]);
const RESPONSE: ReadonlySet<Direction> = new Set(["response"]);

/** HTTP methods of a path item (OpenAPI 3.1). */
export const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Compares one operation of the two specs; `sharedParameters` are the path item's. */
export function diffOperation(
  context: DiffContext,
  base: JsonObject,
  head: JsonObject,
  sharedParameters: { base: unknown; head: unknown },
  location: string,
): void {
  const keys = new Set([...Object.keys(base), ...Object.keys(head)]);
  for (const key of keys) {
    const here = childPointer(location, key);
    const before = base[key];
    const after = head[key];
    if (DOCS_KEYS.has(key)) diffDocs(context, before, after, here, key);
    else if (key === "parameters") continue;
    else if (key === "requestBody") diffRequestBody(context, before, after, here);
    else if (key === "responses") diffResponses(context, asObject(before), asObject(after), here);
    else if (key === "deprecated") {
      if (before !== after)
        record(
          context,
          after === true ? "minor" : "patch",
          here,
          after === true ? "operation deprecated" : "operation no longer deprecated",
        );
    } else if (key === "x-rate-limit") diffRateLimit(context, before, after, here);
    else diffUnknown(context, before, after, here, key);
  }
  diffParameters(
    context,
    [...asArray(sharedParameters.base), ...asArray(base.parameters)],
    [...asArray(sharedParameters.head), ...asArray(head.parameters)],
    childPointer(location, "parameters"),
  );
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function parameterMap(document: JsonObject, parameters: unknown[]): Map<string, JsonObject> {
  const map = new Map<string, JsonObject>();
  for (const parameter of parameters) {
    const resolved = asObject(dereference(document, parameter));
    map.set(`${String(resolved.in)}:${String(resolved.name)}`, resolved);
  }
  return map;
}

function diffParameters(
  context: DiffContext,
  base: unknown[],
  head: unknown[],
  location: string,
): void {
  const before = parameterMap(context.base, base);
  const after = parameterMap(context.head, head);
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const here = childPointer(location, id);
    const was = before.get(id);
    const now = after.get(id);
    if (now === undefined) record(context, "major", here, `parameter ${id} removed`);
    else if (was === undefined) {
      const required = now.required === true;
      record(
        context,
        required ? "major" : "minor",
        here,
        `new ${required ? "required" : "optional"} parameter ${id}`,
      );
    } else {
      for (const key of new Set([...Object.keys(was), ...Object.keys(now)])) {
        const at = childPointer(here, key);
        if (DOCS_KEYS.has(key) || key === "deprecated")
          diffDocs(context, was[key], now[key], at, key);
        else if (key === "required") diffRequiredFlag(context, was[key], now[key], at, "parameter");
        else if (key === "schema") diffSchema(context, was[key], now[key], at, REQUEST);
        else if (key === "content") diffContent(context, was[key], now[key], at, REQUEST);
        else diffUnknown(context, was[key], now[key], at, key);
      }
    }
  }
}

function diffRequiredFlag(
  context: DiffContext,
  before: unknown,
  after: unknown,
  location: string,
  what: string,
): void {
  if (before === after) return;
  if (after === true) record(context, "major", location, `${what} is now required`);
  else record(context, "minor", location, `${what} is no longer required`);
}

function diffRequestBody(
  context: DiffContext,
  base: unknown,
  head: unknown,
  location: string,
): void {
  const before = dereference(context.base, base);
  const after = dereference(context.head, head);
  if (!isObject(after)) {
    if (isObject(before)) record(context, "major", location, "request body removed");
    return;
  }
  if (!isObject(before)) {
    const required = after.required === true;
    record(
      context,
      required ? "major" : "minor",
      location,
      `new ${required ? "required" : "optional"} request body`,
    );
    return;
  }
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const here = childPointer(location, key);
    if (DOCS_KEYS.has(key)) diffDocs(context, before[key], after[key], here, key);
    else if (key === "required")
      diffRequiredFlag(context, before[key], after[key], here, "request body");
    else if (key === "content") diffContent(context, before[key], after[key], here, REQUEST);
    else diffUnknown(context, before[key], after[key], here, key);
  }
}

function diffContent(
  context: DiffContext,
  base: unknown,
  head: unknown,
  location: string,
  directions: ReadonlySet<Direction>,
): void {
  const before = asObject(base);
  const after = asObject(head);
  for (const mediaType of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const here = childPointer(location, mediaType);
    const was = before[mediaType];
    const now = after[mediaType];
    if (now === undefined) record(context, "major", here, `media type ${mediaType} removed`);
    else if (was === undefined) record(context, "minor", here, `media type ${mediaType} added`);
    else {
      const wasObject = asObject(was);
      const nowObject = asObject(now);
      for (const key of new Set([...Object.keys(wasObject), ...Object.keys(nowObject)])) {
        const at = childPointer(here, key);
        if (DOCS_KEYS.has(key)) diffDocs(context, wasObject[key], nowObject[key], at, key);
        else if (key === "schema")
          diffSchema(context, wasObject[key], nowObject[key], at, directions);
        else diffUnknown(context, wasObject[key], nowObject[key], at, key);
      }
    }
  }
}

function diffResponses(
  context: DiffContext,
  base: JsonObject,
  head: JsonObject,
  location: string,
): void {
  for (const status of new Set([...Object.keys(base), ...Object.keys(head)])) {
    const here = childPointer(location, status);
    const before = dereference(context.base, base[status]);
    const after = dereference(context.head, head[status]);
    if (after === undefined) record(context, "major", here, `response ${status} removed`);
    else if (before === undefined) record(context, "minor", here, `response ${status} added`);
    else {
      const was = asObject(before);
      const now = asObject(after);
      for (const key of new Set([...Object.keys(was), ...Object.keys(now)])) {
        const at = childPointer(here, key);
        if (DOCS_KEYS.has(key)) diffDocs(context, was[key], now[key], at, key);
        else if (key === "content") diffContent(context, was[key], now[key], at, RESPONSE);
        else if (key === "headers")
          diffHeaders(context, asObject(was[key]), asObject(now[key]), at);
        else diffUnknown(context, was[key], now[key], at, key);
      }
    }
  }
}

function diffHeaders(
  context: DiffContext,
  base: JsonObject,
  head: JsonObject,
  location: string,
): void {
  for (const name of new Set([...Object.keys(base), ...Object.keys(head)])) {
    const here = childPointer(location, name);
    const before = dereference(context.base, base[name]);
    const after = dereference(context.head, head[name]);
    if (after === undefined) record(context, "major", here, `response header ${name} removed`);
    else if (before === undefined) record(context, "minor", here, `response header ${name} added`);
    else {
      const was = asObject(before);
      const now = asObject(after);
      for (const key of new Set([...Object.keys(was), ...Object.keys(now)])) {
        const at = childPointer(here, key);
        if (DOCS_KEYS.has(key) || key === "deprecated")
          diffDocs(context, was[key], now[key], at, key);
        else if (key === "schema") diffSchema(context, was[key], now[key], at, RESPONSE);
        else if (key === "required") {
          // A header that may now be missing breaks readers; a newly guaranteed one does not.
          if (was[key] === true && now[key] !== true)
            record(context, "major", at, `header ${name} no longer guaranteed`);
          else if (now[key] === true && was[key] !== true)
            record(context, "minor", at, `header ${name} now guaranteed`);
        } else diffUnknown(context, was[key], now[key], at, key);
      }
    }
  }
}

/** `x-rate-limit`: fewer requests or a longer interval is a tightened limit. */
function diffRateLimit(context: DiffContext, base: unknown, head: unknown, location: string): void {
  if (!isObject(base) || !isObject(head)) {
    if (head === undefined) record(context, "minor", location, "rate limit removed");
    else
      record(
        context,
        "major",
        location,
        `rate limit ${base === undefined ? "added" : "changed"}: ${show(head)}`,
      );
    return;
  }
  for (const key of new Set([...Object.keys(base), ...Object.keys(head)])) {
    const here = childPointer(location, key);
    const before = base[key];
    const after = head[key];
    if (before === after) continue;
    if (DOCS_KEYS.has(key)) diffDocs(context, before, after, here, key);
    else if (
      (key === "limit" || key === "intervalMs") &&
      typeof before === "number" &&
      typeof after === "number"
    ) {
      const tightened = key === "limit" ? after < before : after > before;
      record(
        context,
        tightened ? "major" : "minor",
        here,
        `rate limit ${key} ${tightened ? "tightened" : "loosened"} from ${before} to ${after}`,
      );
    } else diffUnknown(context, before, after, here, `rate limit ${key}`);
  }
}
