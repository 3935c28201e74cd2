import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { OpenApiDocument } from "@braze-subscriptions/generate-client";
import type { RuntimeApi } from "../../src/index.js";

const require = createRequire(import.meta.url);

/** The real bundled spec, as built by the openapi package (a devDependency, built first). */
export const realSpecPath = require.resolve("@braze-subscriptions/openapi/openapi.json");

/** The hand-written spec's entry file and lint config, in openapi/. */
export const specSourceDir = dirname(dirname(realSpecPath));
export const specSourcePath = join(specSourceDir, "openapi.yaml");

/** A small spec with a server without a name, an `apiKey` header and a single `example`. */
export const tinySpecPath = join(import.meta.dirname, "..", "fixtures", "tiny-spec.json");

/** Reads a spec as a fresh object (tests may change it). */
export async function loadSpec(path: string): Promise<OpenApiDocument> {
  return JSON.parse(await readFile(path, "utf8")) as OpenApiDocument;
}

/** Evaluates a JavaScript literal as the code samples write it (test-only). */
export function evaluateLiteral(source: string): unknown {
  return new Function(`"use strict"; return (${source});`)();
}

/** The runtime names `@braze-subscriptions/docs` passes (its `runtime-api.json`). */
export const realRuntimeApiPath = join(
  import.meta.dirname,
  "..",
  "..",
  "..",
  "..",
  "packages",
  "docs",
  "runtime-api.json",
);

/** Reads the runtime names of {@link realRuntimeApiPath}. */
export async function loadRuntimeApi(): Promise<RuntimeApi> {
  return JSON.parse(await readFile(realRuntimeApiPath, "utf8")) as RuntimeApi;
}
