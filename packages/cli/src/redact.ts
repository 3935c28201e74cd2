/**
 * Returns a function that replaces every occurrence of the given secrets in a text with
 * `[redacted]`. It is the last line of defence before anything the CLI prints or writes to a
 * report: the runtime already keeps the API key out of its errors, but a proxy could echo
 * it back in a response body, and that body ends up in an error message.
 */
export function createRedactor(
  secrets: ReadonlyArray<string | undefined>,
): (text: string) => string {
  // Very short strings would redact ordinary words; an API key is never that short.
  const needles = secrets.filter((s): s is string => typeof s === "string" && s.length >= 8);
  if (needles.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const needle of needles) {
      if (out.includes(needle)) out = out.split(needle).join("[redacted]");
    }
    return out;
  };
}
