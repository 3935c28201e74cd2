import type { Page } from "playwright-core";

/** What a page did while it was watched. */
export interface PageActivity {
  /** The URL of every request the page made, including `data:` and `blob:` ones. */
  requests: string[];
  /** Requests that failed or got an HTTP error status. */
  failures: string[];
  /** Console errors and uncaught exceptions. */
  errors: string[];
}

/** Records a page's requests, failed requests and errors from now on. */
export function watchPage(page: Page): PageActivity {
  const activity: PageActivity = { requests: [], failures: [], errors: [] };
  page.on("request", (request) => activity.requests.push(request.url()));
  page.on("requestfailed", (request) =>
    activity.failures.push(`${request.url()}: ${request.failure()?.errorText ?? "failed"}`),
  );
  page.on("response", (response) => {
    if (response.status() >= 400)
      activity.failures.push(`${response.url()}: HTTP ${response.status()}`);
  });
  page.on("console", (message) => {
    if (message.type() === "error") activity.errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => activity.errors.push(`uncaught: ${error.message}`));
  return activity;
}

/**
 * Whether a request stayed with the page: same origin as the page (a `file:` page may read
 * only `file:` URLs), a `blob:` URL the page created, or inline `data:`.
 */
export function staysLocal(requestUrl: string, pageUrl: string): boolean {
  const page = new URL(pageUrl);
  if (requestUrl.startsWith("data:")) return true;
  if (requestUrl.startsWith("blob:")) {
    const inner = requestUrl.slice("blob:".length);
    return page.protocol === "file:"
      ? inner.startsWith("null/") || inner.startsWith("file:")
      : new URL(inner).origin === page.origin;
  }
  const request = new URL(requestUrl);
  return page.protocol === "file:" ? request.protocol === "file:" : request.origin === page.origin;
}
