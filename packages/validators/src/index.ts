export * from "./generated/request-rules.gen.js";
export {
  type BrokenRequestRule,
  type IssueCode,
  MAX_IDENTIFIERS_CODE,
  MAX_ISSUES,
  type RequestExclusion,
  type RequestRules,
  type ValidationIssue,
  type ValidationResult,
  type Validator,
} from "./generated/runtime.gen.js";
export * from "./generated/validators.gen.js";
