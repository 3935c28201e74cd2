import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { SpecDocument } from "./spec.js";

// ajv-formats is CommonJS: under ESM its plugin is the `default` of the module object.
const addFormats = addFormatsModule.default;

/**
 * Compiles a component schema of the spec with Ajv2020 + ajv-formats at runtime: the reference
 * our generated validators must agree with. `strict: false` lets the spec's `x-` extensions
 * through as the annotations they are.
 */
export function compileWithAjv(
  spec: SpecDocument,
  schemaName: string,
): (input: unknown) => boolean {
  const ajv = new Ajv2020({ strict: false });
  addFormats(ajv);
  const validate = ajv.compile({
    $ref: `#/components/schemas/${schemaName}`,
    components: spec.components,
  });
  return (input) => validate(input) as boolean;
}
