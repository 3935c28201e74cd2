/**
 * Serialises a value for a `<script type="application/json">` block. JSON alone is not safe
 * there: an identifier read from a user's file may hold `</script>` (which ends the block
 * and starts markup) or `<!--`; `<`, `>` and `&` are therefore written as `\u003c` …, which
 * `JSON.parse` reads back unchanged. U+2028 and U+2029 are escaped too, so the text stays
 * valid if it is ever pasted into a script.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => {
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}
