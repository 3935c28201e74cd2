import { BrazeClosedError, BrazeValidationError } from "../errors/transport-errors.js";
import type { GroupBreakers } from "../fail-fast/group-breakers.js";
import type { Batch, BatchSender } from "../http/batch-sender.js";
import { validatorFor } from "../identifiers/validator-for.js";
import { capOf, itemSchemaOf } from "../spec/write-rules.js";
import {
  type IdentifierType,
  identifierFields,
  identifierTypes,
  personOf,
} from "../vocabulary/identifier-type.js";
import type { Outcome } from "../vocabulary/outcome.js";
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

interface Pending {
  batch: Batch;
  /** Callers waiting per identifier; the same identifier twice shares one slot and one outcome. */
  waiters: Map<string, Array<(outcome: Outcome) => void>>;
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
  #closed = false;

  constructor(send: BatchSender, delayMs: number, breakers: GroupBreakers) {
    this.#send = send;
    this.#delayMs = delayMs;
    this.#breakers = breakers;
  }

  /**
   * Queues one identifier; resolves with its outcome (an invalid identifier resolves with an
   * `invalid` outcome; one for a group whose requests keep getting the same refusal resolves
   * at once with `not_sent`, carrying that refusal, see {@link GroupBreakers}). Waits, before
   * joining a request, for an unsettled request holding its identifier with another state.
   * Rejects with `BrazeValidationError` for a bad group, state, `useDoubleOptIn` or shape and
   * with `BrazeClosedError` after `close()`.
   */
  enqueue(input: EnqueueInput): Promise<Outcome> {
    try {
      return this.#enqueue(input);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #enqueue(input: EnqueueInput): Promise<Outcome> {
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
    // `false` is Braze's default: such a call goes with those that leave the flag out.
    const kind = `${input.state}\u0000${input.useDoubleOptIn === true ? "double opt-in" : ""}`;
    // An email address in any letter case is one mailbox: its spellings keep call order together.
    const ordered = `${input.subscriptionGroupId}\u0000${type}\u0000${personOf(type, id)}`;
    const join = () => {
      // A call that waited for an earlier one may find its group's circuit open meanwhile
      // (often opened by that very write): refused now, not after a coalescing delay spent in
      // a request that would be refused anyway, one such delay per call of a chain.
      const now = this.#breakers.refusal(input.subscriptionGroupId);
      if (now) return Promise.resolve<Outcome>({ outcome: "not_sent", type, id, index: 0, ...now });
      return this.#join(input, type, id, kind);
    };
    return this.#order.run(ordered, kind, join, id);
  }

  /** Puts one identifier in the pending request of its group, kind and type. */
  #join(input: EnqueueInput, type: IdentifierType, id: string, kind: string): Promise<Outcome> {
    const key = `${input.subscriptionGroupId}\u0000${kind}\u0000${type}`;
    let pending = this.#pending.get(key);
    if (!pending) {
      pending = {
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
    const promise = new Promise<Outcome>((resolve) => {
      const list = (pending as Pending).waiters.get(id);
      if (list) list.push(resolve);
      else {
        (pending as Pending).waiters.set(id, [resolve]);
        (pending as Pending).batch.ids.push(id);
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
        for (const resolve of resolvers) resolve(outcome);
      }
      return;
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
        for (const resolve of resolvers) resolve(outcome);
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
