import type uPlot from "uplot";
import { formatDuration, h } from "./dom.js";
import { settledStatus } from "./settled-status.js";
import { utcSpan } from "./utc-time.js";
import { sameSpan, type TimeSpan, type ZoomMoves, zoomMoves } from "./zoom-span.js";

/** The zoom control of the timeline's charts (see {@link timeZoom}). */
export interface TimeZoom {
  /** The buttons, and the line that says which time the charts show. */
  element: HTMLElement;
  /** Makes `plots` show one span together, moved by the buttons or by a drag on any of them. */
  control(plots: uPlot[]): void;
}

/** The buttons, in the order they are read and tabbed through. */
const BUTTONS: Array<[keyof ZoomMoves, string]> = [
  ["in", "Zoom in"],
  ["out", "Zoom out"],
  ["earlier", "Earlier"],
  ["later", "Later"],
  ["whole", "Whole job"],
];

/**
 * Zooming the charts' time without a mouse: uPlot zooms on a drag across a chart only, which
 * no key can do. Buttons move both charts over the same span (a drag on either chart moves
 * the other too, so the two always show the same seconds), and a status line says which
 * span, in UTC, so the charts' range is in words as well (and on paper, where the buttons
 * are not printed). A button that would change nothing is `aria-disabled`, not `disabled`:
 * it keeps its focus, so "Whole job" pressed does not drop a keyboard user at the page's top.
 * The line is a live region written once the span has been still for a moment (see
 * {@link settledStatus}): written at each press, a screen reader read out every span passed
 * through ("Zoom in" pressed four times said four spans, each cut off by the next).
 * A job no longer than `minSpan` seconds gets the line alone: there is nothing to zoom.
 */
export function timeZoom(whole: TimeSpan, minSpan: number): TimeZoom {
  let plots: uPlot[] = [];
  let shown: TimeSpan = whole;
  const status = settledStatus("timeline-span");
  const zoomable = whole[1] - whole[0] > minSpan;
  const buttons = BUTTONS.map(([move, label]) =>
    h(
      "button",
      { type: "button", class: "zoom-button", "data-zoom": move, onclick: () => press(move) },
      label,
    ),
  );
  const element = h(
    "div",
    { class: "time-zoom", role: "group", "aria-label": "Time shown in the charts" },
    zoomable ? h("div", { class: "time-zoom-buttons" }, ...buttons) : null,
    status.element,
  );

  function press(move: keyof ZoomMoves): void {
    const next = zoomMoves(shown, whole, minSpan)[move];
    if (sameSpan(next, shown)) return;
    for (const plot of plots) plot.setScale("x", { min: next[0], max: next[1] });
  }

  /** A chart's x scale was set (a button, a drag, a double click): the others follow. */
  function follow(plot: uPlot): void {
    const span: TimeSpan = [plot.scales.x?.min ?? whole[0], plot.scales.x?.max ?? whole[1]];
    if (sameSpan(span, shown)) return;
    shown = span;
    for (const other of plots) {
      const at: TimeSpan = [other.scales.x?.min ?? Number.NaN, other.scales.x?.max ?? Number.NaN];
      if (other !== plot && !sameSpan(at, span))
        other.setScale("x", { min: span[0], max: span[1] });
    }
    update();
  }

  function update(): void {
    const isWhole = sameSpan(shown, whole);
    const length = formatDuration((shown[1] - shown[0]) * 1000);
    status.say(
      `Time shown: ${utcSpan(shown[0], shown[1])} (${isWhole ? "the whole job" : `${length} of ${formatDuration((whole[1] - whole[0]) * 1000)}`}).`,
    );
    const moves = zoomMoves(shown, whole, minSpan);
    for (const button of buttons) {
      const move = button.dataset.zoom as keyof ZoomMoves;
      button.setAttribute("aria-disabled", String(sameSpan(moves[move], shown)));
    }
  }

  update();
  // The line a page opens with is there at once (it is not yet in the document: nothing is said).
  status.flush();
  return {
    element,
    control(charts) {
      plots = charts;
      // uPlot reads its hooks when it fires them, so one added now runs on every later zoom.
      for (const plot of plots) {
        plot.hooks.setScale = [
          ...(plot.hooks.setScale ?? []),
          (_plot, key) => {
            if (key === "x") follow(plot);
          },
        ];
      }
      const first = plots[0];
      if (first !== undefined) follow(first);
      // Still building the page: the charts' first span is written at once, as the page opens.
      status.flush();
    },
  };
}
