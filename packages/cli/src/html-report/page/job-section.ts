import type { JobDescription } from "../job-page-data.js";
import { formatBytes, formatDuration, h, section } from "./dom.js";
import { visibleText } from "./visible-text.js";

/** The job: command, target, group and state, input, times and exit code. */
export function jobSection(job: JobDescription): HTMLElement {
  const rows: Array<[string, string | Node]> = [
    // Typed or read from files: invisible characters are shown as escapes (see visible-text).
    ["Command", h("code", {}, visibleText(job.command))],
    ["Kind", job.kind],
    ["Target", visibleText(job.target ?? noTarget(job))],
    [job.groups.length > 1 ? "Groups" : "Group", visibleText(job.groups.join(", ") || "unknown")],
    [job.states.length > 1 ? "States" : "State", visibleText(job.states.join(", ") || "unknown")],
    // A job over several pairs: which state was written (or checked) in which group.
    ...(job.pairs && job.pairs.length > 0
      ? [["Groups and states", visibleText(pairsText(job.pairs))] as [string, Node]]
      : []),
    ["Input", visibleText(inputText(job))],
    ["Report", visibleText(job.report ?? "none")],
    ["Started", time(job.startedAt)],
    ["Ended", endText(job)],
    ["Exit code", exitText(job)],
  ];
  return section(
    "job",
    "Job",
    h(
      "dl",
      {},
      ...rows.flatMap(([name, value]) => [
        h("dt", {}, name),
        h("dd", { "data-field": name.toLowerCase().replaceAll(" ", "-") }, value),
      ]),
    ),
  );
}

/**
 * Why a job has no target: a dry run sent nothing; a page made from a report alone does not
 * know (its report may hold thousands of rows that succeeded: "nothing was sent" denied them).
 */
function noTarget(job: JobDescription): string {
  return job.startedAt === null ? "unknown (no job record)" : "none (nothing was sent)";
}

function pairsText(pairs: NonNullable<JobDescription["pairs"]>): string {
  return pairs
    .map(
      (pair) =>
        `${pair.group}: ${pair.state} (${pair.lines.toLocaleString("en-US")} line${pair.lines === 1 ? "" : "s"})`,
    )
    .join("; ");
}

function inputText(job: JobDescription): string {
  const input = job.input;
  if (input === null) return "unknown";
  const size =
    input.bytes === null
      ? "size unknown"
      : `${formatBytes(input.bytes)} (${input.bytes.toLocaleString("en-US")} bytes)`;
  return `${input.name}, ${size}, SHA-256 ${input.sha256 ?? "not computed"}`;
}

function time(iso: string | null): string {
  return iso === null
    ? "unknown"
    : iso
        .replace("T", " ")
        .replace(/\.\d+Z$/, " UTC")
        .replace(/Z$/, " UTC");
}

function endText(job: JobDescription): string {
  if (job.endedAt === null) return "unknown";
  if (job.startedAt === null) return time(job.endedAt);
  const ms = Date.parse(job.endedAt) - Date.parse(job.startedAt);
  return `${time(job.endedAt)} (after ${formatDuration(ms)})`;
}

function exitText(job: JobDescription): string {
  if (job.exitCode === null) return "unknown";
  return job.exitMeaning === null ? String(job.exitCode) : `${job.exitCode} (${job.exitMeaning})`;
}
