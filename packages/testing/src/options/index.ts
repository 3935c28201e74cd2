export type {
  BrazeFakeOptions,
  FaultOptions,
  RateLimitOptions,
  ResolvedFakeOptions,
} from "./fake-options.js";
export { fakeOptionNames, resolveFakeOptions } from "./resolve-fake-options.js";
