import type { SetStatusRow } from "@braze-subscriptions/runtime";
import type { Checkpoint } from "../checkpoint/checkpoint-file.js";
import { SkipWindow } from "../commands/skip-window.js";
import { LineMap } from "../input/line-map.js";
import type { IdentifierSource } from "../input/open-identifier-source.js";
import { malformedReportLine } from "../report/malformed-line.js";
import type { ReportLine } from "../report/report-line.js";
import type { JobGroups } from "./job-groups.js";
import { rowOfRecord } from "./row-of-record.js";

/** The group and state a multi-group job's row is sent with. */
export interface RowTarget {
  group: string;
  state: string;
}

/**
 * The input of a `set` run as the runtime reads it, and what ties each of its outcomes back to
 * the input: the line (by the runtime's index), a multi-group row's target, and the
 * checkpointed identifiers on their way through the runtime.
 */
export interface JobInput {
  /** The input line of each identifier or row handed to the runtime, by its index. */
  lines: LineMap;
  /** Checkpointed identifiers (or rows: {@link rowKey}) between reading and their outcome. */
  skip: SkipWindow;
  /** A multi-group job's row targets by index, held from reading until its outcome. */
  rowTargets: Map<number, RowTarget>;
  /** A one-group job's identifiers. */
  identifiers(): AsyncGenerator<string>;
  /** A multi-group job's rows, each with its own group and state (cells, or the defaults). */
  rows(defaults: JobGroups & { kind: "rows" }): AsyncGenerator<SetStatusRow>;
}

/** What {@link jobInput} reads and where it settles the records that never reach the runtime. */
export interface JobInputOf {
  source: IdentifierSource;
  checkpoint: Checkpoint | undefined;
  doubleOptIn: boolean;
  /** Settles a record here, not in the runtime: a malformed one, or a row invalid for its job. */
  settle(line: ReportLine): Promise<void>;
}

/** The input of a `set` run (see {@link JobInput}). */
export function jobInput({ source, checkpoint, doubleOptIn, settle }: JobInputOf): JobInput {
  const lines = new LineMap();
  const skip = new SkipWindow();
  const rowTargets = new Map<number, RowTarget>();
  return {
    lines,
    skip,
    rowTargets,
    async *identifiers() {
      for await (const record of source.records) {
        if (record.kind === "malformed") {
          await settle(malformedReportLine(record, source.type));
          continue;
        }
        lines.push(record.line);
        if (checkpoint?.done.has(record.line)) skip.add(record.id);
        yield record.id;
      }
    },
    async *rows(defaults) {
      for await (const record of source.records) {
        if (record.kind === "malformed") {
          await settle(malformedReportLine(record, source.type));
          continue;
        }
        const verdict = rowOfRecord(record, defaults, source.type, doubleOptIn);
        if (verdict.kind === "invalid") {
          await settle(verdict.line);
          continue;
        }
        const { row, target } = verdict;
        if (checkpoint?.done.has(record.line)) skip.add(rowKey(target.group, record.id));
        rowTargets.set(lines.push(record.line), target);
        yield row;
      }
    },
  };
}

/** The checkpoint window's key of a multi-group row: an identifier is done per group. */
export function rowKey(group: string, id: string): string {
  return `${group}\u0000${id}`;
}
