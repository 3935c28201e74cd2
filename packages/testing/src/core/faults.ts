import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { mersenne, mersenneFromState } from "pure-rand/generator/mersenne";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";

/**
 * A fault the fake can inject: a 5xx answer, a connection reset before any answer, an answer
 * delayed past the client's timeout (`timeout`), a valid request refused with `400` (data
 * Braze refuses for reasons a validator cannot know), a false success that applies nothing,
 * as a proxy or a misrouted request gives: `html-200` (a login page), `empty-201`,
 * `truncated-201` (the success body cut in half), `error-200` (`{"message":"error"}`), or a
 * `429` whatever the budget (another service spent it), for a client that paces itself so
 * well that the rate limit alone rarely refuses it. Not a failure, yet drawn the same way:
 * `queued`, a valid write answered `202 {"message":"queued"}` (Braze deferring the work, as
 * during maintenance), and applied.
 */
export type FaultKind =
  | "500"
  | "502"
  | "503"
  | "504"
  | "reset"
  | "timeout"
  | "400"
  | "html-200"
  | "empty-201"
  | "truncated-201"
  | "error-200"
  | "429"
  | "queued";

/**
 * Every fault kind, in the order a draw walks them (the order is part of determinism: new
 * kinds go last, so existing seeds and rates keep their sequences).
 */
export const faultKinds: readonly FaultKind[] = [
  "500",
  "502",
  "503",
  "504",
  "reset",
  "timeout",
  "400",
  "html-200",
  "empty-201",
  "truncated-201",
  "error-200",
  "429",
  "queued",
];

/**
 * What a captive portal or a single-sign-on proxy answers in place of the API: a 200 page,
 * which a client that trusts any 2xx takes for a success. Not from the spec: the API never
 * sends it.
 */
export const LOGIN_PAGE_HTML =
  '<!doctype html><html><head><title>Sign in</title></head><body><h1>Sign in to continue</h1><form method="post" action="/login"><input name="user"><input name="password" type="password"></form></body></html>';

/** A span of time in which every request is answered 429, relative to the fake's start. */
export interface StormWindow {
  /** When the storm starts, in ms after the fake started (or was reset). */
  readonly startMs: number;
  /** How long it lasts, in ms. */
  readonly durationMs: number;
  /** Repeat the storm every this many ms (from `startMs`). @default undefined (once) */
  readonly everyMs?: number;
}

/** Fault settings with defaults applied. */
export interface ResolvedFaults {
  readonly seed: number;
  readonly rates: Readonly<Partial<Record<FaultKind, number>>>;
  readonly timeoutDelayMs: number;
  readonly storms: readonly StormWindow[];
  readonly unknownGroups: ReadonlySet<string>;
}

/**
 * Draws faults from a seeded generator: the n-th request that reaches the draw gets the same
 * fault for the same seed and rates, whatever the timing. Requests inside a storm skip the
 * draw, so storms do not shift the sequence of the other faults.
 */
export class FaultPlan {
  #rng: RandomGenerator;
  #origin: number;
  readonly #thresholds: ReadonlyArray<readonly [FaultKind, number]>;

  constructor(
    readonly config: ResolvedFaults,
    origin: number,
  ) {
    this.#rng = generator(config.seed);
    this.#origin = origin;
    let total = 0;
    this.#thresholds = faultKinds
      .filter((kind) => (config.rates[kind] ?? 0) > 0)
      .map((kind) => {
        total += config.rates[kind] ?? 0;
        return [kind, total] as const;
      });
  }

  /** The fault of the next request, or `undefined` for none. */
  draw(): FaultKind | undefined {
    if (this.#thresholds.length === 0) return undefined;
    const u = uniformFloat64(this.#rng);
    for (const [kind, threshold] of this.#thresholds) if (u < threshold) return kind;
    return undefined;
  }

  /** When the storm active at `now` ends (ms since the epoch), or `undefined` if none is. */
  stormEnd(now: number): number | undefined {
    const elapsed = now - this.#origin;
    let end: number | undefined;
    for (const storm of this.config.storms) {
      const since = elapsed - storm.startMs;
      if (since < 0) continue;
      const into = storm.everyMs === undefined ? since : since % storm.everyMs;
      if (into < storm.durationMs) end = Math.max(end ?? 0, now + storm.durationMs - into);
    }
    return end;
  }

  /** Restarts the sequence from the seed and the storms' clock from `origin`. */
  restart(origin: number): void {
    this.#rng = generator(this.config.seed);
    this.#origin = origin;
  }
}

// Mersenne Twister: its seeding spreads small seeds (1, 2, 3…) well; xoroshiro128+'s first
// outputs for small seeds are all close to 1, which would make early requests fault-free.
// `mersenne(seed)` keeps only the seed's low 32 bits (`seed | 0`): 5 and 2^32 + 5 would draw
// the same faults. 32-bit seeds keep that seeding (and the sequences they always had); every
// other safe integer seeds the twister by an array of its sign and both halves of its
// magnitude, as MT19937's reference `init_by_array` does (and Python's `random.seed(int)`).
function generator(seed: number): RandomGenerator {
  if (seed === (seed | 0)) return mersenne(seed);
  const magnitude = Math.abs(seed);
  const high = Math.floor(magnitude / 2 ** 32);
  return seededByArray([magnitude >>> 0, high, seed < 0 ? 1 : 0]);
}

const N = 624;

/** MT19937 seeded by `init_by_array(key)` (the reference implementation, 2002). */
function seededByArray(key: readonly number[]): RandomGenerator {
  const mt = new Array<number>(N);
  mt[0] = 19650218;
  for (let i = 1; i < N; i++) {
    const prev = mt[i - 1] as number;
    mt[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
  }
  let i = 1;
  let j = 0;
  for (let k = Math.max(N, key.length); k > 0; k--) {
    const prev = mt[i - 1] as number;
    mt[i] =
      (((mt[i] as number) ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + (key[j] as number) + j) >>>
      0;
    i++;
    j++;
    if (i >= N) {
      mt[0] = mt[N - 1] as number;
      i = 1;
    }
    if (j >= key.length) j = 0;
  }
  for (let k = N - 1; k > 0; k--) {
    const prev = mt[i - 1] as number;
    mt[i] = (((mt[i] as number) ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i) >>> 0;
    i++;
    if (i >= N) {
      mt[0] = mt[N - 1] as number;
      i = 1;
    }
  }
  mt[0] = 0x80000000;
  // pure-rand takes a state of signed 32-bit words at index 0, and twists each word as it
  // reaches it: after one pass over the state, the outputs are the reference's from the start.
  const rng = mersenneFromState([0, ...mt.map((word) => word | 0)]);
  for (let n = 0; n < N; n++) rng.next();
  return rng;
}
