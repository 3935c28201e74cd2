import type { BrazeRuntime, PreflightCheck } from "@braze-subscriptions/runtime";
import type { InputRecord } from "../input/input-record.js";
import type { IdentifierSource } from "../input/open-identifier-source.js";
import { peek } from "../input/peek.js";

/**
 * Input records read ahead to find the job's first valid identifier. Far more than the
 * leading invalid rows of any real file; if none of them is valid, the runtime reads at its
 * first write instead.
 */
export const PEEK_RECORDS = 100;

/** The preflight read, made before the start block, and the source to read from afterwards. */
export interface PreflightStart {
  /** `undefined` when no valid identifier was among the first records. */
  check: PreflightCheck | undefined;
  /** The same source: the records read ahead come first again. */
  source: IdentifierSource;
}

/**
 * Reads the first records of the input and asks the runtime's preflight read about them, so
 * that a wrong key, instance or group is known before the start block and before any write.
 * `groupOf` gives a record's group (`undefined` for a row the job would not send). A job of
 * one group reads it for its first valid identifier; a multi-group job (`rows`) hands the
 * runtime its first rows with their groups, which reads the first group and, while Braze
 * refuses groups alone, the next ones (`refusedGroups`: only their rows stop).
 */
export async function preflightStart(
  runtime: BrazeRuntime,
  groupOf: (record: InputRecord & { kind: "identifier" }) => string | undefined,
  source: IdentifierSource,
  rows: boolean,
): Promise<PreflightStart> {
  const { head, all } = await peek(source.records, PEEK_RECORDS);
  const { type } = source;
  const candidates = head.flatMap((record) => {
    const group = record.kind === "identifier" ? groupOf(record) : undefined;
    return group === undefined || group === ""
      ? []
      : [{ subscriptionGroupId: group, type, id: (record as { id: string }).id }];
  });
  const first = candidates[0]?.subscriptionGroupId;
  const check =
    first === undefined
      ? undefined
      : await runtime.preflight(
          rows
            ? { rows: candidates }
            : {
                subscriptionGroupId: first,
                type,
                candidates: candidates.map((candidate) => candidate.id),
              },
        );
  return { check, source: { ...source, records: all } };
}
