export {
  addCodeSamples,
  type CodeSample,
  type CodeSampleLanguage,
} from "./code-samples/add-code-samples.js";
export { clientSample } from "./code-samples/client-sample.js";
export { curlSample, shellQuote } from "./code-samples/curl-sample.js";
export { defaultSampleTemplates, sampleTemplatesFor } from "./code-samples/default-templates.js";
export { jsLiteral, RawCode, raw } from "./code-samples/js-literal.js";
export {
  firstServer,
  headerAuth,
  operationObject,
  queryExamples,
  requestExamples,
} from "./code-samples/operation-context.js";
export { queryString } from "./code-samples/query-string.js";
export {
  camelCase,
  type RuntimeApi,
  runtimeInput,
  runtimeSample,
} from "./code-samples/runtime-sample.js";
export { sampleSettings } from "./code-samples/sample-settings.js";
export type {
  HeaderAuth,
  RequestExample,
  SampleContext,
  SampleServer,
  SampleTemplate,
} from "./code-samples/sample-template.js";
export { type EnrichedSpec, enrichSpec } from "./enrich-spec.js";
export {
  type ExternalReference,
  GenerateDocsError,
  OfflineCheckError,
  RedoclyError,
  SpecError,
} from "./errors.js";
export { type GeneratedDocs, generateDocs } from "./generate-docs.js";
export type { GenerateDocsOptions } from "./generate-docs-options.js";
export { findExternalReferences } from "./offline/external-references.js";
export { makeOffline } from "./offline/make-offline.js";
export {
  applyOfflinePatches,
  OFFLINE_PATCHES,
  type OfflinePatch,
} from "./offline/offline-patches.js";
export { CONTENT_SECURITY_POLICY, pageTemplate } from "./page-template.js";
export { addRateLimitBadges, formatInterval, rateLimitText } from "./rate-limit-badges.js";
export { redocOptions, SPEC_FILES } from "./redoc-options.js";
export { REDOCLY_ENV, redoclyCliPath, runRedocly } from "./run-redocly.js";
