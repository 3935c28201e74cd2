import uPlot from "uplot";
import type { JobDescription, TimelineData } from "../job-page-data.js";
import { budgetText } from "./budget-text.js";
import { budgetUse } from "./budget-use.js";
import { makeChartAccessible } from "./chart-access.js";
import { latencyText, rateText } from "./chart-text.js";
import { formatCount, formatDuration, h, section } from "./dom.js";
import { timeAxis, timeSeries } from "./time-axis.js";
import { MIN_SPAN_SECONDS, timeRange } from "./time-range.js";
import { timeZoom } from "./time-zoom.js";
import {
  type PointWindow,
  pointWindow,
  sameWindow,
  type TimelinePoints,
  timelinePoints,
} from "./timeline-points.js";

const HEIGHT = 240;
/**
 * Steps of an axis of counts (429s, retries, pauses): whole numbers. uPlot's own steps
 * labelled one 429 "0.25 0.5 0.75 1", and those labels took a phone's chart 21 px of its width.
 */
const WHOLE_STEPS = Array.from({ length: 10 }, (_, power) =>
  [1, 2, 5].map((n) => n * 10 ** power),
).flat();
/** Narrower charts cannot fit their axes; a phone 360 px wide still has room for this. */
const MIN_WIDTH = 260;

/**
 * A y axis as wide as its widest tick label, plus room for its title: uPlot's fixed 50 px
 * let "250,000" run under the title "requests in 1 h".
 */
function valueAxis(label: string, side?: 1): uPlot.Axis {
  return {
    label,
    ...(side === undefined ? {} : { side, grid: { show: false } }),
    size: (_u, values) =>
      // About 7 px a character of the axis font, 10 px of tick, 24 px of title.
      34 + 7 * (values ?? []).reduce((widest, value) => Math.max(widest, String(value).length), 1),
  };
}

/**
 * How full the rate limit's window was against what it allows (the server's count, else the
 * job's own; see {@link budgetUse}), with 429s, retries and pauses as marks, and latency
 * p50/p95/p99: two uPlot charts over the job's seconds (UTC), zoomed together by a drag
 * across either or by the buttons above them (see {@link timeZoom}).
 */
export function timelineSection(timeline: TimelineData | null, job: JobDescription): HTMLElement {
  if (timeline === null || timeline.requests.length === 0) {
    return section("timeline", "Timeline", h("p", { id: "timeline-none" }, noTimeline(job)));
  }
  const budget = job.rateLimit === null ? null : budgetUse(timeline, job.rateLimit);
  const words =
    budget === null || job.rateLimit === null
      ? null
      : budgetText(budget, job.rateLimit, timeline.stepMs);
  const used = budget?.used ?? null;
  const stepSeconds = timeline.stepMs / 1000;
  const first = timeline.startEpochMs / 1000;
  const last = first + (timeline.requests.length - 1) * stepSeconds;
  const whole = timeRange(first, last, stepSeconds, job);
  // The points drawn: for the span shown, as fine as it allows (see `pointWindow`).
  let drawn: PointWindow = pointWindow(timeline, whole);
  let points: TimelinePoints = timelinePoints(timeline, used, drawn);
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const totals = {
    requests: sum(timeline.requests),
    throttled: sum(timeline.throttled),
    retries: sum(timeline.retries),
    pauses: sum(timeline.pauses),
  };
  // From the seconds as recorded: a long job's merged points are averages, which hid its
  // busiest second.
  const peak =
    timeline.requests.reduce((most, n) => Math.max(most, n), 0) / (timeline.stepMs / 1000);
  const resolution = h("li", { "data-stat": "resolution" });
  const stats = h(
    "ul",
    { class: "timeline-stats" },
    h("li", { "data-stat": "requests" }, `${formatCount(totals.requests)} requests sent`),
    h("li", { "data-stat": "peak" }, `peak ${formatCount(Math.round(peak))}/s`),
    words === null ? null : h("li", { "data-stat": "busiest" }, words.stat),
    h("li", { "data-stat": "throttled" }, `${formatCount(totals.throttled)} × 429`),
    h("li", { "data-stat": "retries" }, `${formatCount(totals.retries)} retries`),
    h("li", { "data-stat": "pauses" }, `${formatCount(totals.pauses)} pauses`),
    resolution,
  );
  const rateChart = h(
    "figure",
    { id: "chart-rate", class: "chart" },
    h("figcaption", {}, words?.caption ?? "Requests per second"),
    words === null ? null : h("p", { class: "chart-note" }, words.note),
  );
  const latency = latencyText(timeline);
  const latencyChart = h(
    "figure",
    { id: "chart-latency", class: "chart" },
    h("figcaption", {}, "Latency of answers (ms)"),
    // The numbers in words, for whoever cannot see the chart (and on paper, exact).
    h("p", { class: "chart-note", "data-summary": "latency" }, latency),
  );
  // What the points drawn are: in words, and on each chart's figure (`data-step-ms`) for tests.
  const showResolution = () => {
    resolution.textContent = `${formatDuration(timeline.requests.length * timeline.stepMs)} recorded, ${points.stepMs / 1000} s per point`;
    rateChart.dataset.stepMs = String(points.stepMs);
    latencyChart.dataset.stepMs = String(points.stepMs);
  };
  showResolution();
  // Ten recorded steps at least: a narrower span shows less than a step of its own.
  const zoom = timeZoom(whole, Math.max(MIN_SPAN_SECONDS, 10 * stepSeconds));
  const element = section("timeline", "Timeline", stats, zoom.element, rateChart, latencyChart);

  // Charts are drawn once the section is in the document, so they get its width.
  queueMicrotask(() => {
    // The figure's own width (the section's, less its padding): the section's clientWidth
    // counts the padding too, and a floor of 480 px ran a chart off a phone's screen.
    const chartWidth = () => Math.max(MIN_WIDTH, rateChart.clientWidth);
    const width = chartWidth();
    // A 429 comes with the pause it causes, often one each in the same second: the pauses
    // are rings around the point, so they no longer cover the 429s drawn before them.
    const marks = (label: string, stroke: string, shape: number, ring = false): uPlot.Series => ({
      label,
      stroke,
      scale: "events",
      width: 0,
      paths: () => null,
      points: { show: true, size: shape, stroke, fill: ring ? "transparent" : stroke, width: 2 },
      value: (_u, v) => (v === null ? "–" : formatCount(v)),
    });
    const none = (values: number[]) => values.map((v) => (v === 0 ? null : v));
    const rateData = () =>
      [
        points.x,
        points.used ?? points.requests,
        ...(budget === null ? [] : [points.x.map(() => budget.allowed)]),
        none(points.throttled),
        none(points.retries),
        none(points.pauses),
      ] as uPlot.AlignedData;
    const latencyData = () => [points.x, points.p50, points.p95, points.p99] as uPlot.AlignedData;
    // uPlot asks for the span of the data, from its first point, when it draws (and when a
    // zoom is reset by a double click; a single point comes padded by years): that gets the
    // job's range. A span dragged or zoomed to is kept as chosen, even one that still holds
    // every point (a job whose record starts or ends well beyond its requests).
    const x: uPlot.Scale = {
      time: true,
      range: (_u, min, max) =>
        min === points.x[0] && max >= (points.x[points.x.length - 1] as number)
          ? whole
          : [min, max],
    };
    // The axes' labels are drawn on a canvas: each chart keeps the range uPlot set (on its
    // figure, read from the instance), so a test or a curious reader can check it.
    const hooks = (): uPlot.Hooks.Arrays => ({
      setScale: [
        (plot, key) => {
          if (key !== "x") return;
          const figure = plot.root.parentElement as HTMLElement;
          figure.dataset.xMin = String(plot.scales.x?.min);
          figure.dataset.xMax = String(plot.scales.x?.max);
        },
      ],
    });
    const rate = new uPlot(
      {
        width,
        height: HEIGHT,
        hooks: hooks(),
        scales: {
          x,
          // From 0: an axis starting at the lowest point makes a steady job look jagged.
          y: { range: (_u, _min, max) => [0, Math.max(1, max, budget?.allowed ?? 0) * 1.1] },
          events: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] },
        },
        axes: [
          timeAxis,
          valueAxis(words?.axis ?? "requests/s"),
          { scale: "events", ...valueAxis("events", 1), incrs: WHOLE_STEPS },
        ],
        series: [
          timeSeries,
          {
            label: words?.series ?? "requests/s",
            stroke: "#1565c0",
            width: 1.5,
            fill: "rgba(21,101,192,0.08)",
          },
          ...(words === null
            ? []
            : [{ label: words.allowed, stroke: "#c62828", width: 1, dash: [6, 4] }]),
          marks("429s", "#d32f2f", 9),
          marks("retries", "#ef6c00", 7),
          marks("pauses", "#6a1b9a", 15, true),
        ],
      },
      rateData(),
      rateChart,
    );
    const latencyPlot = new uPlot(
      {
        width,
        height: HEIGHT,
        hooks: hooks(),
        scales: { x },
        axes: [timeAxis, valueAxis("ms")],
        series: [
          timeSeries,
          { label: "p50", stroke: "#2e7d32", width: 1.5, spanGaps: false },
          { label: "p95", stroke: "#ef6c00", width: 1.5 },
          { label: "p99", stroke: "#c62828", width: 1.5 },
        ],
      },
      latencyData(),
      latencyChart,
    );
    makeChartAccessible(
      rate,
      rateText(words?.caption ?? "Requests per second", totals, Math.round(peak), words?.stat),
    );
    makeChartAccessible(latencyPlot, `Latency of answers (ms): ${latency}`);
    zoom.control([rate, latencyPlot]);
    // A zoom or a pan: the points are made again for the span shown, as fine as it allows.
    // After uPlot's commit, not in its hook: a scale set during its commit is dropped.
    let pending = false;
    const redraw = () => {
      pending = false;
      const shown: [number, number] = [
        rate.scales.x?.min ?? whole[0],
        rate.scales.x?.max ?? whole[1],
      ];
      const next = pointWindow(timeline, shown);
      if (sameWindow(next, drawn)) return;
      drawn = next;
      points = timelinePoints(timeline, used, drawn);
      for (const [plot, data] of [
        [rate, rateData()],
        [latencyPlot, latencyData()],
      ] as const) {
        plot.setData(data, false);
        plot.setScale("x", { min: shown[0], max: shown[1] });
      }
      showResolution();
    };
    rate.hooks.setScale = [
      ...(rate.hooks.setScale ?? []),
      (_plot, key) => {
        if (key !== "x" || pending) return;
        pending = true;
        queueMicrotask(redraw);
      },
    ];
    // A phone turned, a window resized: the charts follow the page's width.
    window.addEventListener("resize", () => {
      const size = { width: chartWidth(), height: HEIGHT };
      rate.setSize(size);
      latencyPlot.setSize(size);
    });
  });
  return element;
}

/** Why a page has no timeline; a page made from a bare report knows nothing of what was sent. */
function noTimeline(job: JobDescription): string {
  if (job.startedAt === null)
    return "No timeline: this page was made from a report without its job record (<report>.job.json, which the run that wrote the report saves beside it).";
  if (job.target === null) return "No timeline: nothing was sent.";
  return "No timeline was recorded for this job.";
}
