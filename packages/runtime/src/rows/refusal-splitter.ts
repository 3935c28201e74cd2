import type { SendVerdict } from "../http/send-verdict.js";
import type { RequestSplit } from "../pipeline/job-steps.js";
import { isRetryableStatus } from "../retry/retry-policy.js";
import type { FailureInfo } from "../vocabulary/outcome.js";
import type { AcceptedRow } from "./row-packer.js";

/**
 * Isolates the group Braze refused in a multi-group request. Braze refuses the whole request
 * when one of its groups is bad (an unknown group id), and its message does not say which: so
 * a request of several groups refused as such (a non-retryable 4xx other than the key's or
 * the URL's) is sent again one group per request, and only the bad group's rows end `failed`.
 *
 * A group refused alone is remembered with its refusal until a request of its own succeeds:
 * the packer keeps it out of others' requests (see `RowPacker`), and a request carrying it
 * that got that same refusal settles its rows with it at once, the rest of the request sent
 * again together. Requests of one group are never split (nothing to isolate). Each refused
 * request costs at most one more request per group it carried, and only on such refusals.
 */
export class RefusalSplitter {
  /** Groups whose last request of their own was refused, with that refusal. */
  readonly #refusedAlone = new Map<string, FailureInfo>();

  /** True when this group's last request of its own was refused: it is packed alone. */
  isolated(subscriptionGroupId: string): boolean {
    return this.#refusedAlone.has(subscriptionGroupId);
  }

  /** Learns from an answered request; returns how to split it, when it is to be split. */
  split(batch: AcceptedRow[], verdict: SendVerdict): RequestSplit<AcceptedRow> | undefined {
    const byGroup = new Map<string, AcceptedRow[]>();
    for (const row of batch) {
      const rows = byGroup.get(row.subscriptionGroupId);
      if (rows === undefined) byGroup.set(row.subscriptionGroupId, [row]);
      else rows.push(row);
    }
    if (byGroup.size === 1) {
      this.#learn(batch[0]?.subscriptionGroupId as string, verdict);
      return undefined;
    }
    if (verdict.ok || !refusesTheRequest(verdict)) return undefined;
    const settled: AcceptedRow[] = [];
    const others: AcceptedRow[][] = [];
    for (const [group, rows] of byGroup) {
      const alone = this.#refusedAlone.get(group);
      if (alone !== undefined && sameAnswer(alone, verdict.error)) settled.push(...rows);
      else others.push(rows);
    }
    // A group already refused alone with this answer explains the refusal: the others go
    // again together (split further if refused again). Else each group goes alone.
    if (settled.length > 0) return { settled, resend: others.length > 0 ? [others.flat()] : [] };
    return { settled, resend: others };
  }

  #learn(group: string, verdict: SendVerdict): void {
    if (verdict.ok) this.#refusedAlone.delete(group);
    else if (refusesTheRequest(verdict)) this.#refusedAlone.set(group, verdict.error);
  }
}

/**
 * A refusal of the request's data, as answered (`http_4xx`): not the key's, permission's or
 * URL's (`fatal`, which stop the job), not a rate limit or a 5xx (retryable), not a transport
 * failure or an answer that is not the API's.
 */
function refusesTheRequest(verdict: SendVerdict & { ok: false }): boolean {
  const { status, code } = verdict.error;
  if (verdict.fatal || status === undefined) return false;
  return status >= 400 && status < 500 && !isRetryableStatus(status) && code === `http_${status}`;
}

function sameAnswer(a: FailureInfo, b: FailureInfo): boolean {
  return a.status === b.status && a.message === b.message;
}
