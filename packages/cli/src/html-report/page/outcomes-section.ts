import { orderedOutcomes, outcomeColor, outcomeLabel } from "../outcome-labels.js";
import { formatCount, formatShare, h, section } from "./dom.js";

/**
 * The outcome counts, as numbers and as one bar stacked in proportion, and how many of the
 * succeeded rows an earlier run did (`resumed`).
 */
export function outcomesSection(counts: Record<string, number>, resumed: number): HTMLElement {
  const names = orderedOutcomes(counts);
  const total = names.reduce((sum, name) => sum + (counts[name] ?? 0), 0);
  const share = (n: number) => (total === 0 ? 0 : (100 * n) / total);
  const percent = (n: number) => formatShare(n, total);

  const figures = h(
    "ul",
    { class: "outcome-figures" },
    h(
      "li",
      { "data-outcome": "total" },
      h("span", { class: "figure" }, formatCount(total)),
      h("span", { class: "name" }, "identifiers"),
    ),
    ...names.map((name) => {
      const n = counts[name] ?? 0;
      return h(
        "li",
        { "data-outcome": name, style: `--outcome: ${outcomeColor(name)}` },
        h("span", { class: "figure", "data-count": n }, formatCount(n)),
        h("span", { class: "name" }, `${outcomeLabel(name)} · ${percent(n)}`),
      );
    }),
  );
  const bar = h(
    "div",
    {
      class: "outcome-bar",
      role: "img",
      "aria-label": names
        .map((name) => `${outcomeLabel(name)} ${formatCount(counts[name] ?? 0)}`)
        .join(", "),
    },
    ...names
      .filter((name) => (counts[name] ?? 0) > 0)
      .map((name) =>
        h("span", {
          "data-outcome": name,
          title: `${outcomeLabel(name)}: ${formatCount(counts[name] ?? 0)} (${percent(counts[name] ?? 0)})`,
          // A tiny share still gets a visible sliver.
          style: `flex: ${Math.max(share(counts[name] ?? 0), 0.4)} 1 0; background: ${outcomeColor(name)}`,
        }),
      ),
  );
  return section("outcomes", "Outcomes", figures, bar, resumedNote(counts.succeeded ?? 0, resumed));
}

/**
 * Says how many succeeded rows were done by an earlier run: a resumed run reports them
 * succeeded without sending them, and a reader must not take this run for the one that did.
 */
function resumedNote(succeeded: number, resumed: number): HTMLElement | null {
  if (resumed === 0) return null;
  return h(
    "p",
    { id: "outcomes-resumed", "data-count": resumed },
    `${formatCount(resumed)} of the ${formatCount(succeeded)} succeeded rows were done by an earlier run of this job: this run resumed from its checkpoint and did not send them again (they are "resumed": true in the report, and not in this run's timeline).`,
  );
}
