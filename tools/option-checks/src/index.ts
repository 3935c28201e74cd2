export { describeValue, Secret } from "./describe-value.js";
export type { Field, FieldValues } from "./fields.js";
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
  type NumberRule,
  type OptionChecker,
  optionChecker,
} from "./option-checker.js";
export { isTimerMs, MAX_TIMER_MS, timerMsExpected } from "./timer-limit.js";
