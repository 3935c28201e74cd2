import { describe, expect, it } from "vitest";
import { resolveClientOptions } from "../src/client-options.js";
import { type ClientOptions, createClient, instances } from "../src/index.js";

const firstInstance = Object.keys(instances)[0] as keyof typeof instances;

describe("createClient refuses bad options with a TypeError naming the option", () => {
  const cases: [string, { given: unknown; want: RegExp }][] = [
    ["null options", { given: null, want: /options must be an object, got null/ }],
    [
      "a missing key",
      {
        given: { instance: firstInstance },
        want: /"apiKey" must be a non-empty string, got undefined/,
      },
    ],
    [
      "an empty key",
      {
        given: { apiKey: " ", instance: firstInstance },
        want: /"apiKey" must be a non-empty string/,
      },
    ],
    [
      "a key with a newline",
      {
        given: { apiKey: "abc\ndef", instance: firstInstance },
        want: /"apiKey" must not contain whitespace/,
      },
    ],
    [
      "an unknown instance",
      {
        given: { apiKey: "k", instance: "US-09" },
        want: /"instance" must be one of .*US-10.*; got "US-09"/,
      },
    ],
    [
      "neither instance nor baseUrl",
      { given: { apiKey: "k" }, want: /"instance" .* or option "baseUrl" is required/ },
    ],
    [
      "both instance and baseUrl",
      {
        given: { apiKey: "k", instance: firstInstance, baseUrl: "https://x.test" },
        want: /not both/,
      },
    ],
    [
      "a relative baseUrl",
      {
        given: { apiKey: "k", baseUrl: "/api" },
        want: /"baseUrl" must be an absolute http\(s\) URL, got "\/api"/,
      },
    ],
    [
      "plain http to a remote host",
      {
        given: { apiKey: "k", baseUrl: "http://example.test" },
        want: /"baseUrl" must use https:\/\/ unless the host is loopback/,
      },
    ],
    [
      "an ftp baseUrl",
      {
        given: { apiKey: "k", baseUrl: "ftp://example.test" },
        want: /"baseUrl" must be an http\(s\) URL/,
      },
    ],
    [
      "a fetch that is not a function",
      {
        given: { apiKey: "k", baseUrl: "https://x.test", fetch: 1 },
        want: /"fetch" must be a function, got number 1/,
      },
    ],
    [
      "an option of another client (openai-node's maxRetries)",
      {
        given: { apiKey: "k", baseUrl: "https://x.test", maxRetries: 0 },
        want: /unknown option "maxRetries"; expected one of apiKey, instance, baseUrl/,
      },
    ],
    // Values a request header cannot carry failed every request instead (a bulk job's every
    // identifier as `internal`, "Cannot convert argument to a ByteString…").
    [
      "a key with a zero-width space pasted with it",
      {
        given: { apiKey: "key-123\u200b", instance: firstInstance },
        want: /^createClient: option "apiKey" must be printable ASCII \(got a 8-character string with another character at position 8\)$/,
      },
    ],
    [
      "a header value with a line break",
      {
        given: { apiKey: "k", baseUrl: "https://x.test", headers: { "X-Trace": "a\nb" } },
        want: /option "headers" must have header values that are strings without line breaks or characters beyond Latin-1 \("X-Trace" has not\), got a 3-character string$/,
      },
    ],
    [
      "a header name with a space",
      {
        given: { apiKey: "k", baseUrl: "https://x.test", headers: { "X Trace": "t" } },
        want: /option "headers" must have header names that are tokens, got "X Trace"$/,
      },
    ],
    [
      "a userAgent with a line break",
      {
        given: { apiKey: "k", baseUrl: "https://x.test", userAgent: "app/1\r\nX-Evil: 1" },
        want: /option "userAgent" must be a string without line breaks or characters beyond Latin-1/,
      },
    ],
    [
      "headers that are not an object",
      {
        given: { apiKey: "k", baseUrl: "https://x.test", headers: "x" },
        want: /"headers" must be an object of strings/,
      },
    ],
  ];
  it.each(cases)("%s", (_name, { given, want }) => {
    expect(() => createClient(given as ClientOptions)).toThrow(TypeError);
    expect(() => createClient(given as ClientOptions)).toThrow(want);
  });

  it("never repeats the API key in a message", () => {
    const apiKey = "super-secret-key with space";
    expect(() => createClient({ apiKey, instance: firstInstance })).toThrow(TypeError);
    try {
      createClient({ apiKey, instance: firstInstance });
    } catch (error) {
      expect(String((error as Error).message)).not.toContain("super-secret");
    }
  });

  it("never repeats the API key given as userAgent (described by its length, as headers are)", () => {
    const apiKey = "key-5b0e8c1d-secret-7a21";
    expect(() =>
      createClient({ apiKey, baseUrl: "https://rest.example.test", userAgent: `${apiKey}\n` }),
    ).toThrow(
      /^createClient: option "userAgent" must be a string without line breaks or characters beyond Latin-1, got a 25-character string$/,
    );
  });

  describe("a secret inside baseUrl is refused or masked, never repeated", () => {
    const apiKey = "key-5b0e8c1d-secret-7a21";
    const password = "pa55word-9c1f";
    // `|` and `^` stay as they are in a URL's path, `<` and `"` are percent-encoded.
    const keyWithSymbols = 'key|5b^0e<8c"1d';
    const cases: [string, { baseUrl: string; want: RegExp }][] = [
      [
        "user:password@",
        {
          baseUrl: `https://user:${password}@rest.example.test`,
          want: /must not hold credentials \(user:password@\).*"https:\/\/…@rest\.example\.test\/"/,
        },
      ],
      [
        "the key as the user name",
        { baseUrl: `https://${apiKey}@rest.example.test`, want: /must not hold credentials/ },
      ],
      [
        "the key in the query string",
        {
          baseUrl: `https://rest.example.test/?api_key=${apiKey}`,
          want: /must not have a query string or fragment.*"https:\/\/rest\.example\.test\/\?…"/,
        },
      ],
      [
        "the key in a fragment",
        { baseUrl: `https://rest.example.test/#${apiKey}`, want: /query string or fragment/ },
      ],
      [
        "the key in the path of a plain-http remote URL",
        {
          baseUrl: `http://rest.example.test/${apiKey}/`,
          want: /must use https:\/\/.*"http:\/\/rest\.example\.test\/\[redacted\]\/"/,
        },
      ],
      [
        "the key in an unparseable URL",
        {
          baseUrl: `rest.example.test/${apiKey}`,
          want: /absolute http\(s\) URL, got ".*\[redacted\]"/,
        },
      ],
      [
        "credentials in an unparseable URL",
        { baseUrl: `//user:${password}@/x`, want: /absolute http\(s\) URL, got "\/\/…@\/x"/ },
      ],
      [
        "user:password@host without a scheme (parsed as scheme `user:`)",
        {
          baseUrl: `user:${password}@127.0.0.1:4010`,
          want: /must be an http\(s\) URL, got "…@127\.0\.0\.1:4010"$/,
        },
      ],
      [
        "user:password@host without a scheme, a # in the password",
        {
          baseUrl: `user:${password}#x@127.0.0.1:4010/p`,
          want: /must be an http\(s\) URL, got "…@127\.0\.0\.1:4010\/p"$/,
        },
      ],
      [
        ":password@host without a scheme nor a user (no URL at all)",
        {
          baseUrl: `:${password}@127.0.0.1:4010`,
          want: /absolute http\(s\) URL, got "…@127\.0\.0\.1:4010"$/,
        },
      ],
      [
        "a / in the password (no URL at all)",
        {
          baseUrl: `https://user:${password}/x@rest.example.test`,
          want: /absolute http\(s\) URL, got "https:\/\/…@rest\.example\.test"$/,
        },
      ],
      [
        "the key in the path, encoded by the URL parser unlike encodeURI",
        {
          baseUrl: `http://rest.example.test/${keyWithSymbols}/`,
          want: /must use https:\/\/.*"http:\/\/rest\.example\.test\/\[redacted\]\/"/,
        },
      ],
    ];
    it.each(cases)("%s", (_name, { baseUrl, want }) => {
      let message = "";
      const key = baseUrl.includes(keyWithSymbols) ? keyWithSymbols : apiKey;
      try {
        createClient({ apiKey: key, baseUrl });
      } catch (error) {
        expect(error).toBeInstanceOf(TypeError);
        message = (error as Error).message;
      }
      expect(message).toMatch(want);
      expect(message).not.toContain(apiKey);
      expect(message).not.toContain(password);
      expect(message).not.toContain("5b^0e");
    });

    // The URL parser writes a host in lower case: a key in capitals as the host was shown.
    it("masks the key as a URL's host, which the parser writes in lower case", () => {
      const key = "Key-5B0E8C1D-Secret-7A21";
      expect(() => createClient({ apiKey: key, baseUrl: `ftp://${key}/` })).toThrow(
        /must be an http\(s\) URL, got "ftp:\/\/\[redacted\]\/"$/,
      );
    });

    it("accepts the key in the path of an https URL (a proxy may route by it)", () => {
      expect(() =>
        createClient({ apiKey, baseUrl: `https://proxy.example.test/${apiKey}/` }),
      ).not.toThrow();
    });
  });

  it.each(["http://127.0.0.1:1234", "http://localhost:80/", "http://[::1]:9"])(
    "accepts plain http to the loopback host %s",
    (baseUrl) => {
      expect(() => createClient({ apiKey: "k", baseUrl })).not.toThrow();
    },
  );
});

describe("options resolved once", () => {
  it("createClient takes options the runtime resolved as they are, without checking them again", () => {
    const resolved = resolveClientOptions(
      { apiKey: "k", baseUrl: "http://127.0.0.1:9" },
      "createBrazeRuntime",
    );
    // Changed after resolution to what the checks refuse: a second check would throw.
    expect(() => createClient({ ...resolved, baseUrl: "not a url" })).not.toThrow();
    expect(() => createClient({ apiKey: "k", baseUrl: "not a url" })).toThrow(
      /^createClient: option "baseUrl" must be an absolute http\(s\) URL/,
    );
  });
});
