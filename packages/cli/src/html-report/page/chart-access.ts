import type uPlot from "uplot";
import { h } from "./dom.js";

/**
 * Makes a uPlot chart readable without seeing it and usable without a mouse:
 *
 * - its canvas becomes an image whose name is `summary`, the chart's numbers in words (a
 *   canvas is nothing to a screen reader, and the figure's caption names the chart only);
 * - each series of its legend gets a real button, `aria-pressed` as the series shows: uPlot
 *   hides a series on a click of its legend row, a `<th>` no key can reach. The button's
 *   click bubbles to that row, so uPlot keeps doing the hiding;
 * - the legend's live values (`--` until a pointer hovers the chart) are hidden from
 *   assistive technology, which cannot hover, and from print (see `page.css`).
 */
export function makeChartAccessible(plot: uPlot, summary: string): void {
  const canvas = plot.root.querySelector("canvas");
  canvas?.setAttribute("role", "img");
  canvas?.setAttribute("aria-label", summary);

  const legend = plot.root.querySelector<HTMLTableElement>(".u-legend");
  if (legend === null) return;
  // Its rows are a key, not data: a table of labels and "--" read as one confused people.
  legend.setAttribute("role", "presentation");
  legend.querySelectorAll(".u-value").forEach((value) => {
    value.setAttribute("aria-hidden", "true");
  });
  const rows = Array.from(legend.querySelectorAll<HTMLTableRowElement>("tr.u-series"));
  // uPlot writes a row for the x series (the time under the pointer) first; it has no toggle.
  const offset = plot.series.length - rows.length;
  const buttons = rows.map((row, index) => {
    const seriesIndex = index + offset;
    const label = row.querySelector("th");
    if (seriesIndex === 0 || label === null) return null;
    const button = h("button", {
      type: "button",
      class: "series-toggle",
      title: "Show or hide this series in the chart",
    });
    button.append(...Array.from(label.childNodes));
    label.append(button);
    return { button, seriesIndex };
  });
  const update = () => {
    for (const entry of buttons) {
      if (entry === null) continue;
      const shown = plot.series[entry.seriesIndex]?.show !== false;
      entry.button.setAttribute("aria-pressed", String(shown));
    }
  };
  // uPlot reads its hooks when it fires them, so one added now runs on every later toggle.
  plot.hooks.setSeries = [...(plot.hooks.setSeries ?? []), update];
  update();
}
