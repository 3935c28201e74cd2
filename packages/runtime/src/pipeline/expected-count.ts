import { field, optionChecker } from "@braze-subscriptions/option-checks";

/**
 * Reads the `expectedCount` option of `setStatus`, `setStatusStream` and `planSetStatus`: a
 * size hint for the duplicate detector, so a wrong type is a caller's bug worth a TypeError.
 */
export function expectedCountOf(options: { expectedCount?: number }, where: string): number {
  return field.number({ min: 0, default: 0 })(
    options.expectedCount,
    "expectedCount",
    optionChecker(where),
  );
}
