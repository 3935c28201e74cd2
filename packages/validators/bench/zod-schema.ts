import { fullFormats } from "ajv-formats/dist/formats.js";
import { z } from "zod";
import { batchSize, crossFieldMessage, schemaRule } from "./spec-facts.js";

// A zod 4 schema equivalent to SetSubscriptionStatusBody, its shape written by hand the way a
// team would without a generator. Limits, pattern, states and messages come from the spec,
// so it stays equivalent when the spec changes; the email expression is ajv-formats' (what
// the spec's `format: email` means), so all contenders do the same work.

// Only the bounds the schema states: a check zod need not make would slow it for nothing.
const string = (name: string) => {
  const min = schemaRule(name, "minLength") as number | undefined;
  const max = schemaRule(name, "maxLength") as number;
  return min === undefined ? z.string().max(max) : z.string().min(min).max(max);
};
const externalId = string("ExternalId");
const email = string("Email").regex(fullFormats.email as RegExp);
const phone = string("E164Phone").regex(
  new RegExp(schemaRule("E164Phone", "pattern") as string, "u"),
);
const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item).min(1).max(batchSize)]);

/** The zod version of the request body. */
export const zodBody = z
  .strictObject({
    subscription_group_id: string("SubscriptionGroupId"),
    subscription_state: z.enum(schemaRule("SubscriptionState", "enum") as [string, ...string[]]),
    external_id: oneOrMany(externalId).optional(),
    email: oneOrMany(email).optional(),
    phone: oneOrMany(phone).optional(),
    use_double_opt_in_logic: z.boolean().optional(),
  })
  .refine((b) => b.external_id !== undefined || b.email !== undefined || b.phone !== undefined, {
    message: crossFieldMessage("required"),
  })
  .refine((b) => !(b.email !== undefined && b.phone !== undefined), {
    message: crossFieldMessage("conflict"),
  });
