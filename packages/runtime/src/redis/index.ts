export {
  RedisLimiterRefusedError,
  RedisLimiterUnavailableError,
  type RedisRefusalReason,
} from "../errors/limiter-errors.js";
export type { IoRedisClient, NodeRedisClient } from "./node-redis-adapter.js";
export { type RedisAcquisition, RedisLimiterStore } from "./redis-limiter-store.js";
export type {
  RedisLimiterStoreOptions,
  RedisUnavailableBehaviour,
} from "./redis-limiter-store-options.js";
