import { SingleBar } from "cli-progress";
import type { CliIo } from "../io.js";
import { formatDuration } from "../options/duration.js";
import type { ProgressSnapshot } from "./progress-snapshot.js";
import { etaMs, type Pace, RateMeter } from "./rate-meter.js";

/** Shows a run's progress on stderr: a live bar on a terminal, periodic lines otherwise. */
export interface ProgressDisplay {
  /** Takes the latest counts (cheap: rendering is throttled). */
  update(snapshot: ProgressSnapshot): void;
  /** Renders the final state and releases the terminal line. */
  stop(snapshot: ProgressSnapshot): void;
  /** Prints a message without breaking the bar. */
  log(message: string): void;
}

/**
 * Default pause between plain progress lines (stderr not a terminal): often enough to show
 * a job is alive in CI logs, rare enough not to flood them. A display choice, not an API fact.
 */
export const DEFAULT_PROGRESS_INTERVAL_MS = 5_000;

/** Options of {@link createProgressDisplay}. */
export interface ProgressDisplayOptions {
  /** What the bar counts, e.g. `"ids"`. */
  unit: string;
  /** Interval between plain lines when stderr is not a terminal. @default {@link DEFAULT_PROGRESS_INTERVAL_MS} */
  intervalMs?: number;
  /** Show nothing at all (`--quiet`). @default false */
  silent?: boolean;
  /**
   * `"plan"` for a dry run, which sends nothing: the counts shown are valid, invalid and
   * duplicate identifiers rather than `0 succeeded, 0 failed … 0 requests`. A function words
   * the counts of another kind of job (`verify`'s matches and differences). @default "send"
   */
  counts?: "send" | "plan" | ((snapshot: ProgressSnapshot) => string);
  /**
   * The rate limit the job is paced by (`set`: the rule times `--share`): the rate is then
   * measured over at least its interval, and the ETA is never shorter than the requests left
   * take at it (see {@link etaMs}). @default none: the rate over the last 10 s
   */
  pace?: Pace;
}

/** How often the bar's rate and ETA are redrawn while nothing settles. */
const BAR_REDRAW_MS = 1_000;

/** Span of the rate shown, unless the job's pace has a longer window. */
const RATE_WINDOW_MS = 10_000;

/** Picks the bar or the plain-line display from whether stderr is a terminal. */
export function createProgressDisplay(io: CliIo, options: ProgressDisplayOptions): ProgressDisplay {
  if (options.silent) return { update() {}, stop() {}, log: (m) => io.stderr.write(`${m}\n`) };
  const plan = options.counts === "plan";
  const worded = typeof options.counts === "function" ? options.counts : undefined;
  const { pace } = options;
  const meter = new RateMeter(Math.max(RATE_WINDOW_MS, pace?.intervalMs ?? 0));
  const eta = (s: ProgressSnapshot, rate: number) => formatEta(etaMs(s, rate, pace));
  return io.stderr.isTTY
    ? barDisplay(io, options.unit, worded ?? (plan ? barInvalid : barFailed), meter, eta)
    : lineDisplay(
        io,
        options.unit,
        options.intervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS,
        worded ?? (plan ? planCounts : sendCounts),
        meter,
        eta,
      );
}

function sendCounts(s: ProgressSnapshot): string {
  return `${s.succeeded} succeeded, ${s.failed} failed, ${s.invalid} invalid, ${s.duplicates} duplicates, ${s.requests} requests`;
}

function planCounts(s: ProgressSnapshot): string {
  return `${s.done - s.invalid - s.duplicates} valid, ${s.invalid} invalid, ${s.duplicates} duplicates; nothing sent`;
}

/** The ETA shown for a snapshot at a rate (identifiers per second). */
type EtaText = (snapshot: ProgressSnapshot, rate: number) => string;

/** The bar's last cell: failures while sending, invalid rows for a plan. */
const barFailed = (s: ProgressSnapshot) => `${s.failed} failed`;
const barInvalid = (s: ProgressSnapshot) => `${s.invalid} invalid`;

function barDisplay(
  io: CliIo,
  unit: string,
  tail: (s: ProgressSnapshot) => string,
  meter: RateMeter,
  eta: EtaText,
): ProgressDisplay {
  const bar = new SingleBar({
    stream: io.stderr,
    format: `{bar} {percentage}% | {value}/{total} ${unit} | {rate} ${unit}/s | ETA {remaining} | {tail}`,
    barCompleteChar: "█",
    barIncompleteChar: "░",
    hideCursor: true,
    fps: 8,
    // The bar's own ETA restarts on every total change; ours is windowed and shared with
    // the plain-line display.
    etaBuffer: 1,
  });
  let started = false;
  const payload = (s: ProgressSnapshot, rate: number) => ({
    rate: Math.round(rate),
    remaining: eta(s, rate),
    tail: tail(s),
  });
  let latest: ProgressSnapshot | undefined;
  let drawnAt = 0;
  const draw = (s: ProgressSnapshot) => {
    latest = s;
    drawnAt = Date.now();
    const rate = meter.sample(s.done);
    const total = Math.max(s.total ?? s.done, s.done);
    if (!started) {
      bar.start(total, s.done, payload(s, rate));
      started = true;
    } else {
      if (total !== bar.getTotal()) bar.setTotal(total);
      bar.update(s.done, payload(s, rate));
    }
  };
  // While the job waits for the rate limit's next window nothing settles: the rate and ETA
  // are redrawn each second all the same, not left at the last burst's.
  const clock = lazyClock(BAR_REDRAW_MS, () => {
    if (latest !== undefined && Date.now() - drawnAt >= BAR_REDRAW_MS) draw(latest);
  });
  return {
    update(s) {
      draw(s);
      clock.start();
    },
    stop(s) {
      clock.stop();
      if (!started) return;
      bar.setTotal(s.done);
      bar.update(s.done, payload(s, meter.sample(s.done)));
      bar.stop();
    },
    log(message) {
      // cli-progress redraws on the next tick; a line printed in between lands above it.
      if (started) io.stderr.write("\r\u001b[2K");
      io.stderr.write(`${message}\n`);
    },
  };
}

function lineDisplay(
  io: CliIo,
  unit: string,
  intervalMs: number,
  counts: (s: ProgressSnapshot) => string,
  meter: RateMeter,
  eta: EtaText,
): ProgressDisplay {
  const since = Date.now();
  let lastPrinted = 0;
  let latest: ProgressSnapshot | undefined;
  const print = (s: ProgressSnapshot) => {
    // A run shorter than one interval has one sample at its end: its rate is the whole run's.
    // Only then: a measured 0 is a stall (Redis down, a rate-limit pause), shown as 0 ids/s
    // and no ETA, not as the average so far.
    const sampled = meter.sample(s.done);
    const rate = meter.measured ? sampled : (1_000 * s.done) / Math.max(1, Date.now() - since);
    const of = s.total === undefined ? "" : `/${Math.max(s.total, s.done)}`;
    const percent = s.total ? ` (${((100 * s.done) / Math.max(s.total, s.done)).toFixed(1)}%)` : "";
    io.stderr.write(
      `progress: ${s.done}${of} ${unit}${percent}, ${Math.round(rate)} ${unit}/s, ETA ${eta(s, rate)}; ${counts(s)}\n`,
    );
  };
  const due = (s: ProgressSnapshot) => {
    const now = Date.now();
    if (now - lastPrinted < intervalMs) return;
    if (lastPrinted !== 0) print(s);
    else meter.sample(s.done);
    lastPrinted = now;
  };
  // Nothing settles while a job waits for the next window of the rate limit (a minute on
  // Braze): lines only on updates left a CI log silent for that long, and the rate and ETA
  // were sampled at bursts only. The clock prints the latest counts too; unref'd, it never
  // keeps the process alive, and starts with the first update (a run refused before it sends
  // never stops its display).
  const clock = lazyClock(intervalMs, () => {
    if (latest !== undefined) due(latest);
  });
  return {
    update(s) {
      latest = s;
      due(s);
      clock.start();
    },
    stop(s) {
      clock.stop();
      if (latest !== undefined || s.done > 0) print(s);
    },
    log(message) {
      io.stderr.write(`${message}\n`);
    },
  };
}

/** A timer started by the first `start()` (later calls do nothing), unref'd. */
function lazyClock(periodMs: number, tick: () => void): { start(): void; stop(): void } {
  let timer: ReturnType<typeof setInterval> | undefined;
  let stopped = false;
  return {
    start() {
      if (timer !== undefined || stopped) return;
      timer = setInterval(tick, periodMs);
      timer.unref();
    },
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}

function formatEta(ms: number | undefined): string {
  return ms === undefined ? "--" : formatDuration(ms);
}
