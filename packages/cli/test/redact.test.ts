import { describe, expect, it } from "vitest";
import { createRedactor, redactStrings, redactUrl } from "../src/redact.js";

const KEY = 'key|5b^0e<8c"1d-7a21';

describe("createRedactor", () => {
  const redact = createRedactor([undefined, KEY]);

  it("masks the key in a report's NDJSON and CSV text, where JSON and CSV escape its quote", () => {
    const message = `proxy said: no route for /p/${KEY}/ (${new URL(`http://h/${KEY}`).pathname})`;
    const ndjson = `${JSON.stringify({ line: 2, error: { message } })}\n`;
    const csv = `2,"${message.replaceAll('"', '""')}"\r\n`;
    expect(JSON.parse(redact(ndjson))).toEqual({
      line: 2,
      error: { message: "proxy said: no route for /p/[redacted]/ (/[redacted])" },
    });
    expect(redact(csv)).toBe('2,"proxy said: no route for /p/[redacted]/ (/[redacted])"\r\n');
  });

  it("leaves a short key alone in free text (it would mask ordinary words)", () => {
    expect(createRedactor(["abc"])("abcdef")).toBe("abcdef");
  });
});

describe("redactUrl", () => {
  it("masks a key of any length, as the URL parser encodes it", () => {
    expect(redactUrl(new URL('http://127.0.0.1:9/p/sk<ü>"x/').href, ['sk<ü>"x'])).toBe(
      "http://127.0.0.1:9/p/[redacted]/",
    );
  });
});

describe("redactStrings", () => {
  it("masks every string of a record, nested and as keys, and keeps the rest", () => {
    const record = { job: { input: { path: `/in/${KEY}.csv`, size: 3 } }, counts: { [KEY]: 1 } };
    expect(redactStrings(record, createRedactor([KEY]))).toEqual({
      job: { input: { path: "/in/[redacted].csv", size: 3 } },
      counts: { "[redacted]": 1 },
    });
  });
});
