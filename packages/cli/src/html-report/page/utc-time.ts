/**
 * Times as the page writes them: UTC, whatever the viewer's time zone, in ISO order
 * (`2026-12-05 10:40:24`). They are read from `toISOString`, never from a `Date`'s local
 * getters: uPlot's own UTC shift (`tzDate`) moves a date by the viewer's offset and so was an
 * hour off for hours around a daylight-saving change in the viewer's zone.
 */

/** `2026-12-05`: the UTC date of `seconds` (epoch seconds). */
export function utcDate(seconds: number): string {
  return iso(seconds).slice(0, 10);
}

/** `10:40:24`, or `10:40` without seconds: the UTC time of day of `seconds`. */
export function utcClock(seconds: number, withSeconds = true): string {
  return iso(seconds).slice(11, withSeconds ? 19 : 16);
}

/** `2026-12-05 10:40:24`: the UTC date and time of `seconds`, to the second below. */
export function utcStamp(seconds: number): string {
  return `${utcDate(seconds)} ${utcClock(seconds)}`;
}

/**
 * `2026-12-05 10:40:20 to 10:40:30 UTC`, or with both dates when the span crosses midnight
 * (UTC): a span of the time axis in words.
 */
export function utcSpan(from: number, to: number): string {
  const end = utcDate(from) === utcDate(to) ? utcClock(to) : utcStamp(to);
  return `${utcStamp(from)} to ${end} UTC`;
}

function iso(seconds: number): string {
  return new Date(Math.floor(seconds) * 1000).toISOString();
}
