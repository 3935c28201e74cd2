export { describeValue, Secret } from "./describe-value.js";
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
