import { type BrazeClient, operationMetadata } from "@braze-subscriptions/client";
import { messageOf } from "../errors/api-errors.js";
import { BrazeLimiterUnavailableError } from "../errors/limiter-errors.js";
import { redact } from "../errors/redact.js";
import { failureOf } from "../http/send-verdict.js";
import { optionNames } from "../options/call-overrides.js";
import type { IdentifierType } from "../vocabulary/identifier-type.js";
import type { FailureInfo } from "../vocabulary/outcome.js";
import { likelyCauseOf } from "./likely-cause.js";

/**
 * A group of a job of rows that Braze refused alone (HTTP 400) while another group of the job
 * was read without a refusal: its rows end `not_sent` (reason `preflight`), the others go on.
 */
export interface RefusedGroup {
  subscriptionGroupId: string;
  error: FailureInfo;
}

/** What the preflight read of a job found. */
export type PreflightCheck =
  /**
   * The read was answered 2xx: key, instance and group work (a job of rows: one group did;
   * `refusedGroups` lists those read before it and refused alone).
   */
  | { outcome: "passed"; refusedGroups?: readonly RefusedGroup[] }
  /**
   * Key, instance or group is wrong, or the rate-limit store refuses for good (code
   * `rate_limiter_unavailable`: a foreign value at the bucket's key, a permission): the job
   * stops before its first write.
   */
  | { outcome: "stopped"; error: FailureInfo }
  /** The read could not tell (no read permission, a 5xx, a timeout…): the job goes on. */
  | {
      outcome: "unchecked";
      message: string;
      /** The read's HTTP status, when it was answered (403: the key lacks the read permission). */
      status?: number;
      /** A job of rows: groups read before this one and refused alone (see `passed`). */
      refusedGroups?: readonly RefusedGroup[];
    };

/** The job a preflight read checks: its group and first valid identifier. */
export interface PreflightJob {
  subscriptionGroupId: string;
  type: IdentifierType;
  id: string;
}

/**
 * What the job after the preflight does: `writes` (a bulk write: the default) or `reads` (a
 * job that only reads back, e.g. the CLI's `verify`). A job of reads is checked on the read
 * bucket's store, and a 403 stops it: it needs the read permission the check lacked.
 */
export type PreflightPurpose = "writes" | "reads";

/** Options of `runtime.preflight`. */
export interface PreflightOptions {
  /** Stops the read: it then resolves `unchecked`. */
  signal?: AbortSignal;
  /** What the job after it does. @default "writes" */
  purpose?: PreflightPurpose;
}

/** Every option of {@link PreflightOptions}; others are refused. */
export const preflightOptionNames = optionNames<PreflightOptions>({ signal: true, purpose: true });

const read = operationMetadata.getSubscriptionStatus;

/**
 * The preflight step of a bulk job: one `GET /subscription/status/get` for the job's group
 * and first valid identifier, on the read budget (not through the write bucket's limiter),
 * one attempt within `timeoutMs`. A 401, 404 or 400 stops the job with 0 writes, and so does a
 * rate-limit store that refuses the read's slot for good; anything else that is not a 2xx (a
 * 403 for a key without the read permission, which a job of writes does not need; a 429; a
 * 5xx; a timeout) cannot tell, and the job goes on. A job of reads (`purpose: "reads"`) needs
 * that permission: a 403 stops it too.
 */
export async function preflightRead(
  client: BrazeClient,
  job: PreflightJob,
  options: { timeoutMs: number; apiKey: string; signal?: AbortSignal; purpose?: PreflightPurpose },
): Promise<PreflightCheck> {
  const signals = [AbortSignal.timeout(options.timeoutMs)];
  if (options.signal) signals.push(options.signal);
  try {
    const { error, response } = await client.GET(read.path, {
      params: { query: { subscription_group_id: job.subscriptionGroupId, [job.type]: [job.id] } },
      parseAs: "text",
      signal: AbortSignal.any(signals),
    });
    if (response.ok) return { outcome: "passed" };
    const { status } = response;
    const message = redact(messageOf(error), options.apiKey);
    // A job of reads needs the read's permission: its 403 stops it too.
    const cause = likelyCauseOf(
      status,
      options.purpose === "reads" ? read.requiredPermission : undefined,
    );
    if (cause !== undefined) {
      return {
        outcome: "stopped",
        error: { status, code: `http_${status}`, message: `${cause} (HTTP ${status}: ${message})` },
      };
    }
    if (status === 403) {
      return {
        outcome: "unchecked",
        status,
        message: `the key lacks ${read.requiredPermission} (HTTP 403), a permission the job itself does not need`,
      };
    }
    return { outcome: "unchecked", status, message: `the read got HTTP ${status}: ${message}` };
  } catch (thrown) {
    // An aborted job: its first batch then ends `aborted`, as any other.
    if (options.signal?.aborted) return { outcome: "unchecked", message: "the job was aborted" };
    // The read's slot was refused for good by the rate-limit store (one store for reads and
    // writes): the writes would meet the same wrong configuration.
    if (thrown instanceof BrazeLimiterUnavailableError && thrown.permanent) {
      return { outcome: "stopped", error: failureOf(thrown, 0, options.apiKey) };
    }
    const text = thrown instanceof Error ? thrown.message : String(thrown);
    return { outcome: "unchecked", message: `the read failed: ${redact(text, options.apiKey)}` };
  }
}
