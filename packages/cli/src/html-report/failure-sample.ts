import { type FailureRows, SUCCESS_OUTCOMES } from "./job-page-data.js";

/**
 * How many rows of each outcome the page lists. 1,000 invalid + 1,000 duplicate + 1,000
 * failed rows of long addresses make about 150 kB of page; a 10-million-row job may have
 * hundreds of thousands, which belong in the NDJSON report, not in a page.
 */
export const FAILURE_ROWS_PER_OUTCOME = 1_000;

/**
 * What the page reads from a report line, whatever the command: `set`'s lines and `verify`'s
 * (which add `state`) both fit.
 */
export interface OutcomeLine {
  line: number;
  id: string | null;
  outcome: string;
  error: { code: string; message: string; status?: number } | null;
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

  constructor(capPerOutcome = FAILURE_ROWS_PER_OUTCOME) {
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
    this.rows.push([
      line.line,
      line.id === null ? null : detached(line.id),
      this.intern(outcome),
      error ? this.intern(error.code) : -1,
      error ? this.intern(error.message) : -1,
      error?.status ?? -1,
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

  private intern(text: string): number {
    let index = this.stringIndex.get(text);
    if (index === undefined) {
      index = this.strings.length;
      this.strings.push(detached(text));
      this.stringIndex.set(text, index);
    }
    return index;
  }
}

/**
 * A copy of a string that shares no memory with it. Identifiers are slices of the 64 KiB
 * chunks the input is read in, and V8 keeps a whole chunk alive for as long as one slice of
 * it is: 1,000 kept identifiers held 53 MB of chunks in a 10-million-row dry run.
 */
function detached(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}
