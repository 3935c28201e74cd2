/**
 * A Redis URL safe to print: user name and password removed, so messages, logs and reports
 * never carry the credentials (`redis://:secret@host:6379/0` → `redis://host:6379/0`).
 * Unparseable input is not echoed at all.
 */
export function redactRedisUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "[unparseable Redis URL]";
  }
  parsed.username = "";
  parsed.password = "";
  parsed.search = "";
  parsed.hash = "";
  return parsed.href;
}
