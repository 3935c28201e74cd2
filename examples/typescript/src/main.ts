// Type-checked (never run) against the installed packages: the same flow as the ESM and
// CommonJS examples, written the way a TypeScript user would, with every type inferred.

import { parseRateLimit, type RateLimitRule } from "@braze-subscriptions/cli";
import {
  createClient,
  operationMetadata,
  type SetSubscriptionStatusBody,
  type SubscriptionState,
} from "@braze-subscriptions/client";
import { createBrazeRuntime, type SetStatusResult } from "@braze-subscriptions/runtime";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import {
  type ValidationIssue,
  validateSetSubscriptionStatusBody,
} from "@braze-subscriptions/validators";

export async function unsubscribeAll(emails: readonly string[]): Promise<SetStatusResult> {
  const fake: BrazeFake = await startBrazeFake({ apiKeys: ["consumer-key"] });
  try {
    const braze = createBrazeRuntime({ apiKey: "consumer-key", baseUrl: fake.url });
    const state: SubscriptionState = "unsubscribed";
    const result = await braze.setStatus({ subscriptionGroupId: "newsletter", state, emails });
    await braze.close();
    return result;
  } finally {
    await fake.close();
  }
}

export function check(input: unknown): SetSubscriptionStatusBody | ValidationIssue[] {
  const result = validateSetSubscriptionStatusBody(input);
  return result.ok ? result.value : result.errors;
}

export async function sendOne(
  apiKey: string,
  body: SetSubscriptionStatusBody,
): Promise<string | undefined> {
  const client = createClient({ apiKey, instance: "EU-01" });
  const { data, error } = await client.POST("/subscription/status/set", { body });
  // A proxy in front of Braze may answer with a non-JSON body, so an error can be a string.
  return data?.message ?? (typeof error === "string" ? error : error?.message);
}

/** A body built `as const`, or from readonly lists, is what the runtime's `send` takes too. */
export async function sendReadonly(ids: readonly string[]): Promise<number> {
  const braze = createBrazeRuntime({ apiKey: "consumer-key", instance: "EU-01" });
  const literal = {
    subscription_group_id: "newsletter",
    subscription_state: "unsubscribed",
    email: ["a@example.com", "b@example.com"],
  } as const;
  const first = await braze.send(literal);
  const second = await braze.send({
    subscription_group_id: "newsletter",
    subscription_state: "subscribed",
    external_id: ids,
  });
  await braze.close();
  return first.status + second.status;
}

export const cap: number =
  operationMetadata.setSubscriptionStatus.requestBody.listFields.email.maxItems;

/** The CLI's programmatic surface: its declarations must not name a package npm cannot install. */
export function perSecond(flag: string): number {
  const rule: RateLimitRule = parseRateLimit(flag);
  return (rule.limit * 1000) / rule.intervalMs;
}
