import type { SendVerdict } from "../http/send-verdict.js";
import type { FailureInfo } from "../vocabulary/outcome.js";

/** Which rule recognised a systematic failure. */
export type SystematicFailureRule =
  /**
   * 401, 403 or 404: the key, its permission or the URL is wrong; or a redirect, or a rate-limit
   * store that refused for good (`fatal` verdicts): no later request can differ.
   */
  | "fatal_status"
  /** No request has succeeded yet and two in a row got the same refusal. */
  | "first_requests"
  /** `consecutive` requests in a row got the same refusal. */
  | "consecutive";

/** What {@link SystematicFailureDetector.record} returns when the failure looks systematic. */
export interface SystematicFailure {
  rule: SystematicFailureRule;
  /** The repeated refusal. */
  error: FailureInfo;
  /** How many requests in a row got it. */
  requests: number;
}

/**
 * Tells a refusal that every following request would repeat (a wrong group id, a wrong key)
 * from one that concerns a request's own data (Braze refuses data the validators cannot know
 * about). Fed the results of one job (or one group) in the order they settle:
 *
 * - a 401, 403 or 404 is systematic at once;
 * - until a request has succeeded, the same non-retryable answer twice in a row is systematic
 *   (the first request's refusal, repeated by the next);
 * - after that, `consecutive` requests in a row with the same non-retryable answer are.
 *
 * "The same answer" is the same HTTP status and the same message. A success, a transient
 * failure (retries exhausted, timeout, connection) or a different answer breaks the streak.
 */
export class SystematicFailureDetector {
  readonly #consecutive: number;
  #succeeded = false;
  #streak = 0;
  #last: FailureInfo | undefined;

  /** @param consecutive the streak of identical refusals that stops a job once one request succeeded */
  constructor(consecutive: number) {
    this.#consecutive = consecutive;
  }

  /** True once a request succeeded: the key, the instance and the group work. */
  get proven(): boolean {
    return this.#succeeded;
  }

  /** Takes the next settled request; returns the systematic failure it completes, if any. */
  record(result: SendVerdict): SystematicFailure | undefined {
    if (result.ok) {
      this.#succeeded = true;
      this.#reset();
      return undefined;
    }
    const { error } = result;
    if (result.fatal) return { rule: "fatal_status", error, requests: 1 };
    if (!isRefusal(error)) {
      this.#reset();
      return undefined;
    }
    this.#streak = this.#last && sameAnswer(this.#last, error) ? this.#streak + 1 : 1;
    this.#last = error;
    if (!this.#succeeded && this.#streak >= Math.min(2, this.#consecutive)) {
      return { rule: "first_requests", error, requests: this.#streak };
    }
    if (this.#streak >= this.#consecutive) {
      return { rule: "consecutive", error, requests: this.#streak };
    }
    return undefined;
  }

  #reset(): void {
    this.#streak = 0;
    this.#last = undefined;
  }
}

/**
 * A non-retryable HTTP answer as such (`http_<status>`), or an answer that is not the API's
 * (`unexpected_response`: a login page, a redirect), not retries exhausted nor a transport
 * failure. The same wrong answer on every request means a wrong base URL or a proxy, as a 404
 * does.
 */
function isRefusal(error: FailureInfo): boolean {
  if (error.status === undefined) return false;
  return error.code === `http_${error.status}` || error.code === "unexpected_response";
}

function sameAnswer(a: FailureInfo, b: FailureInfo): boolean {
  return a.status === b.status && a.message === b.message;
}
