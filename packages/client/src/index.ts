export type {
  ErrorResponse,
  GetSubscriptionStatusQuery,
  GetUserSubscriptionGroupsQuery,
  LookupState,
  SetSubscriptionStatusBody,
  SetSubscriptionStatusV2Body,
  SubscriptionGroupUpdate,
  SubscriptionState,
  SubscriptionStatusResponse,
  SuccessResponse,
  UserSubscriptionGroupsResponse,
} from "./aliases.js";
export { normalizeBaseUrl } from "./base-url.js";
export type { ClientOptions } from "./client-options.js";
export { type BrazeClient, createClient } from "./create-client.js";
export {
  type EnvironmentTarget,
  environmentVariables,
  targetFromEnvironment,
} from "./environment/env-defaults.js";
export { readEnv } from "./environment/host.js";
export {
  type InstanceName,
  instances,
  type OperationId,
  operationMetadata,
  queryArrayFormat,
  schemaEnums,
} from "./generated/metadata.gen.js";
export type { components, operations, paths } from "./generated/types.gen.js";
export { type MaskOptions, maskSecrets } from "./mask-secrets.js";
export { type QueryArrayFormat, serializeQuery } from "./serialize-query.js";
export { defaultUserAgent, packageVersion } from "./user-agent.js";
