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
 * Reads the first records of the input and asks the runtime's preflight read about the first
 * valid identifier, so that a wrong key, instance or group is known before the start block
 * and before any write. `groupOf` gives a record's group: the job's one, or (a multi-group
 * job) the row's own; the read is made for the first record's group, with the identifiers of
 * that group among the first records.
 */
export async function preflightStart(
  runtime: BrazeRuntime,
  groupOf: (record: InputRecord & { kind: "identifier" }) => string | undefined,
  source: IdentifierSource,
): Promise<PreflightStart> {
  const { head, all } = await peek(source.records, PEEK_RECORDS);
  const rows = head.flatMap((record) => {
    const group = record.kind === "identifier" ? groupOf(record) : undefined;
    return group === undefined || group === ""
      ? []
      : [{ group, id: (record as { id: string }).id }];
  });
  const subscriptionGroupId = rows[0]?.group;
  const check =
    subscriptionGroupId === undefined
      ? undefined
      : await runtime.preflight({
          subscriptionGroupId,
          type: source.type,
          candidates: rows.filter((row) => row.group === subscriptionGroupId).map((row) => row.id),
        });
  return { check, source: { ...source, records: all } };
}
