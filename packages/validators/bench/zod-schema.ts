import { z } from "zod";

// A hand-written zod 4 schema equivalent to SetSubscriptionStatusBody, the way a team would
// write it without a generator. The email expression is ajv-formats' (the one the spec's
// `format: email` means), so all three validators do the same work.
/** ajv-formats' `email` expression: what the spec's `format: email` means. */
export const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
/** The spec's `E164Phone` pattern. */
export const PHONE = /^\+[1-9]\d{1,14}$/u;

const externalId = z.string().min(1).max(512);
const email = z.string().min(3).max(254).regex(EMAIL);
const phone = z.string().max(16).regex(PHONE);
const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1).max(50)]);

/** The zod version of the request body. */
export const zodBody = z
  .strictObject({
    subscription_group_id: z.string().min(1).max(256),
    subscription_state: z.enum(["subscribed", "unsubscribed"]),
    external_id: oneOrMany(externalId).optional(),
    email: oneOrMany(email).optional(),
    phone: oneOrMany(phone).optional(),
    use_double_opt_in_logic: z.boolean().optional(),
  })
  .refine((b) => b.external_id !== undefined || b.email !== undefined || b.phone !== undefined, {
    message: "At least one of external_id, email or phone is required.",
  })
  .refine((b) => !(b.email !== undefined && b.phone !== undefined), {
    message: "Either an email address or a phone number should be provided, but not both.",
  });
