import { type Field, field, optionChecker } from "@braze-subscriptions/option-checks";

/** Whether `value` can stand for an `AbortSignal` (this realm's, another's, or a polyfill's). */
function isAbortSignal(value: unknown): value is AbortSignal {
  const signal = value as Partial<AbortSignal> | null;
  return (
    typeof signal === "object" &&
    signal !== null &&
    typeof signal.aborted === "boolean" &&
    typeof signal.addEventListener === "function"
  );
}

/** Whether `value` is what `preflight` takes: a boolean, or a check `runtime.preflight()` made. */
function isPreflightChoice(value: unknown): boolean {
  return (
    typeof value === "boolean" ||
    (typeof value === "object" &&
      value !== null &&
      typeof (value as { outcome?: unknown }).outcome === "string")
  );
}

const signal = field.satisfying(isAbortSignal, "an AbortSignal");
const callback = field.fn<unknown>(undefined);

/**
 * The value rules of the per-call options that several calls share (a call checks those among
 * its own names). Without them a bad value failed late: `onProgress: 5` after the first
 * request was sent, `signal: {}` with an internal message that named no option, and
 * `deduplicate: "no"` counted as true.
 */
const VALUE_RULES: Record<string, Field<unknown>> = {
  signal,
  stopSignal: signal,
  onProgress: callback,
  onPreflight: callback,
  onOutcome: callback,
  alreadySucceeded: callback,
  deduplicate: field.satisfying((v): v is boolean => typeof v === "boolean", "a boolean"),
  purpose: field.oneOf(["writes", "reads"], "writes"),
  preflight: field.satisfying(
    (v): v is boolean => isPreflightChoice(v),
    "a boolean or the check runtime.preflight() resolved with",
  ),
};

/**
 * Checks the options object of one call before anything is read or sent: a `TypeError` that
 * names the call and the option for a name outside `known` (a typo, openai-node's `timeout`)
 * and for a bad signal, callback or flag. Other values (`limit`, `timeoutMs`…) are checked
 * where they are read.
 */
export function checkCallOptions(call: string, options: object, known: readonly string[]): void {
  const check = optionChecker(call);
  const given = check.options(options, known) as Record<string, unknown>;
  for (const name of known) VALUE_RULES[name]?.(given[name], name, check);
}
