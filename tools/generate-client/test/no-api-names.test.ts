import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// The real bundled spec: the names it coins must not appear in the tools that read it.
const specPath = createRequire(import.meta.url).resolve(
  "@braze-subscriptions/openapi/openapi.json",
);
const toolsDir = join(import.meta.dirname, "..", "..");

/** Operation ids, paths, parameter names and property names of every schema in a spec. */
function apiNames(spec: unknown): Set<string> {
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (node === null || typeof node !== "object") return;
    const record = node as Record<string, unknown>;
    if (typeof record.operationId === "string") names.add(record.operationId);
    if (typeof record.in === "string" && typeof record.name === "string") names.add(record.name);
    if (record.properties && typeof record.properties === "object")
      for (const key of Object.keys(record.properties)) names.add(key);
    Object.values(record).forEach(walk);
  };
  walk(spec);
  for (const path of Object.keys((spec as { paths?: object }).paths ?? {})) names.add(path);
  return names;
}

/**
 * Keys of the spec's own `x-` extension objects (`x-rate-limit`'s `limit`, `bucket` …): the
 * vocabulary generators are meant to read, even where an API field has the same name.
 */
function extensionKeys(spec: unknown): Set<string> {
  const keys = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith("x-") && value && typeof value === "object" && !Array.isArray(value))
        for (const inner of Object.keys(value)) keys.add(inner);
      walk(value);
    }
  };
  walk(spec);
  return keys;
}

/** Hand-written code of the tools: everything but tests, fixtures, snapshots and builds. */
async function toolSources(): Promise<string[]> {
  const files: string[] = [];
  for (const tool of await readdir(toolsDir)) {
    for (const folder of ["src", "bin", "templates"]) {
      const entries = await readdir(join(toolsDir, tool, folder), { recursive: true }).catch(
        () => [],
      );
      for (const entry of entries)
        if (/\.(ts|js|mjs|cjs)$/.test(entry)) files.push(join(toolsDir, tool, folder, entry));
    }
  }
  return files;
}

/**
 * Where `source` names one of `names`. A name the API coined (with `_`, `/` or an inner
 * capital, e.g. an operation id, a path, a snake_case field) counts anywhere, comments
 * included; a plain word (`email`, `status`) only as a string literal in code, since the same
 * word is ordinary English in a comment and JSON Schema vocabulary (`format: email`) alike.
 */
function findApiNames(source: string, names: Iterable<string>): string[] {
  const code = source
    .split("\n")
    .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
    .join("\n");
  const found: string[] = [];
  for (const name of names) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    const coined = /[_/]|[a-z][A-Z]/.test(name);
    const pattern = coined
      ? new RegExp(`(^|[^A-Za-z0-9_])${escaped}($|[^A-Za-z0-9_])`)
      : new RegExp(`["'\`]${escaped}["'\`]`);
    if (pattern.test(coined ? source : code)) found.push(name);
  }
  return found;
}

describe("tools/ is spec-agnostic", () => {
  it("finds planted names, and only names the rules count", () => {
    const names = ["subscription_group_id", "getThing", "/a/b", "email"];
    expect(findApiNames('const fields = { subscription_group_id: "x" };', names)).toEqual([
      "subscription_group_id",
    ]);
    expect(findApiNames("// calls getThing on /a/b", names)).toEqual(["getThing", "/a/b"]);
    expect(findApiNames('if (format === "email") {}', names)).toEqual(["email"]);
    expect(findApiNames("// an email address\nconst email = 1;", names)).toEqual([]);
  });

  it("names no operation id, path, parameter or field of the API outside tests and fixtures", async () => {
    const spec = JSON.parse(await readFile(specPath, "utf8"));
    const vocabulary = extensionKeys(spec);
    const names = [...apiNames(spec)].filter((name) => !vocabulary.has(name));
    expect(names.length).toBeGreaterThan(10);
    const offenders: string[] = [];
    for (const file of await toolSources()) {
      for (const name of findApiNames(await readFile(file, "utf8"), names))
        offenders.push(`${relative(toolsDir, file)}: ${name}`);
    }
    expect(offenders).toEqual([]);
  });
});
