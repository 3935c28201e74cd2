import type { ExternalReference } from "../errors.js";

/** An absolute or protocol-relative URL to another host. */
const URL_PATTERN = String.raw`((?:https?:|wss?:)?\/\/[^\s"'\x60)<>]+)`;

/**
 * The places in a page where a browser fetches a URL without the user clicking anything.
 * Links (`<a href>`) are not among them: following one is the user's choice.
 */
const FETCHING_CONTEXTS: ReadonlyArray<[kind: string, pattern: RegExp]> = [
  ["src attribute", new RegExp(String.raw`\bsrc(?:set)?\s*=\s*["']?\s*${URL_PATTERN}`, "gi")],
  ["src property", new RegExp(String.raw`\bsrc\s*:\s*["'\x60]\s*${URL_PATTERN}`, "g")],
  ["link element", new RegExp(String.raw`<link\b[^>]*?\bhref\s*=\s*["']?\s*${URL_PATTERN}`, "gi")],
  ["css url()", new RegExp(String.raw`url\(\s*["']?\s*${URL_PATTERN}`, "gi")],
  ["css @import", new RegExp(String.raw`@import\s+(?:url\()?\s*["']\s*${URL_PATTERN}`, "gi")],
  [
    "module import",
    new RegExp(String.raw`\bimport\s*(?:\(\s*|[\w$\s{},*]+?\bfrom\s*)["'\x60]${URL_PATTERN}`, "g"),
  ],
  [
    "script request",
    new RegExp(
      String.raw`\b(?:fetch|Worker|SharedWorker|EventSource|WebSocket|sendBeacon|importScripts)\s*\(\s*["'\x60]${URL_PATTERN}`,
      "g",
    ),
  ],
];

/** Hosts that only serve assets and telemetry: any mention of them is a request waiting to happen. */
const ASSET_HOSTS =
  /(?:https?:)?\/\/(?:cdn\.redoc\.ly|cdn\.redocly\.com|otel\.cloud\.redocly\.com|fonts\.googleapis\.com|fonts\.gstatic\.com|cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com)\b[^\s"'\x60)<>]*/gi;

/**
 * Every reference in the page that would make a browser contact another host when the page
 * opens. An empty result is what "works offline" means for the page's source.
 */
export function findExternalReferences(html: string): ExternalReference[] {
  const found: ExternalReference[] = [];
  const seen = new Set<string>();
  const add = (kind: string, url: string, index: number) => {
    const key = `${kind} ${index}`;
    if (seen.has(key)) return;
    seen.add(key);
    const context = html.slice(Math.max(0, index - 30), index + 50).replace(/\s+/g, " ");
    found.push({ kind, url, context });
  };
  for (const [kind, pattern] of FETCHING_CONTEXTS) {
    for (const match of html.matchAll(pattern)) add(kind, match[1] ?? match[0], match.index);
  }
  for (const match of html.matchAll(ASSET_HOSTS)) add("asset host", match[0], match.index);
  return found;
}
