import type uPlot from "uplot";
import { DAY, type TimeLabelWidths, timeTickSpace } from "./tick-space.js";
import { utcClock, utcDate, utcStamp } from "./utc-time.js";

/** The time axis's title, and the chart key's name for the time under the pointer. */
export const TIME_LABEL = "time (UTC)";

/** The steps ticks may be apart, in seconds: whole seconds, minutes, hours or days. */
// biome-ignore format: a row of numbers reads better than a column of them.
const STEPS = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10_800, 21_600, 43_200, DAY];

/** uPlot's axis font (its default, which the page keeps): what the labels are measured in. */
const AXIS_FONT =
  '12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif';

let measured: TimeLabelWidths | undefined;

/** The widths of the labels' longest forms, measured once in the axis's font. */
function labelWidths(): TimeLabelWidths {
  if (measured !== undefined) return measured;
  const context = document.createElement("canvas").getContext("2d");
  // No canvas (it cannot happen where uPlot draws): about 7 px a character.
  const width = (text: string) => {
    if (context === null) return 7 * text.length;
    context.font = AXIS_FONT;
    return Math.ceil(context.measureText(text).width);
  };
  measured = { seconds: width("00:00:00"), minutes: width("00:00"), date: width("0000-00-00") };
  return measured;
}

/**
 * The time axis of both charts, in UTC whatever the viewer's zone: uPlot's own labels read
 * `12/5/26 10:40am` (a US date and a 12-hour clock, with no zone) on a page that says its
 * times are UTC. Tick steps are whole seconds at least, as the timeline records them (uPlot's
 * own steps labelled a 10 s job's axis ":53.500 :54.000 …"); ticks fall on whole UTC
 * seconds, minutes, hours or days (multiples of the step since the epoch, which began at a
 * UTC midnight); the date is written under the first tick and under each that starts a day.
 */
export const timeAxis: uPlot.Axis = {
  label: TIME_LABEL,
  labelSize: 20,
  font: AXIS_FONT,
  // As close as the labels of the step allow (see `timeTickSpace`): a fixed 80 px left a
  // phone's chart two ticks.
  space: (_u, _axis, min, max, plotPx) => timeTickSpace(min, max, plotPx, STEPS, labelWidths()),
  incrs: STEPS,
  splits: (_u, _axis, min, max, step) => {
    const ticks: number[] = [];
    for (let tick = Math.ceil(min / step) * step; tick <= max; tick += step) ticks.push(tick);
    return ticks;
  },
  values: (_u, ticks, _axis, _space, step) =>
    ticks.map((tick, index) => {
      const date = utcDate(tick);
      if (step >= DAY) return date;
      const clock = utcClock(tick, step < 60);
      const startsDay = index === 0 || utcDate(ticks[index - 1] as number) !== date;
      return startsDay ? `${clock}\n${date}` : clock;
    }),
};

/** The x series: the time under the pointer, as the chart's key shows it (UTC, to the second). */
export const timeSeries: uPlot.Series = {
  label: TIME_LABEL,
  value: (_u, seconds) => (seconds === null ? "--" : utcStamp(seconds)),
};
