import type { Clock } from "../clock.js";
import type { SendVerdict } from "../http/send-verdict.js";
import type { JobStop } from "../vocabulary/outcome.js";
import {
  type SystematicFailure,
  SystematicFailureDetector,
} from "./systematic-failure-detector.js";

interface GroupState {
  detector: SystematicFailureDetector;
  /** While `clock.now()` is before this, the group's calls are refused at once. */
  openUntil: number;
  stop: JobStop | undefined;
}

/**
 * Fail fast for per-event calls, one circuit per subscription group: a group whose requests
 * keep getting the same refusal (the rules of {@link SystematicFailureDetector}) has its calls
 * refused at once, without a request, for `cooldownMs`; then requests are tried again, and
 * the first one refused alike opens the circuit again (its streak was kept). Other groups are
 * not affected.
 */
export class GroupBreakers {
  readonly #groups = new Map<string, GroupState>();
  readonly #consecutive: number;
  readonly #cooldownMs: number;
  readonly #clock: Clock;
  readonly #onOpen: (subscriptionGroupId: string, failure: SystematicFailure) => void;

  constructor(options: {
    consecutive: number;
    cooldownMs: number;
    clock: Clock;
    onOpen: (subscriptionGroupId: string, failure: SystematicFailure) => void;
  }) {
    this.#consecutive = options.consecutive;
    this.#cooldownMs = options.cooldownMs;
    this.#clock = options.clock;
    this.#onOpen = options.onOpen;
  }

  /** The stop refusing calls for this group now, or `undefined` when they may be sent. */
  refusal(subscriptionGroupId: string): JobStop | undefined {
    const group = this.#groups.get(subscriptionGroupId);
    if (!group?.stop || this.#clock.now() >= group.openUntil) return undefined;
    return group.stop;
  }

  /** Takes the result of a request of this group, in the order results settle. */
  record(subscriptionGroupId: string, result: SendVerdict): void {
    let group = this.#groups.get(subscriptionGroupId);
    if (!group) {
      // A group that only ever succeeds needs no state.
      if (result.ok) return;
      group = {
        detector: new SystematicFailureDetector(this.#consecutive),
        openUntil: 0,
        stop: undefined,
      };
      this.#groups.set(subscriptionGroupId, group);
    }
    const failure = group.detector.record(result);
    if (!failure) {
      if (result.ok) group.stop = undefined;
      return;
    }
    // Requests that were in flight when the circuit opened settle alike: one report suffices.
    if (group.stop && this.#clock.now() < group.openUntil) return;
    group.stop = { reason: "systematic_failure", error: failure.error };
    group.openUntil = this.#clock.now() + this.#cooldownMs;
    this.#onOpen(subscriptionGroupId, failure);
  }
}
