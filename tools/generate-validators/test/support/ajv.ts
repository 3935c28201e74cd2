import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as typeof addFormatsModule;

/** Ajv2020 + ajv-formats compiled at runtime from a spec: the reference verdict. */
export function compileWithAjv(spec: Record<string, unknown>, pointer: string): (input: unknown) => boolean {
  const ajv = new Ajv2020({ strict: false });
  addFormats(ajv);
  const { openapi: _openapi, ...rest } = spec;
  const validate = ajv.compile({ $ref: pointer, ...rest });
  return (input) => validate(input) as boolean;
}
