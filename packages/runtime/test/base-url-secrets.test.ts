import { describe, expect, it } from "vitest";
import { createBrazeRuntime } from "../src/index.js";

const apiKey = "rt-key-3e9a71c4-secret";
const password = "hunter2-d8e4a0";

describe("createBrazeRuntime: a secret inside baseUrl never reaches the TypeError", () => {
  it.each([
    ["the key in the query string", `https://rest.example.test/?key=${apiKey}`, /query string/],
    ["user:password@", `https://ops:${password}@rest.example.test`, /must not hold credentials/],
    ["the key as user info", `https://${apiKey}@rest.example.test`, /must not hold credentials/],
    ["the key in a plain-http remote path", `http://rest.example.test/${apiKey}`, /https:\/\//],
  ])("%s", (_name, baseUrl, want) => {
    let message = "";
    try {
      createBrazeRuntime({ apiKey, baseUrl });
    } catch (error) {
      expect(error).toBeInstanceOf(TypeError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/^createBrazeRuntime: option "baseUrl" /);
    expect(message).toMatch(want);
    expect(message).not.toContain(apiKey);
    expect(message).not.toContain(password);
  });
});
