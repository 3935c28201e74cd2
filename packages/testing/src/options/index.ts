export type {
  BrazeFakeOptions,
  FaultOptions,
  RateLimitOptions,
  ResolvedFakeOptions,
} from "./fake-options.js";
export { resolveFakeOptions } from "./resolve-fake-options.js";
