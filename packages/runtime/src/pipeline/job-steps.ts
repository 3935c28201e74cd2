import type { Circuits } from "../fail-fast/circuits.js";
import type { SendVerdict } from "../http/send-verdict.js";
import type { IdentifierType } from "../vocabulary/identifier-type.js";
import type { FailureInfo, JobStop } from "../vocabulary/outcome.js";
import type { Packer } from "./packer.js";

/** What a job's preflight stops: the whole job, or only some of its groups. */
export type PreflightStop =
  | { job: JobStop }
  | { groups: ReadonlyArray<{ subscriptionGroupId: string; stop: JobStop }> };

/** An item that passed classification: it is to be sent. */
export interface AcceptedItem {
  type: IdentifierType;
  id: string;
  /** 0-based position in its own input. */
  index: number;
}

/**
 * Every outcome has these; `invalid` and `duplicate` are the ones of items never valid (an
 * invalid row that names no identifier has `type`/`id` `null`).
 */
export interface SettledItem {
  outcome: string;
  type: IdentifierType | null;
  id: string | null;
  index: number;
}

/** One input of a job and how each of its raw values is classified. */
export interface JobSource<Item, Out> {
  source: Iterable<unknown> | AsyncIterable<unknown>;
  /** The item to send, or the outcome it already has (invalid, duplicate, skipped). */
  classify(raw: unknown, index: number): Item | Out;
}

/** The counters every job keeps (its own counters are kept by {@link JobSteps.count}). */
export interface JobCounts {
  total: number;
  valid: number;
  failed: number;
  requests: number;
  retries: number;
}

/** What a job reports besides its counters. */
export interface JobView {
  /** Items in requests not settled yet. */
  inFlight: number;
  /** The job's stop, once it stopped (see `JobStops.shown`). */
  stopped: JobStop | undefined;
}

/**
 * What a job does with a refused request whose refusal cannot say which of its items caused
 * it (see `JobSteps.split`): `settled` end with the refusal now, each of `resend` is sent
 * again as a request of its own.
 */
export interface RequestSplit<Item> {
  settled: Item[];
  resend: Item[][];
}

/**
 * What one kind of job brings to the shared pipeline (read → classify → batch → dispatch →
 * settle, see `runJob`): its inputs and classification, its packer, its sender, how an
 * answer becomes outcomes and how outcomes are counted. Everything else (slots, fail fast,
 * bounds, stopping, one outcome per item) is the pipeline's.
 */
export interface JobSteps<
  Item extends AcceptedItem,
  Out extends SettledItem,
  V extends SendVerdict,
> {
  /** The public call's name, for messages (`setStatus`). */
  where: string;
  /** Scrubbed from the abort error's message and cause (the signal's reason is the caller's). */
  apiKey: string;
  /** Aborts everything; in-flight requests end `failed` with code `aborted`. */
  signal?: AbortSignal | undefined;
  /** Stops gracefully: nothing more is read or sent; attempts on the wire get their answer. */
  stopSignal?: AbortSignal | undefined;
  /** The read and classify steps: inputs in the order they are read. */
  sources: Iterable<JobSource<Item, Out>>;
  /** The batch step. */
  packer: Packer<Item>;
  /** The dispatch step: one request for a batch. */
  send(batch: Item[], signal: AbortSignal): Promise<V>;
  /** The settle step: the outcome of each item of an answered request. */
  settle(batch: Item[], verdict: V): Out[];
  /** The outcome of an item whose request never left: the call was stopped or aborted first. */
  unsent(item: Item, error: FailureInfo): Out;
  /** The outcome of an item kept back because the job (or its group) stopped. */
  keptBack(item: Item, stop: JobStop): Out;
  /** The group an item belongs to (fail fast and stops are per group). */
  groupOf(item: Item): string;
  /** Adds a settled outcome to the call's own counters. */
  count(outcome: Out): void;
  /** The job's counters, updated in place. */
  counts: JobCounts;
  /** Told before each step is yielded. */
  report(view: JobView): void;
  /** Told when the job's `stopped` changes (at once: a stop may come with nothing to yield). */
  onStopped?(stop: JobStop): void;
  /** The fail-fast step. */
  circuits: Circuits;
  /**
   * Told every answered request (resent ones too) before it settles; may split a refused one
   * (rows: a multi-group request Braze refused for one of its groups). A resent batch draws
   * a slot and the rate budget like any request, and its items end with the refusal when a
   * stop or the caller's signal keeps it back. Without it, a request settles whole.
   */
  split?(batch: Item[], verdict: V): RequestSplit<Item> | undefined;
  /**
   * Runs before the first request, given its items: what it stops (the job, or some groups of
   * a job of rows) is kept back from then on.
   */
  preflight?: (first: Item[], signal: AbortSignal) => Promise<PreflightStop | undefined>;
  /** Most items to send (the rest end kept back with reason `limit`). */
  limit?: number | undefined;
  /** Most failed items tolerated; one more stops the job. */
  maxFailures?: number | undefined;
  /** Most requests in flight. */
  concurrency: number;
}
