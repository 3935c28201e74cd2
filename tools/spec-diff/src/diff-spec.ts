import { createDiffContext, type DiffContext, type Direction, record } from "./diff-context.js";
import { diffDocs, diffUnknown } from "./diff-generic.js";
import { diffOperation, METHODS } from "./diff-operation.js";
import { diffSchema } from "./diff-schema.js";
import { childPointer } from "./json-pointer.js";
import { asObject, isObject, type JsonObject } from "./json-value.js";
import { schemaUsage } from "./schema-usage.js";
import type { SpecChange } from "./spec-change.js";

/** Top-level keys that only carry documentation. */
const DOCS_ONLY = new Set(["info", "tags", "externalDocs"]);
const BOTH: ReadonlySet<Direction> = new Set(["request", "response"]);

/**
 * Lists every change from `base` to `head` (two bundled OpenAPI 3.x documents) with the
 * release each needs: breaking → major, additive → minor, documentation only → patch.
 * Anything the rules do not know counts as breaking, so a release is never under-bumped.
 */
export function diffSpec(base: JsonObject, head: JsonObject): SpecChange[] {
  const context = createDiffContext(base, head);
  for (const key of new Set([...Object.keys(base), ...Object.keys(head)])) {
    const here = childPointer("", key);
    if (DOCS_ONLY.has(key)) diffDocs(context, base[key], head[key], here, key);
    else if (key === "servers") diffServers(context, base[key], head[key], here);
    else if (key === "paths") diffPaths(context, asObject(base.paths), asObject(head.paths), here);
    else if (key === "components")
      diffComponents(context, asObject(base.components), asObject(head.components), here);
    else diffUnknown(context, base[key], head[key], here, key);
  }
  return context.changes;
}

function diffServers(context: DiffContext, base: unknown, head: unknown, location: string): void {
  const byUrl = (servers: unknown) =>
    new Map(
      (Array.isArray(servers) ? servers : [])
        .filter(isObject)
        .map((server) => [String(server.url), server]),
    );
  const before = byUrl(base);
  const after = byUrl(head);
  for (const url of new Set([...before.keys(), ...after.keys()])) {
    const here = childPointer(location, url);
    const was = before.get(url);
    const now = after.get(url);
    if (now === undefined) record(context, "major", here, `server ${url} removed`);
    else if (was === undefined) record(context, "minor", here, `server ${url} added`);
    else {
      for (const key of new Set([...Object.keys(was), ...Object.keys(now)])) {
        if (key === "description")
          diffDocs(context, was[key], now[key], childPointer(here, key), key);
        else diffUnknown(context, was[key], now[key], childPointer(here, key), `server ${key}`);
      }
    }
  }
}

function diffPaths(
  context: DiffContext,
  base: JsonObject,
  head: JsonObject,
  location: string,
): void {
  for (const path of new Set([...Object.keys(base), ...Object.keys(head)])) {
    const here = childPointer(location, path);
    if (!(path in head)) {
      record(context, "major", here, `path ${path} removed`);
      continue;
    }
    if (!(path in base)) {
      record(context, "minor", here, `path ${path} added`);
      continue;
    }
    const was = asObject(base[path]);
    const now = asObject(head[path]);
    for (const key of new Set([...Object.keys(was), ...Object.keys(now)])) {
      const at = childPointer(here, key);
      if (METHODS.includes(key)) {
        const operation = `${key.toUpperCase()} ${path}`;
        if (!isObject(now[key])) record(context, "major", at, `operation ${operation} removed`);
        else if (!isObject(was[key])) record(context, "minor", at, `operation ${operation} added`);
        else
          diffOperation(
            context,
            was[key],
            now[key],
            { base: was.parameters, head: now.parameters },
            at,
          );
      } else if (key === "summary" || key === "description")
        diffDocs(context, was[key], now[key], at, key);
      // Path-level parameters are compared as part of each operation.
      else if (key !== "parameters") diffUnknown(context, was[key], now[key], at, key);
    }
  }
}

function diffComponents(
  context: DiffContext,
  base: JsonObject,
  head: JsonObject,
  location: string,
): void {
  const before = asObject(base.schemas);
  const after = asObject(head.schemas);
  const usedBefore = schemaUsage(context.base);
  const usedAfter = schemaUsage(context.head);
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const here = childPointer(childPointer(location, "schemas"), name);
    if (!(name in after)) record(context, "major", here, `schema ${name} removed`);
    else if (!(name in before)) record(context, "minor", here, `schema ${name} added`);
    else {
      const directions = new Set([...(usedBefore.get(name) ?? []), ...(usedAfter.get(name) ?? [])]);
      // A schema no operation uses is still an exported type: judge it both ways.
      diffSchema(context, before[name], after[name], here, directions.size > 0 ? directions : BOTH);
    }
  }
  for (const key of ["securitySchemes"]) {
    diffUnknown(context, base[key], head[key], childPointer(location, key), key);
  }
  // Other components (responses, parameters, headers, examples, request bodies) are compared
  // where operations use them, by content.
}
