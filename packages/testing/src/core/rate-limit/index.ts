export { FixedWindow } from "./fixed-window.js";
export { ForeignConsumer, type ForeignTraffic } from "./foreign-consumer.js";
export { RateLimiter, type ResolvedRateLimit } from "./rate-limiter.js";
export type { RateDecision, RateWindow, WindowKind } from "./rate-window.js";
export { SlidingWindow } from "./sliding-window.js";
