/** `--max-failures`: a number of failed identifiers, or a percentage of the input's rows. */
export type FailureBound = { count: number } | { percent: number };

/**
 * Parses `--max-failures` values such as `500` or `2%` (`0.5%` too). Throws a `TypeError`
 * naming the flag, what it expects and what was given.
 */
export function parseFailureBound(text: string, flag = "--max-failures"): FailureBound {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed) && Number.isSafeInteger(Number(trimmed))) {
    return { count: Number(trimmed) };
  }
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(trimmed);
  if (percent && Number(percent[1]) <= 100) return { percent: Number(percent[1]) };
  throw new TypeError(
    `${flag} expects a number of identifiers (e.g. 500) or a percentage of the rows from 0% to 100% (e.g. 2%); got ${JSON.stringify(text)}`,
  );
}

/**
 * The bound in identifiers: a percentage applies to the input's row count, which a pipe does
 * not have (then `undefined`: the caller refuses it).
 */
export function failureBoundCount(
  bound: FailureBound,
  rows: number | undefined,
): number | undefined {
  if ("count" in bound) return bound.count;
  if (rows === undefined) return undefined;
  return Math.floor((bound.percent / 100) * rows);
}
