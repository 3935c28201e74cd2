import type { SendVerdict } from "../http/send-verdict.js";
import type { RequestSplit } from "../pipeline/job-steps.js";
import { isRetryableStatus } from "../retry/retry-policy.js";
import type { FailureInfo } from "../vocabulary/outcome.js";
import type { AcceptedRow } from "./row-packer.js";

/**
 * Isolates the group Braze refused in a multi-group request. Braze refuses the whole request
 * when one of its groups is bad (an unknown group id), and its message does not say which: so
 * a request of several groups refused as such (a non-retryable 4xx other than the key's or
 * the URL's) is sent again group by group, and only the bad group's rows end `failed`.
 *
 * Which groups go alone: a group that had a success in this job is unlikely to be the cause,
 * so the groups that had one go again together, each other group alone (all of them alone
 * when every group had one, or when the refused request was itself sent again). A group
 * refused alone is remembered with its refusal until a request of its own succeeds: the
 * packer keeps it out of others' requests (see `RowPacker`), and a request carrying it that
 * got that same refusal settles its rows with it at once, the rest sent again together.
 * Requests of one group are never split (nothing to isolate). A refused request costs at most
 * one more request per group it carried, plus one when a group that had succeeded is the
 * cause; a request carrying a group refused alone, one more.
 */
export class RefusalSplitter {
  /** Groups whose last request of their own was refused, with that refusal. */
  readonly #refusedAlone = new Map<string, FailureInfo>();
  /** Groups that had a success in this job. */
  readonly #succeeded = new Set<string>();
  /** Requests this splitter made up: refused again, they go group by group. */
  readonly #resent = new WeakSet<AcceptedRow[]>();

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
    if (verdict.ok) {
      for (const group of byGroup.keys()) this.#succeeded.add(group);
      if (byGroup.size === 1) this.#refusedAlone.delete(batch[0]?.subscriptionGroupId as string);
      return undefined;
    }
    if (!refusesTheRequest(verdict)) return undefined;
    if (byGroup.size === 1) {
      const group = batch[0]?.subscriptionGroupId as string;
      this.#refusedAlone.set(group, verdict.error);
      this.#succeeded.delete(group);
      return undefined;
    }
    const settled: AcceptedRow[] = [];
    const cleared: AcceptedRow[] = [];
    const suspects: AcceptedRow[][] = [];
    for (const [group, rows] of byGroup) {
      const alone = this.#refusedAlone.get(group);
      if (alone !== undefined && sameAnswer(alone, verdict.error)) settled.push(...rows);
      else if (this.#succeeded.has(group)) cleared.push(...rows);
      else suspects.push(rows);
    }
    // A group refused alone with this answer explains it: the others go again together.
    if (settled.length > 0) {
      const rest = [...cleared, ...suspects.flat()];
      return { settled, resend: rest.length > 0 ? [this.#made(rest)] : [] };
    }
    if (suspects.length === 0 || this.#resent.has(batch)) {
      return { settled, resend: [...byGroup.values()] };
    }
    return { settled, resend: cleared.length > 0 ? [...suspects, this.#made(cleared)] : suspects };
  }

  #made(rows: AcceptedRow[]): AcceptedRow[] {
    this.#resent.add(rows);
    return rows;
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
