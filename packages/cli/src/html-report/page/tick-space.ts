/** Seconds in a UTC day: a step of a day or more labels its ticks with dates alone. */
export const DAY = 86_400;

/** Clear space between two neighbouring labels of the time axis, in CSS px. */
const GAP_PX = 16;

/** The widest label of each kind the time axis draws, in CSS px (see {@link timeTickSpace}). */
export interface TimeLabelWidths {
  /** `10:40:24`: ticks less than a minute apart. */
  seconds: number;
  /** `10:40`: ticks a minute apart or more. */
  minutes: number;
  /** `2026-12-05`: ticks a day apart, and the second line of a tick that starts a day. */
  date: number;
}

/**
 * How far apart (CSS px) the time axis's ticks must be over `[min, max]` (epoch seconds)
 * drawn `plotPx` wide: the pixels of the first step of `steps` whose labels fit with a gap
 * between them. uPlot then picks that step (its `space`: the least distance between ticks).
 * Why not one distance for every width: the axis kept 80 px, room for `10:40:24`, at every
 * step, so a phone's chart 190 px wide showed two ticks of a one-hour job (`13:30`, `14:00`)
 * where `13:15`-sized labels fit four. A span across a UTC midnight leaves room for the date
 * written under the tick that starts the day (it may stand next to the first tick's date).
 */
export function timeTickSpace(
  min: number,
  max: number,
  plotPx: number,
  steps: readonly number[],
  widths: TimeLabelWidths,
): number {
  const secondsPerPx = (max - min) / plotPx;
  const widest = Math.max(widths.seconds, widths.date) + GAP_PX;
  if (!(secondsPerPx > 0) || !Number.isFinite(secondsPerPx)) return widest;
  const crossesDay = Math.floor(min / DAY) !== Math.floor(max / DAY);
  for (const step of steps) {
    const label = step >= DAY ? widths.date : step >= 60 ? widths.minutes : widths.seconds;
    const needed = (crossesDay && step < DAY ? Math.max(label, widths.date) : label) + GAP_PX;
    const space = step / secondsPerPx;
    // A hair under the step's own pixels: uPlot compares its own product of the same numbers.
    if (space >= needed) return space * (1 - 1e-9);
  }
  return widest;
}
