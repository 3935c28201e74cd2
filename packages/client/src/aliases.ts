import type { components } from "./generated/types.gen.js";

type Schemas = components["schemas"];

/** The JSON body of `POST /subscription/status/set`. */
export type SetSubscriptionStatusBody = Schemas["SetSubscriptionStatusBody"];
/** `"subscribed"` or `"unsubscribed"`. */
export type SubscriptionState = Schemas["SubscriptionState"];
/** Braze's body on success (`{"message":"success"}`). */
export type SuccessResponse = Schemas["SuccessResponse"];
/** Braze's JSON error body (`{"message":"…","errors":[…]}`). */
export type ErrorResponse = Schemas["ErrorResponse"];
