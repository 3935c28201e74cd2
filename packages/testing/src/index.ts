export { type FakeCommand, fakeUsage, parseFakeArgs } from "./cli/parse-fake-args.js";
export { requestLogLine } from "./cli/request-log-line.js";
export { startFailure } from "./cli/start-failure.js";
export { BrazeCore, createBrazeCore } from "./core/braze-core.js";
export type { FakeOutcome, FakeRequest } from "./core/fake-exchange.js";
export { type FaultKind, faultKinds, type StormWindow } from "./core/faults.js";
export type { Identifier, IdentifierKind } from "./core/identifiers.js";
export type { ForeignTraffic, WindowKind } from "./core/rate-limit/index.js";
export type { RequestLogEntry } from "./core/request-log.js";
export { type SubscriptionRecord, SubscriptionStore } from "./core/subscription-store.js";
export { BrazeFakeError, CliUsageError, FakeListenError } from "./errors.js";
export type {
  BrazeFakeOptions,
  FaultOptions,
  RateLimitOptions,
  ResolvedFakeOptions,
} from "./options/index.js";
export { type BrazeFake, startBrazeFake } from "./server/start-braze-fake.js";
export { handleBrazeRequest } from "./web/handle-braze-request.js";
