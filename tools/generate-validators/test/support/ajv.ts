import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS: under ESM its plugin is the `default` of the module object.
const addFormats = addFormatsModule.default;

/** Ajv2020 + ajv-formats compiled at runtime from a spec: the reference verdict. */
export function compileWithAjv(
  spec: Record<string, unknown>,
  pointer: string,
): (input: unknown) => boolean {
  const ajv = new Ajv2020({ strict: false });
  addFormats(ajv);
  const { openapi: _openapi, ...rest } = spec;
  const validate = ajv.compile({ $ref: pointer, ...rest });
  return (input) => validate(input) as boolean;
}
