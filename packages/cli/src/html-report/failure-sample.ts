import { type FailureRows, SUCCESS_OUTCOMES } from "./job-page-data.js";

/**
 * How many rows of each outcome the page lists. 1,000 invalid + 1,000 duplicate + 1,000
 * failed rows of long addresses make about 150 kB of page; a 10-million-row job may have
 * hundreds of thousands, which belong in the NDJSON report, not in a page.
 */
export const FAILURE_ROWS_PER_OUTCOME = 1_000;

/**
 * The most characters of one identifier or message the page shows. Past it, the page shows
 * the start and how many characters follow; the report keeps the whole value. Without it, a
 * file of 1,000 invalid 50 kB "identifiers" made a 50 MB page that took 16 s to open.
 */
export const MAX_SHOWN_CHARS = 1_000;

/**
 * What the page reads from a report line, whatever the command: `set`'s lines and `verify`'s
 * (which add `state`) both fit.
 */
export interface OutcomeLine {
  line: number;
  id: string | null;
  outcome: string;
  error: { code: string; message: string; status?: number } | null;
  /** Set on a row an earlier run of the job did (read from its checkpoint, not sent again). */
  resumed?: true;
  /** The row's group, on the lines of a job of several (a group column, or its read-back). */
  group?: string;
  /** `verify`: the state Braze holds (`null` when not read). */
  state?: string | null;
  /** `verify` of several pairs: the state the row's set job asked for in its group. */
  expected?: string;
}

/** Whether a report line is a success done by an earlier run (see {@link OutcomeLine.resumed}). */
export function isResumedSuccess(line: OutcomeLine): boolean {
  return line.resumed === true && line.outcome === "succeeded";
}

/**
 * Keeps the first rows of each outcome that did not succeed, in the order they came, and
 * counts all of them. Memory is bounded by the cap, whatever the job's size.
 */
export class FailureSample {
  private readonly cap: number;
  private readonly totals: Record<string, number> = {};
  private readonly strings: string[] = [];
  private readonly stringIndex = new Map<string, number>();
  private readonly rows: FailureRows["rows"] = [];

  /**
   * `redact` masks secrets in a long text before it is clipped: masked after, a key cut in two
   * by the clip would show its first half. (Short texts are masked with the whole page.)
   */
  constructor(
    capPerOutcome = FAILURE_ROWS_PER_OUTCOME,
    private readonly redact: (text: string) => string = (text) => text,
  ) {
    this.cap = capPerOutcome;
  }

  /** Looks at one report line; a success is ignored. */
  add(line: OutcomeLine): void {
    const { outcome } = line;
    if (SUCCESS_OUTCOMES.has(outcome)) return;
    const seen = (this.totals[outcome] ?? 0) + 1;
    this.totals[outcome] = seen;
    if (seen > this.cap) return;
    const error = line.error;
    const message = error?.message ?? difference(line);
    this.rows.push([
      line.line,
      line.id === null ? null : this.shown(line.id),
      this.intern(outcome),
      error ? this.intern(error.code) : -1,
      message === undefined ? -1 : this.intern(message),
      error?.status ?? -1,
      // Checked: a report read back may hold anything there.
      typeof line.group === "string" ? this.intern(line.group) : -1,
    ]);
  }

  /** The rows and totals, as the page takes them. */
  toJSON(): FailureRows {
    return {
      capPerOutcome: this.cap,
      totals: { ...this.totals },
      strings: this.strings,
      rows: this.rows,
    };
  }

  private shown(text: string): string {
    return clipped(text.length <= MAX_SHOWN_CHARS ? text : this.redact(text));
  }

  private intern(text: string): number {
    // A short text (every one in practice) is looked up as given, a Map lookup per row, and
    // copied once; a long one is clipped first, so only its clipped copy is ever kept.
    const key = text.length <= MAX_SHOWN_CHARS ? text : this.shown(text);
    let index = this.stringIndex.get(key);
    if (index === undefined) {
      const shown = key === text ? detached(text) : key;
      index = this.strings.length;
      this.strings.push(shown);
      this.stringIndex.set(shown, index);
    }
    return index;
  }
}

/**
 * What a read found, for a `verify` line that differs or is unknown (it has no error to show):
 * "Braze holds subscribed", with the state expected when the line names it (a job of several
 * pairs; one pair's is the job's state, on the page above).
 */
function difference(line: OutcomeLine): string | undefined {
  const expected = typeof line.expected === "string" ? `; expected ${line.expected}` : "";
  if (line.outcome === "unknown") return `Braze has no state for it in the group${expected}`;
  if (line.outcome !== "differs" || typeof line.state !== "string") return undefined;
  return `Braze holds ${line.state}${expected}`;
}

/**
 * A copy of a string that shares no memory with it. Identifiers are slices of the 64 KiB
 * chunks the input is read in, and V8 keeps a whole chunk alive for as long as one slice of
 * it is: 1,000 kept identifiers held 53 MB of chunks in a 10-million-row dry run.
 */
function detached(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/**
 * `text` as the page shows it: whole up to {@link MAX_SHOWN_CHARS}, else its start (never
 * half of a surrogate pair) and the count of characters left out; detached either way.
 */
export function clipped(text: string): string {
  if (text.length <= MAX_SHOWN_CHARS) return detached(text);
  let end = MAX_SHOWN_CHARS;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  const rest = (text.length - end).toLocaleString("en-US");
  return `${detached(text.slice(0, end))}… (${rest} more characters, in the report)`;
}
