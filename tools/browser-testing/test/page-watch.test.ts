import { describe, expect, it } from "vitest";
import { staysLocal } from "../src/index.js";

describe("staysLocal (what the browser test counts as not leaving the page)", () => {
  const http = "http://127.0.0.1:4173/";
  const file = "file:///work/docs/index.html";
  it.each([
    ["the page itself", { request: "http://127.0.0.1:4173/openapi.json", page: http, want: true }],
    ["another port", { request: "http://127.0.0.1:9999/x", page: http, want: false }],
    [
      "a CDN",
      { request: "https://cdn.redoc.ly/redoc/logo-mini-full.svg", page: http, want: false },
    ],
    ["a blob of the page", { request: "blob:http://127.0.0.1:4173/5e2c", page: http, want: true }],
    [
      "a blob of another origin",
      { request: "blob:https://evil.test/5e2c", page: http, want: false },
    ],
    ["inline data", { request: "data:image/svg+xml,%3Csvg%2F%3E", page: http, want: true }],
    [
      "a file next to a file page",
      { request: "file:///work/docs/openapi.json", page: file, want: true },
    ],
    ["a blob of a file page", { request: "blob:null/5e2c", page: file, want: true }],
    [
      "the network from a file page",
      { request: "https://fonts.gstatic.com/a.woff2", page: file, want: false },
    ],
  ])("%s", (_, { request, page, want }) => {
    expect(staysLocal(request, page)).toBe(want);
  });
});
