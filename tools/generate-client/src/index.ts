export { fileHeader, specHash } from "./file-header.js";
export { type GenerateClientOptions, generateClient } from "./generate-client.js";
export { instanceMap } from "./instance-map.js";
export type { OpenApiDocument, SchemaObject } from "./openapi-document.js";
export { HTTP_METHODS, resolveRef, schemaRefName } from "./openapi-document.js";
export {
  type ListFieldMetadata,
  type ObjectFieldsMetadata,
  type OperationMetadata,
  operationMetadata,
  type QueryMetadata,
  type QueryParameterMetadata,
  queryObjectSchema,
  type RateLimitMetadata,
  type RequestBodyMetadata,
} from "./operation-metadata.js";
export {
  type OperationParameter,
  operationParameters,
  type ParameterObject,
} from "./operation-parameters.js";
export {
  QUERY_ARRAY_FORMATS,
  type QueryArrayFormat,
  queryArrayFormatOf,
} from "./query-array-format.js";
export { schemaEnums } from "./schema-enums.js";
export { writeGeneratedFiles } from "./write-generated-files.js";
