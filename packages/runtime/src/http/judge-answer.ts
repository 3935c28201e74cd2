import { responseBodyValidator } from "@braze-subscriptions/validators";
import { redact } from "../errors/redact.js";
import type { UnexpectedResponseDetails } from "../errors/unexpected-response-error.js";
import type { BoundedBody } from "./read-bounded.js";

/** Why an answer is not one the spec documents as a success. */
export interface UnexpectedAnswer extends UnexpectedResponseDetails {
  /** One line naming the status, the content type and what was wrong; never the key. */
  message: string;
}

/** What {@link judgeAnswer} looks at. */
export interface Answer {
  /** The response as the transport returned it (its body already read into `body`). */
  response: Response;
  body: BoundedBody;
  /** The URL the request was sent to, to resolve a relative `Location`. */
  requestUrl: string;
  /** The spec's operation, when the request is for one. */
  operationId: string | undefined;
  /** Scrubbed from every text taken from the answer. */
  apiKey: string;
}

const decoder = new TextDecoder();

/**
 * `undefined` when the answer may be handled as usual (a documented success, or an error status
 * the retry policy and error classes deal with); else why it must not count as a success:
 * - a redirect (3xx, a browser's `opaqueredirect`, or a `fetch` that followed one anyway):
 *   the message names only the target's host, never the URL (it may carry credentials);
 * - a 2xx whose content type has no documented body for its status, or whose body is empty,
 *   longer than the spec's bound, not JSON, or refused by the generated response validator.
 */
export function judgeAnswer(answer: Answer): UnexpectedAnswer | undefined {
  const { response, apiKey } = answer;
  const contentType = mediaTypeOf(response.headers.get("content-type"), apiKey);
  if (response.type === "opaqueredirect") {
    return redirect(0, "a redirect (its target hidden by the browser)", contentType);
  }
  if (response.redirected) {
    return redirect(
      response.status,
      `a redirect to ${hostOf(response.url, "", apiKey)}`,
      contentType,
    );
  }
  const { status } = response;
  if (status >= 300 && status < 400) {
    const location = response.headers.get("location");
    const target =
      location === null
        ? "a redirect without a Location"
        : `a redirect to ${hostOf(location, answer.requestUrl, apiKey)}`;
    return redirect(status, `${target}`, contentType);
  }
  if (status < 200 || status >= 300) return undefined;

  const what = `HTTP ${status}, ${contentType ?? "no content type"}`;
  const unexpected = (reason: string): UnexpectedAnswer => ({
    status,
    ...(contentType === undefined ? {} : { contentType }),
    redirect: false,
    message: redact(`Unexpected answer (${what}): ${reason}; not counted as a success`, apiKey),
  });
  const validate =
    answer.operationId === undefined
      ? undefined
      : responseBodyValidator(answer.operationId, status, response.headers.get("content-type"));
  if (validate === undefined) return unexpected("the API documents no such answer");
  const { bytes, truncated } = answer.body;
  if (truncated) return unexpected(`the body is longer than the ${bytes.byteLength} bytes read`);
  const text = decoder.decode(bytes);
  if (text.trim() === "") return unexpected("the body is empty");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return unexpected("the body is not valid JSON (cut off?)");
  }
  const verdict = validate(value);
  if (verdict.ok) return undefined;
  return unexpected(verdict.errors.map((issue) => issue.message).join("; "));
}

function redirect(
  status: number,
  target: string,
  contentType: string | undefined,
): UnexpectedAnswer {
  return {
    status,
    ...(contentType === undefined ? {} : { contentType }),
    redirect: true,
    message: `Unexpected answer (HTTP ${status === 0 ? "3xx" : status}): ${target}; API calls never follow redirects (check the base URL)`,
  };
}

// Only the host (and port): a URL's credentials, path and query may hold secrets.
function hostOf(location: string, base: string, apiKey: string): string {
  try {
    const url = base === "" ? new URL(location) : new URL(location, base);
    return redact(url.host || url.protocol, apiKey);
  } catch {
    return "an unreadable Location";
  }
}

// The media type alone, cut short: a hostile header must not make a long message.
function mediaTypeOf(header: string | null, apiKey: string): string | undefined {
  if (header === null) return undefined;
  const semicolon = header.indexOf(";");
  const type = (semicolon === -1 ? header : header.slice(0, semicolon)).trim().toLowerCase();
  if (type === "") return undefined;
  return redact(type.length > 80 ? `${type.slice(0, 79)}…` : type, apiKey);
}
