export { describeValue, Secret } from "./describe-value.js";

/** The fields of `check.fields`: `field.integer({ min: 1, default: 64 })`, `field.object({…})`… */
export * as field from "./fields.js";
export {
  durationFlag,
  fractionFlag,
  integerFlag,
  parseDuration,
  type RateLimitRule,
  rateLimitFlag,
} from "./flag-values.js";
export {
  BELOW_ONE,
  type Field,
  type FieldValues,
  type NumberRule,
  type OptionChecker,
  optionChecker,
} from "./option-checker.js";
export { isRedisUrl } from "./redis-url.js";
export { isTimerMs, MAX_TIMER_MS, timerMsExpected } from "./timer-limit.js";
