import type { SendVerdict } from "../http/send-verdict.js";
import type { JobStops } from "./job-stops.js";
import {
  type SystematicFailure,
  SystematicFailureDetector,
} from "./systematic-failure-detector.js";

/**
 * The fail-fast step of a job: takes each request's verdict, in the order they settle, and
 * stops what Braze would refuse alike (see {@link SystematicFailureDetector}).
 */
export interface Circuits {
  /** True once a request of the job succeeded; until then requests leave one at a time. */
  readonly proven: boolean;
  /** Takes the verdict of a request carrying these groups. */
  record(groups: Iterable<string>, verdict: SendVerdict, stops: JobStops): void;
}

/** Told when a job (or one of its groups) stops on a systematic failure. */
export type OnSystematicFailure = (subscriptionGroupId: string, failure: SystematicFailure) => void;

/** One circuit for the whole job: a job of one group, whose refusals all concern it. */
export function jobCircuit(consecutive: number, onStop?: OnSystematicFailure): Circuits {
  const detector = new SystematicFailureDetector(consecutive);
  return {
    get proven() {
      return detector.proven;
    },
    record(groups, verdict, stops) {
      const failure = detector.record(verdict);
      if (!failure || stops.job?.reason === "systematic_failure") return;
      stops.stopJob({ reason: "systematic_failure", error: failure.error });
      for (const group of groups) onStop?.(group, failure);
    },
  };
}

/**
 * One circuit per subscription group, for a job of many: a request's verdict counts for every
 * group it carried, so a group whose requests keep getting the same refusal stops (its rows
 * end `not_sent`) while the others go on. A group that has had a success needs
 * `consecutive` refusals in a row, a new one two (as a job does): a bad group is therefore
 * stopped on its own once the good ones have proven themselves, but the groups sharing its
 * first requests stop with it, since the refusal of a request cannot tell which of its groups
 * it concerns. A 401, 403, 404 or a redirect (key or URL) stops the whole job.
 */
export function groupCircuits(consecutive: number, onStop?: OnSystematicFailure): Circuits {
  const job = new SystematicFailureDetector(consecutive);
  const groups = new Map<string, SystematicFailureDetector>();
  return {
    get proven() {
      return job.proven;
    },
    record(carried, verdict, stops) {
      job.record(verdict);
      if (!verdict.ok && verdict.fatal) {
        if (stops.job?.reason === "systematic_failure") return;
        stops.stopJob({ reason: "systematic_failure", error: verdict.error });
        const failure: SystematicFailure = {
          rule: "fatal_status",
          error: verdict.error,
          requests: 1,
        };
        for (const group of carried) onStop?.(group, failure);
        return;
      }
      for (const group of carried) {
        let detector = groups.get(group);
        if (detector === undefined) {
          detector = new SystematicFailureDetector(consecutive);
          groups.set(group, detector);
        }
        const failure = detector.record(verdict);
        if (
          failure &&
          stops.stopGroup(group, { reason: "systematic_failure", error: failure.error })
        )
          onStop?.(group, failure);
      }
    },
  };
}
