import { describe, expect, it } from "vitest";
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

  it.each(["http://127.0.0.1:1234", "http://localhost:80/", "http://[::1]:9"])(
    "accepts plain http to the loopback host %s",
    (baseUrl) => {
      expect(() => createClient({ apiKey: "k", baseUrl })).not.toThrow();
    },
  );
});
