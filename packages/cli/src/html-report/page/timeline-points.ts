import type { TimelineData } from "../job-page-data.js";
import type { TimeSpan } from "./zoom-span.js";

/**
 * More points than a chart is wide only cost time: a span of more steps than this is drawn
 * with steps merged into wider points.
 */
export const MAX_POINTS = 2_000;

/**
 * The points the charts draw for a span: the timeline's steps, merged `stepsPerPoint` a point
 * (counts and latency percentiles as the timeline names them).
 */
export interface TimelinePoints
  extends Pick<TimelineData, "throttled" | "retries" | "pauses" | "p50" | "p95" | "p99"> {
  /** Steps of the timeline merged into each point (1: each point is one recorded step). */
  stepsPerPoint: number;
  /** The point's width, in ms. */
  stepMs: number;
  /** Each point's start, in epoch seconds. */
  x: number[];
  /** Requests per second, averaged over the point. */
  requests: number[];
  /** How full the budget's window was at each point (the most of the merged steps). */
  used: Array<number | null> | null;
}

/** Which steps are drawn, and how many a point: what {@link timelinePoints} makes points of. */
export interface PointWindow {
  stepsPerPoint: number;
  /** The first step drawn (a multiple of `stepsPerPoint`, so points do not shift as one pans). */
  from: number;
  /** The step after the last drawn. */
  to: number;
}

/**
 * The steps to draw for `shown` (epoch seconds), at the finest resolution that keeps the span
 * within {@link MAX_POINTS} points: per step (per second) once the span is short enough. Why
 * not merge once for the whole job: an hour's job was drawn 2 s a point, and zoomed into a
 * minute it still was, so no one could see a second above the rate limit. The window reaches
 * one span beyond each side of `shown` (the lines run to the chart's edges, and "Earlier" or
 * "Later" stay inside it), so a day's job zoomed to a minute draws a few hundred points, not
 * 86,400.
 */
export function pointWindow(t: TimelineData, shown: TimeSpan): PointWindow {
  const count = t.requests.length;
  const stepSeconds = t.stepMs / 1000;
  const startSeconds = t.startEpochMs / 1000;
  const spanSteps = Math.max(1, (shown[1] - shown[0]) / stepSeconds);
  const clamp = (step: number) => Math.min(count, Math.max(0, step));
  // The steps recorded in the span: a job that waited an hour before its 100 s of requests
  // spans an hour, and its 100 points need no merging.
  const inSpan =
    clamp(Math.ceil((shown[1] - startSeconds) / stepSeconds)) -
    clamp(Math.floor((shown[0] - startSeconds) / stepSeconds));
  const stepsPerPoint = Math.max(1, Math.ceil(inSpan / MAX_POINTS));
  const first = Math.floor((shown[0] - startSeconds) / stepSeconds - spanSteps);
  const last = Math.ceil((shown[1] - startSeconds) / stepSeconds + spanSteps);
  const from = Math.max(0, Math.floor(first / stepsPerPoint) * stepsPerPoint);
  const to = Math.min(
    count,
    Math.max(from + stepsPerPoint, Math.ceil(last / stepsPerPoint) * stepsPerPoint),
  );
  // A span wholly outside the record (it cannot be zoomed to, but a window must hold a point).
  if (from >= count) return { stepsPerPoint, from: Math.max(0, count - 1), to: count };
  return { stepsPerPoint, from, to };
}

/** Whether two windows draw the same points. */
export function sameWindow(a: PointWindow, b: PointWindow): boolean {
  return a.stepsPerPoint === b.stepsPerPoint && a.from === b.from && a.to === b.to;
}

/**
 * The points of `window`: `stepsPerPoint` steps a point, rates averaged, marks summed, window
 * counts (`used`, per step as the timeline's) and percentiles taking the worst.
 */
export function timelinePoints(
  t: TimelineData,
  used: Array<number | null> | null,
  window: PointWindow,
): TimelinePoints {
  const k = window.stepsPerPoint;
  const out: TimelinePoints = {
    stepsPerPoint: k,
    stepMs: t.stepMs * k,
    x: [],
    requests: [],
    used: used === null ? null : [],
    throttled: [],
    retries: [],
    pauses: [],
    p50: [],
    p95: [],
    p99: [],
  };
  for (let i = window.from; i < window.to; i += k) {
    const end = Math.min(window.to, i + k);
    const seconds = ((end - i) * t.stepMs) / 1000;
    const sum = (column: number[]) => {
      let total = 0;
      for (let j = i; j < end; j += 1) total += column[j] ?? 0;
      return total;
    };
    const worst = (column: Array<number | null>) => {
      let most: number | null = null;
      for (let j = i; j < end; j += 1) {
        const value = column[j] ?? null;
        if (value !== null && (most === null || value > most)) most = value;
      }
      return most;
    };
    out.x.push((t.startEpochMs + i * t.stepMs) / 1000);
    out.requests.push(sum(t.requests) / seconds);
    if (used !== null) out.used?.push(worst(used));
    out.throttled.push(sum(t.throttled));
    out.retries.push(sum(t.retries));
    out.pauses.push(sum(t.pauses));
    out.p50.push(worst(t.p50));
    out.p95.push(worst(t.p95));
    out.p99.push(worst(t.p99));
  }
  return out;
}
