import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** Path of the bundled spec the package was generated from. */
export const specPath: string = require.resolve("@braze-subscriptions/openapi/openapi.json");

/** The bundled spec, parsed (a fresh copy on each call, so tests may change it). */
export function loadSpec(): SpecDocument {
  return JSON.parse(readFileSync(specPath, "utf8")) as SpecDocument;
}

/** The parts of the bundled spec tests read. */
export interface SpecDocument {
  openapi: string;
  components: { schemas: Record<string, Record<string, unknown>> };
  [key: string]: unknown;
}
