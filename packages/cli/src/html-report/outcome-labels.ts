import { OUTCOME_NAMES } from "./job-page-data.js";

/** How the page names and colours each outcome (shared by the page script and its title). */
export const OUTCOME_STYLE: Readonly<Record<string, { label: string; color: string }>> = {
  succeeded: { label: "succeeded", color: "#2e7d32" },
  matches: { label: "matches", color: "#388e3c" },
  unchanged: { label: "unchanged", color: "#81c784" },
  differs: { label: "differs", color: "#ef6c00" },
  unknown: { label: "unknown", color: "#8d6e63" },
  invalid: { label: "invalid", color: "#c62828" },
  duplicate: { label: "duplicate", color: "#9e9e9e" },
  failed: { label: "failed", color: "#6a1b9a" },
  not_sent: { label: "not sent", color: "#546e7a" },
};

const FALLBACK_COLOR = "#455a64";

/** The label of an outcome; an outcome this version does not know shows as named. */
export function outcomeLabel(name: string): string {
  return OUTCOME_STYLE[name]?.label ?? name.replaceAll("_", " ");
}

/** The colour of an outcome in the bar and the table. */
export function outcomeColor(name: string): string {
  return OUTCOME_STYLE[name]?.color ?? FALLBACK_COLOR;
}

/** The outcomes of a count record in display order: known ones first, then others by name. */
export function orderedOutcomes(counts: Record<string, number>): string[] {
  const known: readonly string[] = OUTCOME_NAMES;
  const names = Object.keys(counts);
  return [
    ...known.filter((name) => names.includes(name)),
    ...names.filter((name) => !known.includes(name)).sort(),
  ];
}
