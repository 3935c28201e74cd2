import { batchSize } from "./spec-facts.js";

// The request bodies the benchmark validates: full batches, as the runtime sends them.
const ids = (make: (i: number) => string) => Array.from({ length: batchSize }, (_, i) => make(i));

/** Named bodies, each a realistic full batch. */
export const bodies: Record<string, unknown> = {
  [`${batchSize} external ids`]: {
    subscription_group_id: "4d1b8a62-2f4c-4a8e-9a55-0c3f1f3a7b21",
    subscription_state: "subscribed",
    external_id: ids((i) => `user-${100_000 + i}`),
  },
  [`${batchSize} emails`]: {
    subscription_group_id: "4d1b8a62-2f4c-4a8e-9a55-0c3f1f3a7b21",
    subscription_state: "unsubscribed",
    email: ids((i) => `first.last+${i}@mail.example.com`),
  },
  [`${batchSize} phones`]: {
    subscription_group_id: "4d1b8a62-2f4c-4a8e-9a55-0c3f1f3a7b21",
    subscription_state: "subscribed",
    phone: ids((i) => `+1555${String(1_000_000 + i)}`),
    use_double_opt_in_logic: true,
  },
  // One bad address at the end of a full batch: the common failure in bulk jobs.
  [`invalid (${batchSize - 1} emails + 1 bad)`]: {
    subscription_group_id: "4d1b8a62-2f4c-4a8e-9a55-0c3f1f3a7b21",
    subscription_state: "unsubscribed",
    email: [
      ...ids((i) => `first.last+${i}@mail.example.com`).slice(0, batchSize - 1),
      "not an email",
    ],
  },
};
