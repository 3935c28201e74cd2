import { lookupStates } from "../spec/lookup-states.js";
import { type Route, routes } from "../spec/operations.js";
import { listsOf } from "./identifiers.js";
import type { SubscriptionStore } from "./subscription-store.js";

/** Builds the JSON answer of a read from a validated query, at `now`. */
export type ReadAnswer = (query: Record<string, unknown>, now: number) => string;

/**
 * How the fake answers each read of the spec, from the same store the writes fill (with the
 * store's apply delay). `getSubscriptionStatus`: the state of each identifier, keyed as sent,
 * of the first identifier kind given (Braze looks up only external ids when others come
 * too). `getUserSubscriptionGroups`: one user per identifier that has a state in some group
 * (the fake has no profiles linking external ids, emails and phones), paged by
 * `limit`/`offset`.
 */
export function readAnswerer(
  route: Route,
  store: SubscriptionStore,
  successBody: string,
): ReadAnswer {
  const message = (JSON.parse(successBody) as { message?: unknown })?.message ?? "success";
  const slots = route.query?.slots ?? [];
  // Both reads spell states as the status read's response enum does (`Subscribed` …).
  const states = lookupStates(
    routes.find((r) => r.operationId === "getSubscriptionStatus") as Route,
  );
  switch (route.operationId) {
    case "getSubscriptionStatus": {
      return (query, now) => {
        const [first] = listsOf(query, slots);
        if (first === undefined) return JSON.stringify({ status: {}, message });
        const group = String(query.subscription_group_id);
        // fromEntries defines own keys: an assignment would drop an id named `__proto__`.
        const status = Object.fromEntries(
          first.ids.map((id) => [id, states.of(store.read(group, first.field, id, now))]),
        );
        return JSON.stringify({ status, message });
      };
    }
    case "getUserSubscriptionGroups": {
      const parameters = route.query?.parameters ?? {};
      return (query, now) => {
        const users: unknown[] = [];
        for (const { field, ids } of listsOf(query, slots)) {
          for (const id of ids) {
            const groups = store.readGroups(field, id, now);
            if (groups.length === 0) continue;
            users.push({
              [field]: id,
              subscription_groups: groups.map(({ groupId, state }) => ({
                id: groupId,
                status: states.of(state),
              })),
            });
          }
        }
        const offset = Number(query.offset ?? parameters.offset?.default ?? 0);
        const limit = Number(query.limit ?? parameters.limit?.default ?? users.length);
        return JSON.stringify({
          users: users.slice(offset, offset + limit),
          total_count: users.length,
          message,
        });
      };
    }
    default:
      throw new Error(`the fake does not know how to answer ${route.operationId}`);
  }
}
