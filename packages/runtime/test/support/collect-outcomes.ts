import type { BatchResult, Outcome } from "../../src/index.js";

/** Every outcome of a stream's batches, in the order the batches came. */
export async function collectOutcomes(stream: AsyncIterable<BatchResult>): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for await (const batch of stream) outcomes.push(...batch.outcomes);
  return outcomes;
}
