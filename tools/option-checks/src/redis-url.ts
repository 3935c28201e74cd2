/**
 * Whether `text` is a `redis://` or `rediss://` URL with a host: the rule of
 * `RedisLimiterStore`'s `url` and of the CLI's `--redis-url`, so both refuse the same URLs.
 */
export function isRedisUrl(text: string): boolean {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  return (url?.protocol === "redis:" || url?.protocol === "rediss:") && url.hostname !== "";
}
