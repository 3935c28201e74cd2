import { describe, expect, it } from "vitest";
import { maskSecrets } from "../src/index.js";

// `<`, `"` and `ü` are percent-encoded in a URL's path, `|` and `^` are not (`encodeURI`
// encodes them); `"` is escaped by JSON and doubled by CSV, `'` is escaped by a POSIX shell.
const KEY = `k|e^y<ü>"x'2f4a`;

/** The path a URL parser writes for the key. */
const inPath = new URL(`http://h/${KEY}`).pathname.slice(1);

describe("maskSecrets masks a secret in every form it is written in", () => {
  const forms: [string, string][] = [
    ["as is", KEY],
    ["percent-encoded by the URL parser", inPath],
    ["percent-encoded by the URL parser, lower-case hex", inPath.toLowerCase()],
    ["encodeURIComponent", encodeURIComponent(KEY)],
    ["encodeURI", encodeURI(KEY)],
    ["JSON-escaped", JSON.stringify(KEY).slice(1, -1)],
    [
      "JSON-escaped as a page embeds it (\\u003c)",
      JSON.stringify(KEY).slice(1, -1).replace("<", "\\u003c"),
    ],
    [
      "every character as \\uXXXX",
      Array.from(KEY, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join(""),
    ],
    ["CSV-quoted", KEY.replaceAll('"', '""')],
    ["shell-quoted", KEY.replaceAll("'", `'\\''`)],
    [
      "partly percent-encoded, as a person may type it",
      KEY.replace("<", "%3c").replace("|", "%7C"),
    ],
  ];
  it.each(forms)("%s", (_name, form) => {
    expect(maskSecrets(`before ${form} after`, [KEY])).toBe("before [redacted] after");
  });

  it("masks a character past U+FFFF, as a surrogate pair or its four UTF-8 bytes", () => {
    const key = "key-\u{1F511}-9a8b";
    expect(maskSecrets(JSON.stringify(key).replace("\u{1F511}", "\\ud83d\\udd11"), [key])).toBe(
      '"[redacted]"',
    );
    expect(maskSecrets(encodeURI(key), [key])).toBe("[redacted]");
  });

  it("keeps JSON valid: an escape is masked whole", () => {
    const key = 'key-ends-with-"';
    const json = JSON.stringify({ message: `got ${key}` });
    expect(JSON.parse(maskSecrets(json, [key]))).toEqual({ message: "got [redacted]" });
  });

  it("leaves other text alone, and secrets shorter than minLength (8 by default)", () => {
    expect(maskSecrets("http://h/p/%3Cab%22/x", [KEY])).toBe("http://h/p/%3Cab%22/x");
    expect(maskSecrets("http://h/p/sk%3C%C3%BC%3E%22x/", ['sk<ü>"x'])).toBe(
      "http://h/p/sk%3C%C3%BC%3E%22x/",
    );
    expect(maskSecrets("http://h/p/sk%3C%C3%BC%3E%22x/", ['sk<ü>"x'], { minLength: 1 })).toBe(
      "http://h/p/[redacted]/",
    );
    expect(maskSecrets("text", [undefined, ""], { minLength: 0 })).toBe("text");
  });
});
