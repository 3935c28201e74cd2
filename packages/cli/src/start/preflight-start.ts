import type { BrazeRuntime, PreflightCheck } from "@braze-subscriptions/runtime";
import type { InputRecord } from "../input/input-record.js";
import type { IdentifierSource } from "../input/open-identifier-source.js";

/**
 * Input records read ahead to find the job's first valid identifier. Far more than the
 * leading invalid rows of any real file; if none of them is valid, the runtime reads at its
 * first write instead.
 */
const PEEK_RECORDS = 100;

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
 * and before any write.
 */
export async function preflightStart(
  runtime: BrazeRuntime,
  subscriptionGroupId: string,
  source: IdentifierSource,
): Promise<PreflightStart> {
  const iterator = source.records[Symbol.asyncIterator]();
  const head: InputRecord[] = [];
  let ended = false;
  while (head.length < PEEK_RECORDS) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
  }
  const candidates = head.flatMap((record) => (record.kind === "identifier" ? [record.id] : []));
  const check = await runtime.preflight({ subscriptionGroupId, type: source.type, candidates });
  async function* records(): AsyncGenerator<InputRecord> {
    yield* head;
    if (ended) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { check, source: { ...source, records: records() } };
}
