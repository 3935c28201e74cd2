import { BrazeClosedError, BrazeValidationError } from "../errors/transport-errors.js";
import type { GroupBreakers } from "../fail-fast/group-breakers.js";
import { abortErrorOf } from "../http/abort-error.js";
import type { Batch, BatchSender } from "../http/batch-sender.js";
import { validatorFor } from "../identifiers/validator-for.js";
import { capOf, itemSchemaOf } from "../spec/write-rules.js";
import {
  type IdentifierType,
  identifierFields,
  identifierTypes,
  personOf,
} from "../vocabulary/identifier-type.js";
import type { FailureInfo, Outcome } from "../vocabulary/outcome.js";
import type { SubscriptionState } from "../vocabulary/subscription-state.js";
import { WriteOrder } from "./write-order.js";

/** One identifier for a per-event call. Give exactly one of `externalId`, `email`, `phone`. */
export interface SingleIdentifier {
  subscriptionGroupId: string;
  externalId?: string;
  email?: string;
  phone?: string;
}

/** A per-event call with the state to set. */
export interface EnqueueInput extends SingleIdentifier {
  state: SubscriptionState;
  /** @default false (not sent) */
  useDoubleOptIn?: boolean;
}

/**
 * One write: what one `join` puts in a batch. Calls that share it (a repeat of a write not
 * sent yet gets the same outcome) count as its callers: it is taken back only when every one
 * of them aborted before it was sent.
 */
interface Write {
  /** Calls still waiting for its outcome. */
  callers: number;
  /**
   * Every caller aborted before it was sent: it is not sent (or never joins a batch), and
   * settles with this outcome (no caller waits for it; the identifier's later writes do).
   */
  takenBack?: Outcome | undefined;
  /** Its request has left. */
  sent: boolean;
  /** Where it waits for company, until its batch is sent: to take it back from there. */
  queued?: { pending: Pending; id: string; waiter: Waiter } | undefined;
}

/** One write's place in a batch: its identifier's slot settles it through `resolve`. */
interface Waiter {
  resolve: (outcome: Outcome) => void;
  write: Write;
}

interface Pending {
  key: string;
  batch: Batch;
  /** Writes waiting per identifier; the same identifier twice shares one slot and one outcome. */
  waiters: Map<string, Waiter[]>;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** Each per-event field with its kind, in the spec's order. */
const FIELDS = identifierTypes.map((type) => [identifierFields[type].single, type] as const);

/**
 * Merges concurrent single-identifier calls for the same group, state and identifier type into
 * full requests (DataLoader-style): a request leaves as soon as it holds the spec's cap, or
 * `delayMs` after its first identifier arrived. A call of another state (or `useDoubleOptIn`)
 * than its identifier's unsettled request joins only once that has settled
 * ({@link WriteOrder}), so one identifier's writes reach Braze in call order.
 */
export class Coalescer {
  readonly #send: BatchSender;
  readonly #delayMs: number;
  readonly #pending = new Map<string, Pending>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #breakers: GroupBreakers;
  readonly #order = new WriteOrder();
  /** The write behind each outcome promise not settled yet (a repeat shares its write). */
  readonly #writes = new Map<Promise<Outcome>, Write>();
  readonly #apiKey: string;
  #closed = false;

  constructor(send: BatchSender, delayMs: number, breakers: GroupBreakers, apiKey: string) {
    this.#send = send;
    this.#delayMs = delayMs;
    this.#breakers = breakers;
    this.#apiKey = apiKey;
  }

  /**
   * Queues one identifier; resolves with its outcome (an invalid identifier resolves with an
   * `invalid` outcome; one for a group whose requests keep getting the same refusal resolves
   * at once with `not_sent`, carrying that refusal, see {@link GroupBreakers}). Waits, before
   * joining a request, for an unsettled request holding its identifier with another state.
   * Rejects with `BrazeValidationError` for a bad group, state, `useDoubleOptIn` or shape,
   * with `BrazeClosedError` after `close()`, and with `BrazeAbortError` when `signal` aborts
   * before the outcome (see {@link PerEventOptions.signal}).
   */
  enqueue(input: EnqueueInput, signal?: AbortSignal): Promise<Outcome> {
    try {
      return this.#enqueue(input, signal);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #enqueue(input: EnqueueInput, signal: AbortSignal | undefined): Promise<Outcome> {
    if (this.#closed) return Promise.reject(new BrazeClosedError("This Braze runtime is closed"));
    const { type, raw } = this.#check(input);
    const checked = validatorFor(itemSchemaOf(type))(raw);
    if (!checked.ok) {
      const issue = checked.errors[0] ?? { path: "", code: "invalid", message: "is invalid" };
      return Promise.resolve({ outcome: "invalid", type, id: String(raw), index: 0, issue });
    }
    const id = String(checked.value);
    const refused = this.#breakers.refusal(input.subscriptionGroupId);
    if (refused) {
      return Promise.resolve({ outcome: "not_sent", type, id, index: 0, ...refused });
    }
    // Aborted already: nothing joins a batch (an invalid identifier or an open circuit above
    // still tells its outcome: nothing is sent either way).
    if (signal?.aborted) {
      return Promise.reject(this.#abortError(signal, type, id, false));
    }
    const write: Write = { callers: 1, sent: false };
    // `false` is Braze's default: such a call goes with those that leave the flag out.
    const kind = `${input.state}\u0000${input.useDoubleOptIn === true ? "double opt-in" : ""}`;
    // An email address in any letter case is one mailbox: its spellings keep call order together.
    const ordered = `${input.subscriptionGroupId}\u0000${type}\u0000${personOf(type, id)}`;
    const join = () => {
      // Every caller aborted while it waited for an earlier write: it never joins a batch.
      if (write.takenBack) return Promise.resolve(write.takenBack);
      // A call that waited for an earlier one may find its group's circuit open meanwhile
      // (often opened by that very write): refused now, not after a coalescing delay spent in
      // a request that would be refused anyway, one such delay per call of a chain.
      const now = this.#breakers.refusal(input.subscriptionGroupId);
      if (now) return Promise.resolve<Outcome>({ outcome: "not_sent", type, id, index: 0, ...now });
      return this.#join(input, type, id, kind, write);
    };
    const outcome = this.#order.run(ordered, kind, join, id);
    // A repeat of a write not sent yet gets that write's outcome: it is one more caller of it.
    const shared = this.#writes.get(outcome);
    if (shared) shared.callers++;
    else {
      this.#writes.set(outcome, write);
      const forget = () => this.#writes.delete(outcome);
      void outcome.then(forget, forget);
    }
    return signal ? this.#abortable(outcome, shared ?? write, signal, type, id) : outcome;
  }

  /**
   * The call's own promise: `outcome`, or a `BrazeAbortError` once `signal` aborts first. The
   * write is taken back when no other caller waits for it and it has not been sent; else it
   * goes on (for the others, or because it left already and only its answer tells).
   */
  #abortable(
    outcome: Promise<Outcome>,
    write: Write,
    signal: AbortSignal,
    type: IdentifierType,
    id: string,
  ): Promise<Outcome> {
    return new Promise<Outcome>((resolve, reject) => {
      const onAbort = () => {
        const error = this.#abortError(signal, type, id, write.sent);
        this.#leave(write, error.outcome as Outcome);
        reject(error);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      void outcome.then((settled) => {
        signal.removeEventListener("abort", onAbort);
        resolve(settled);
      });
    });
  }

  /** One caller of `write` aborted: the last one takes it back (as `outcome`) if not sent. */
  #leave(write: Write, outcome: Outcome): void {
    write.callers--;
    if (write.callers > 0 || write.sent) return;
    write.takenBack = outcome;
    const queued = write.queued;
    // Still waiting for an earlier write of its identifier: `join` sees `takenBack`.
    if (!queued) return;
    write.queued = undefined;
    const { pending, waiter } = queued;
    const slot = pending.waiters.get(queued.id) ?? [];
    slot.splice(slot.indexOf(waiter), 1);
    if (slot.length === 0) {
      pending.waiters.delete(queued.id);
      pending.batch.ids.splice(pending.batch.ids.indexOf(queued.id), 1);
    }
    if (pending.batch.ids.length === 0 && this.#pending.get(pending.key) === pending) {
      clearTimeout(pending.timer);
      this.#pending.delete(pending.key);
    }
    // Settled as not sent: the identifier's later writes go on (see WriteOrder).
    waiter.resolve(outcome);
  }

  /** The abort error of one call, with the outcome its identifier got for that call. */
  #abortError(signal: AbortSignal, type: IdentifierType, id: string, sent: boolean) {
    const error = abortErrorOf(signal, sent ? 1 : 0, this.#apiKey);
    const aborted: FailureInfo = { code: "aborted", message: error.message };
    error.outcome = sent
      ? { outcome: "failed", type, id, index: 0, error: aborted }
      : { outcome: "not_sent", type, id, index: 0, reason: "stopped", error: aborted };
    return error;
  }

  /** Puts one identifier in the pending request of its group, kind and type. */
  #join(
    input: EnqueueInput,
    type: IdentifierType,
    id: string,
    kind: string,
    write: Write,
  ): Promise<Outcome> {
    const key = `${input.subscriptionGroupId}\u0000${kind}\u0000${type}`;
    let pending = this.#pending.get(key);
    if (!pending) {
      pending = {
        key,
        batch: {
          subscriptionGroupId: input.subscriptionGroupId,
          state: input.state,
          type,
          ids: [],
          ...(input.useDoubleOptIn === true ? { useDoubleOptIn: true } : {}),
        },
        waiters: new Map(),
        timer: undefined,
      };
      this.#pending.set(key, pending);
      const started = pending;
      pending.timer = setTimeout(() => this.#dispatch(key, started), this.#delayMs);
    }
    const joined = pending;
    const promise = new Promise<Outcome>((resolve) => {
      const waiter = { resolve, write };
      write.queued = { pending: joined, id, waiter };
      const list = joined.waiters.get(id);
      if (list) list.push(waiter);
      else {
        joined.waiters.set(id, [waiter]);
        joined.batch.ids.push(id);
      }
    });
    if (pending.batch.ids.length >= capOf(type)) this.#dispatch(key, pending);
    return promise;
  }

  /**
   * Sends everything queued now, and each write that waits for an earlier one of its
   * identifier as soon as that has settled; resolves when all of them have settled.
   */
  async flush(): Promise<void> {
    for (;;) {
      for (const [key, pending] of [...this.#pending]) this.#dispatch(key, pending);
      const open = [...this.#inFlight, ...this.#order.waiting];
      if (open.length === 0) return;
      await Promise.all(open);
    }
  }

  /** Flushes, then refuses new work with {@link BrazeClosedError}. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }

  #dispatch(key: string, pending: Pending): void {
    if (this.#pending.get(key) !== pending) return;
    this.#pending.delete(key);
    clearTimeout(pending.timer);
    const { batch, waiters } = pending;
    // The group may have been found failing while this request waited for company.
    const refused = this.#breakers.refusal(batch.subscriptionGroupId);
    if (refused) {
      for (const [id, resolvers] of waiters) {
        const outcome: Outcome = {
          outcome: "not_sent",
          type: batch.type,
          id,
          index: 0,
          ...refused,
        };
        for (const { resolve } of resolvers) resolve(outcome);
      }
      return;
    }
    // Sent from now on: an abort can no longer take these writes back (only the answer tells
    // whether Braze applied them).
    for (const slot of waiters.values()) {
      for (const { write } of slot) {
        write.sent = true;
        write.queued = undefined;
      }
    }
    const sending = this.#send(batch).then((result) => {
      this.#breakers.record(batch.subscriptionGroupId, result);
      // Refused for good before it left (the rate-limit store's configuration is wrong): not
      // sent, as the calls after it that the breaker now refuses (with `cooldownMs: 0` it is
      // closed again already, and the refusal is the stop).
      const keptBack =
        !result.ok && result.fatal && result.attempts === 0
          ? (this.#breakers.refusal(batch.subscriptionGroupId) ?? {
              reason: "systematic_failure" as const,
              error: result.error,
            })
          : undefined;
      for (const [id, resolvers] of waiters) {
        const outcome: Outcome = result.ok
          ? { outcome: "succeeded", type: batch.type, id, index: 0 }
          : keptBack
            ? { outcome: "not_sent", type: batch.type, id, index: 0, ...keptBack }
            : { outcome: "failed", type: batch.type, id, index: 0, error: result.error };
        for (const { resolve } of resolvers) resolve(outcome);
      }
    });
    const tracked = sending.finally(() => this.#inFlight.delete(tracked));
    this.#inFlight.add(tracked);
  }

  #check(input: EnqueueInput): { type: IdentifierType; raw: unknown } {
    const where = "enqueue";
    if (input === null || typeof input !== "object") {
      throw new BrazeValidationError(`${where}: input must be an object`, [
        { path: "", code: "type", message: "must be an object" },
      ]);
    }
    const issues = [];
    const group = validatorFor("SubscriptionGroupId")(input.subscriptionGroupId);
    if (!group.ok)
      issues.push(...group.errors.map((e) => ({ ...e, path: `/subscriptionGroupId${e.path}` })));
    const state = validatorFor("SubscriptionState")(input.state);
    if (!state.ok) issues.push(...state.errors.map((e) => ({ ...e, path: `/state${e.path}` })));
    // Sent as is otherwise: Braze's 400 would then close the whole group's per-event calls.
    if (input.useDoubleOptIn !== undefined && typeof input.useDoubleOptIn !== "boolean") {
      issues.push({ path: "/useDoubleOptIn", code: "type", message: "must be a boolean" });
    }
    const given = FIELDS.filter(([name]) => input[name] !== undefined);
    if (given.length !== 1) {
      issues.push({
        path: "",
        code: "oneOf",
        message: `give exactly one of ${FIELDS.map(([name]) => name).join(", ")} (got ${given.length})`,
      });
    }
    if (issues.length > 0 || !given[0]) {
      throw new BrazeValidationError(
        `${where}: invalid input: ${issues.map((i) => `${i.path || "(input)"} ${i.message}`).join("; ")}`,
        issues,
      );
    }
    const [name, type] = given[0];
    return { type, raw: input[name] };
  }
}
