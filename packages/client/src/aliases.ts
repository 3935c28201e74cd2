import type { components, operations } from "./generated/types.gen.js";

type Schemas = components["schemas"];

/** The JSON body of `POST /subscription/status/set`. */
export type SetSubscriptionStatusBody = Schemas["SetSubscriptionStatusBody"];
/** `"subscribed"` or `"unsubscribed"`. */
export type SubscriptionState = Schemas["SubscriptionState"];
/** Braze's body on success (`{"message":"success"}`). */
export type SuccessResponse = Schemas["SuccessResponse"];
/** Braze's JSON error body (`{"message":"…","errors":[…]}`). */
export type ErrorResponse = Schemas["ErrorResponse"];
/** The JSON body of `POST /v2/subscription/status/set`: several groups in one request. */
export type SetSubscriptionStatusV2Body = Schemas["SetSubscriptionStatusV2Body"];
/** One group of a v2 body: its id, the state, and its users. */
export type SubscriptionGroupUpdate = Schemas["SubscriptionGroupUpdate"];
/** A state as reads return it: `"Subscribed"`, `"Unsubscribed"` or `"Unknown"`. */
export type LookupState = Schemas["LookupState"];
/** Braze's body for `GET /subscription/status/get`: identifier (as sent) → state. */
export type SubscriptionStatusResponse = Schemas["SubscriptionStatusResponse"];
/** Braze's body for `GET /subscription/user/status`: users with their groups. */
export type UserSubscriptionGroupsResponse = Schemas["UserSubscriptionGroupsResponse"];
/** The query of `GET /subscription/status/get`. */
export type GetSubscriptionStatusQuery = NonNullable<
  operations["getSubscriptionStatus"]["parameters"]["query"]
>;
/** The query of `GET /subscription/user/status`. */
export type GetUserSubscriptionGroupsQuery = NonNullable<
  operations["getUserSubscriptionGroups"]["parameters"]["query"]
>;
