/** A span of the time axis, in epoch seconds: `[from, to]`. */
export type TimeSpan = readonly [number, number];

/**
 * Where the zoom buttons take the charts' time axis from `shown`, never outside `whole`
 * (the job's span, see `time-range.ts`) nor narrower than `minSpan` seconds.
 */
export interface ZoomMoves {
  /** Half as long, about the same middle. */
  in: TimeSpan;
  /** Twice as long, about the same middle, moved back inside the job. */
  out: TimeSpan;
  /** Half its length earlier. */
  earlier: TimeSpan;
  /** Half its length later. */
  later: TimeSpan;
  /** The whole job. */
  whole: TimeSpan;
}

/** The spans each zoom button would show next (see {@link ZoomMoves}). */
export function zoomMoves(shown: TimeSpan, whole: TimeSpan, minSpan: number): ZoomMoves {
  const length = shown[1] - shown[0];
  const middle = (shown[0] + shown[1]) / 2;
  const around = (newLength: number): TimeSpan => [middle - newLength / 2, middle + newLength / 2];
  return {
    in: inside(around(Math.max(minSpan, length / 2)), whole),
    out: inside(around(length * 2), whole),
    earlier: inside([shown[0] - length / 2, shown[1] - length / 2], whole),
    later: inside([shown[0] + length / 2, shown[1] + length / 2], whole),
    whole,
  };
}

/**
 * Whether two spans are the same to a millisecond: uPlot's scale round trip (pixels to
 * values) leaves differences far below what the axis shows.
 */
export function sameSpan(a: TimeSpan, b: TimeSpan): boolean {
  return Math.abs(a[0] - b[0]) < 1e-3 && Math.abs(a[1] - b[1]) < 1e-3;
}

/** `span` moved, not stretched, to lie inside `whole`; `whole` itself when it is as long. */
function inside(span: TimeSpan, whole: TimeSpan): TimeSpan {
  const length = span[1] - span[0];
  if (length >= whole[1] - whole[0]) return whole;
  const from = Math.min(Math.max(span[0], whole[0]), whole[1] - length);
  return [from, from + length];
}
