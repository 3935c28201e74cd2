import { fullFormats } from "ajv-formats/dist/formats.js";

/**
 * The regular expression of a JSON Schema `format`, taken from ajv-formats' "full" mode so
 * that our verdicts equal Ajv + ajv-formats exactly. Formats that ajv-formats checks with a
 * function (dates, `uri`, …) are not supported: their code cannot be emitted standalone.
 */
export function formatRegExp(name: string): RegExp | undefined {
  if (!Object.hasOwn(fullFormats, name)) return undefined;
  const format = (fullFormats as Record<string, unknown>)[name];
  if (format instanceof RegExp) return format;
  return undefined;
}

// What a value of each format is, for messages ("must be an email address").
const NOUNS: Record<string, string> = {
  email: "an email address",
  hostname: "a host name",
  ipv4: "an IPv4 address",
  ipv6: "an IPv6 address",
  uuid: "a UUID",
  duration: "an ISO 8601 duration",
  url: "a URL",
  "uri-reference": "a URI reference",
  "uri-template": "a URI template",
  "json-pointer": "a JSON pointer",
  "json-pointer-uri-fragment": "a JSON pointer URI fragment",
  "relative-json-pointer": "a relative JSON pointer",
};

/** The noun phrase for a format, e.g. `an email address`. */
export function formatNoun(name: string): string {
  return NOUNS[name] ?? `a valid ${JSON.stringify(name)}`;
}
