export { FixedWindow } from "./fixed-window.js";
export { RateLimiter, type ResolvedRateLimit } from "./rate-limiter.js";
export type { RateDecision, RateWindow, WindowKind } from "./rate-window.js";
export { SlidingWindow } from "./sliding-window.js";
