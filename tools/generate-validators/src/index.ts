export { GenerateValidatorsError, InvalidSpecError, UnsupportedSchemaError } from "./errors.js";
export {
  type GenerateValidatorsOptions,
  generateValidators,
  renderValidators,
} from "./generate-validators.js";
