import { describe, expect, it } from "vitest";
import {
  applyOfflinePatches,
  findExternalReferences,
  makeOffline,
  OFFLINE_PATCHES,
  OfflineCheckError,
} from "../src/index.js";

describe("findExternalReferences", () => {
  it.each([
    [
      "an image from a CDN",
      { given: '<img src="https://cdn.example.com/a.png">', want: ["src attribute"] },
    ],
    [
      "a protocol-relative script",
      { given: "<script src='//cdn.example.com/a.js'></script>", want: ["src attribute"] },
    ],
    [
      "a stylesheet link",
      { given: '<link rel="stylesheet" href="https://x.test/a.css">', want: ["link element"] },
    ],
    [
      "a css background",
      { given: ".a{background:url(https://x.test/i.svg)}", want: ["css url()"] },
    ],
    [
      "a google font",
      {
        given: "@import url('https://fonts.googleapis.com/css?family=Inter');",
        want: ["css url()", "css @import", "asset host"],
      },
    ],
    [
      "a module import",
      { given: 'import { hydrate } from "https://x.test/redoc.js";', want: ["module import"] },
    ],
    [
      "a beacon",
      { given: 'navigator.sendBeacon("https://t.test/collect", data)', want: ["script request"] },
    ],
    [
      "a JSX image",
      { given: "jsx(`img`,{src:`https://x.test/logo.svg`})", want: ["src property"] },
    ],
    [
      "any mention of Redoc's CDN",
      { given: "const base = `https://cdn.redocly.com/icons/fa/7.0.0`", want: ["asset host"] },
    ],
    ["a link the user may click", { given: '<a href="https://github.com/x/y">repo</a>', want: [] }],
    ["an SVG namespace", { given: '<svg xmlns="http://www.w3.org/2000/svg"></svg>', want: [] }],
    ["a data URI image", { given: '<img src="data:image/svg+xml,%3Csvg%2F%3E">', want: [] }],
    ["a local fragment in css", { given: "fill:url(#gradient)", want: [] }],
    ["a relative download link", { given: '<a href="openapi.json" download>', want: [] }],
  ])("finds %s", (_, { given, want }) => {
    expect(findExternalReferences(given).map((r) => r.kind)).toEqual(want);
  });
});

describe("the offline patches", () => {
  const redocSnippet = [
    "src:e?`https://cdn.redoc.ly/redoc/logo-mini-full.svg`:`https://cdn.redoc.ly/redoc/logo-mini.svg`",
    'Zo={"font-awesome":`https://cdn.redocly.com/icons/fa/7.0.0`,code:`https://cdn.redocly.com/icons/code/5.24.0`}',
    "lce=`https://otel.cloud.redocly.com/v1/traces`",
    'const __redoc_options = {"disableTelemetry":true};',
  ].join("\n");

  it("replace every remote reference Redoc 3 makes with something inline", () => {
    const { html, unmatched } = applyOfflinePatches(redocSnippet);
    expect(unmatched).toEqual([]);
    expect(findExternalReferences(html)).toEqual([]);
    expect(html).toContain("src:e?`data:image/svg+xml,");
    expect(makeOffline(redocSnippet)).toBe(html);
  });

  it("fail when a patch no longer matches (Redoc changed)", () => {
    const error = (() => {
      try {
        makeOffline(redocSnippet.replace("logo-mini-full", "logo-2027"));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(OfflineCheckError);
    expect((error as Error).message).toContain(OFFLINE_PATCHES[0]?.name);
  });

  it("fail when telemetry is not switched off", () => {
    expect(() =>
      makeOffline(redocSnippet.replace('"disableTelemetry":true', '"disableTelemetry":false')),
    ).toThrow(/telemetry/);
  });

  it("fail when any other remote reference is left, listing it", () => {
    const page = `${redocSnippet}\n<link rel="preconnect" href="https://fonts.gstatic.com">`;
    const error = (() => {
      try {
        makeOffline(page);
      } catch (e) {
        return e;
      }
    })() as OfflineCheckError;
    expect(error).toBeInstanceOf(OfflineCheckError);
    expect(error.references.map((r) => r.url)).toEqual([
      "https://fonts.gstatic.com",
      "https://fonts.gstatic.com",
    ]);
    expect(error.message).toContain("link element: https://fonts.gstatic.com");
  });
});
