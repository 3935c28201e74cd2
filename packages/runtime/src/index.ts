export { minDurationMs } from "./bulk/min-duration.js";
export type { PlanOptions, SetStatusPlan } from "./bulk/plan-set-status.js";
export type {
  IdentifierSource,
  SetStatusInput,
  SetStatusOptions,
} from "./bulk/set-status-input.js";
export type { Clock } from "./clock.js";
export { systemClock } from "./clock.js";
export type { EnqueueInput, SingleIdentifier } from "./coalesce/coalescer.js";
export type { PerEventOptions } from "./coalesce/per-event-options.js";
export {
  type ApiErrorDetails,
  BrazeApiError,
  BrazeAuthError,
  BrazeBadRequestError,
  BrazeNotFoundError,
  BrazeRateLimitError,
  BrazeServerError,
} from "./errors/api-errors.js";
export { BrazeError, type ValidationIssue } from "./errors/braze-error.js";
export { BrazeInterruptedError } from "./errors/interrupted-error.js";
export { BrazeLimiterUnavailableError } from "./errors/limiter-errors.js";
export {
  BrazeAbortError,
  BrazeClosedError,
  BrazeConnectionError,
  BrazeTimeoutError,
  BrazeValidationError,
} from "./errors/transport-errors.js";
export {
  BrazeUnexpectedResponseError,
  type UnexpectedResponseDetails,
} from "./errors/unexpected-response-error.js";
export { likelyCauseOf, refusesGroupAlone } from "./fail-fast/likely-cause.js";
export type {
  PreflightCheck,
  PreflightJob,
  PreflightOptions,
  PreflightPurpose,
  RefusedGroup,
} from "./fail-fast/preflight-read.js";
export type { PreflightRequest } from "./fail-fast/preflight-request.js";
export type { SendableBody, SendOptions, SendResult } from "./http/send-body.js";
export { FingerprintSet } from "./identifiers/fingerprint-set.js";
export { GrantLog } from "./limiter/grant-log.js";
export type {
  BudgetObservation,
  LimiterGrant,
  LimiterStore,
  RateLimitRule,
} from "./limiter/limiter-store.js";
export { longCeilingBeyondLog, MAX_LONG_CEILING } from "./limiter/long-ceiling.js";
export {
  MemoryLimiterStore,
  type MemoryLimiterStoreOptions,
} from "./limiter/memory-limiter-store.js";
export {
  type BudgetState,
  budgetObserve,
  budgetTake,
  newBudgetState,
} from "./limiter/server-budget.js";
export { isLogLevel, type LogLevel } from "./logging/log-level.js";
export type { CallOverrides } from "./options/call-overrides.js";
export type {
  FailFastOptions,
  RateLimitOptions,
  RetryOptions,
  RuntimeOptions,
} from "./options/runtime-options.js";
export { planSetStatus } from "./plan-set-status.js";
export type { GetStatusInput, GetStatusOptions } from "./reads/get-status-stream.js";
export type {
  ListUserGroupsOptions,
  UserGroupsListing,
  UserGroupsPage,
  UserGroupsQuery,
  UserGroupsUser,
} from "./reads/user-groups-listing.js";
export { CONFLICTING_STATE } from "./rows/row-classifier.js";
export type { SetStatusRow, SetStatusRows } from "./rows/run-set-rows.js";
export { type BrazeRuntime, createBrazeRuntime } from "./runtime.js";
export { type ReadRules, readRulesOf } from "./spec/read-rules.js";
export { type MultiGroupRules, multiGroupRulesOf } from "./spec/v2-rules.js";
export type {
  FailureReason,
  Hooks,
  LimiterStoreRecoveredEvent,
  LimiterStoreUnavailableEvent,
  Logger,
  RateLimitedEvent,
  RateLimitHeaders,
  RequestEvent,
  ResponseEvent,
  RetryEvent,
  SystematicFailureEvent,
} from "./telemetry.js";
export {
  type IdentifierListField,
  type IdentifierSingleField,
  type IdentifierType,
  identifierFields,
  identifierTypes,
  isIdentifierType,
} from "./vocabulary/identifier-type.js";
export type {
  BatchResult,
  DuplicateOutcome,
  FailedOutcome,
  FailureInfo,
  InvalidOutcome,
  InvalidRowOutcome,
  JobStop,
  NotSentOutcome,
  Outcome,
  OutcomeCounts,
  Progress,
  SetStatusResult,
  StopReason,
  SucceededOutcome,
} from "./vocabulary/outcome.js";
export type {
  GetStatusResult,
  ReadBatchResult,
  ReadCounts,
  ReadOutcome,
  ReadState,
  ReadStateOutcome,
} from "./vocabulary/read-outcome.js";
export {
  readStates,
  type SubscriptionState,
  subscriptionStates,
} from "./vocabulary/subscription-state.js";
