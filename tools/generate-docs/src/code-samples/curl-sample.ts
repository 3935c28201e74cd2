import { queryArrayFormatOf } from "@braze-subscriptions/generate-client";
import { fillPathTemplate } from "./path-template.js";
import { queryString } from "./query-string.js";
import { sampleSettings } from "./sample-settings.js";
import type { SampleTemplate } from "./sample-template.js";

/** Quotes a word for a POSIX shell: single quotes, with `'` written as `'\''`. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/**
 * A `curl` command against the operation's first server, with the credentials read from an
 * environment variable and the example as the JSON body.
 */
export const curlSample: SampleTemplate = {
  label: "curl",
  lang: "curl",
  render({ doc, operation, server, auth, example }) {
    const path = fillPathTemplate(operation.path, example.path);
    if (path === undefined) return undefined;
    const search = example.query ? queryString(example.query, queryArrayFormatOf(doc)) : "";
    const url = `${server?.url ?? ""}${path}${search === "" ? "" : `?${search}`}`;
    // -g: brackets in a query (`name[]=a`) are not curl's URL globbing.
    const lines = [
      `curl${search.includes("[") ? " -g" : ""} -X ${operation.method} ${shellQuote(url)}`,
    ];
    // Double quotes so the shell expands the variable: the key never sits in the history.
    if (auth) lines.push(`-H "${auth.header}: ${auth.prefix}$${sampleSettings.apiKeyEnv}"`);
    if (example.value !== undefined) {
      lines.push(`-H ${shellQuote("Content-Type: application/json")}`);
      lines.push(`--data-raw ${shellQuote(JSON.stringify(example.value, null, 2))}`);
    }
    return lines.join(" \\\n  ");
  },
};
