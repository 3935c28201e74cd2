export {
  type IssueCode,
  MAX_ISSUES,
  type ValidationIssue,
  type ValidationResult,
  type Validator,
} from "./generated/runtime.gen.js";
export * from "./generated/validators.gen.js";
