/**
 * The abort reason of a graceful stop (`SetStatusOptions.stopSignal`). A request that has not
 * left yet (waiting for a rate-limit slot, for the limiter's store, or in a retry's backoff)
 * gives up at once; an attempt already on the wire runs to its answer, because Braze may apply
 * it and only the answer says so (an abandoned success would be sent again by a rerun).
 * `hard` still aborts those attempts if the call's own `signal` fires afterwards.
 */
export class StopSending extends Error {
  override name = "StopSending";
  /** Aborts attempts on the wire too: the call's `signal`, or the consumer leaving early. */
  readonly hard: AbortSignal;

  constructor(hard: AbortSignal) {
    super("stopped: no further request or retry is sent");
    this.hard = hard;
  }
}

/**
 * A signal for one attempt on the wire: aborts with `parent`, except that a graceful stop
 * ({@link StopSending}) lets the attempt finish and only hands over to the stop's `hard`
 * signal. `release()` detaches it, as {@link linkedSignal} does.
 */
export function wireSignal(parent: AbortSignal): {
  controller: AbortController;
  signal: AbortSignal;
  release: () => void;
} {
  const controller = new AbortController();
  let followed: AbortSignal | undefined;
  const onAbort = () => {
    const from = followed as AbortSignal;
    followed = undefined;
    follow(from);
  };
  const follow = (signal: AbortSignal): void => {
    if (!signal.aborted) {
      followed = signal;
      signal.addEventListener("abort", onAbort, { once: true });
    } else if (signal.reason instanceof StopSending) {
      follow(signal.reason.hard);
    } else {
      controller.abort(signal.reason);
    }
  };
  follow(parent);
  return {
    controller,
    signal: controller.signal,
    release: () => followed?.removeEventListener("abort", onAbort),
  };
}
