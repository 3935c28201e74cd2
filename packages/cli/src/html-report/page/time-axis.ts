import type uPlot from "uplot";
import { utcClock, utcDate, utcStamp } from "./utc-time.js";

/** The time axis's title, and the chart key's name for the time under the pointer. */
export const TIME_LABEL = "time (UTC)";

const DAY = 86_400;

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
  // "10:40:24" wants about 60 px: closer ticks ran their labels together.
  space: 80,
  incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, DAY],
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
