import type { SubscriptionState } from "@braze-subscriptions/client";
import { bundledSpec, deref, isObject } from "./bundled-spec.js";
import type { Route } from "./operations.js";

/** How reads spell states: the spec's enum of a read's `status` values (`Subscribed` …). */
export interface LookupStates {
  /** The read's spelling of a written state (`subscribed` → `Subscribed`). */
  of(state: SubscriptionState | undefined): string;
}

/**
 * Reads the enum of the values of the `status` map in `route`'s success response: each
 * written state maps to the value equal to it but for case, and "no state" to the value left
 * over (`Unknown`). Throws if the spec's response has no such enum.
 */
export function lookupStates(route: Route): LookupStates {
  const paths = isObject(bundledSpec) ? (bundledSpec.paths as Record<string, unknown>) : {};
  const operation = deref(
    (deref(paths[route.path]) as Record<string, unknown>)?.[route.method.toLowerCase()],
  );
  const responses = isObject(operation) ? (operation.responses as Record<string, unknown>) : {};
  const success = Object.entries(responses ?? {}).find(([status]) => /^2/.test(status))?.[1];
  const media = deref(success) as { content?: Record<string, { schema?: unknown }> } | undefined;
  const schema = deref(media?.content?.["application/json"]?.schema) as
    | { properties?: Record<string, unknown> }
    | undefined;
  const map = deref(schema?.properties?.status) as { additionalProperties?: unknown } | undefined;
  const values = (deref(map?.additionalProperties) as { enum?: unknown } | undefined)?.enum;
  if (!Array.isArray(values) || !values.every((v) => typeof v === "string")) {
    throw new Error(`spec: ${route.operationId}'s success response has no enum of states`);
  }
  const byLower = new Map(values.map((v: string) => [v.toLowerCase(), v]));
  const written = new Set(writtenStates().map((v) => v.toLowerCase()));
  const unknown = values.find((v: string) => !written.has(v.toLowerCase()));
  if (unknown === undefined) {
    throw new Error(`spec: ${route.operationId}'s states have no value for "no state"`);
  }
  return { of: (state) => (state === undefined ? unknown : (byLower.get(state) ?? state)) };
}

// The states a write sets: the enum of the v1 body's `subscription_state`.
function writtenStates(): string[] {
  const schemas = isObject(bundledSpec) ? (bundledSpec.components as Record<string, unknown>) : {};
  const body = deref((schemas?.schemas as Record<string, unknown>)?.SetSubscriptionStatusBody) as
    | { properties?: Record<string, unknown> }
    | undefined;
  const values = (deref(body?.properties?.subscription_state) as { enum?: unknown })?.enum;
  return Array.isArray(values) ? values.filter((v): v is string => typeof v === "string") : [];
}
