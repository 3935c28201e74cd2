/**
 * Reads the `expectedCount` option of `setStatus`, `setStatusStream` and `planSetStatus`: a
 * size hint for the duplicate detector, so a wrong type is a caller's bug worth a TypeError.
 */
export function expectedCountOf(options: { expectedCount?: number }, where: string): number {
  const { expectedCount = 0 } = options;
  if (typeof expectedCount !== "number" || !Number.isFinite(expectedCount) || expectedCount < 0) {
    throw new TypeError(
      `${where}: options.expectedCount must be a finite number ≥ 0, got ${String(expectedCount)}`,
    );
  }
  return expectedCount;
}
