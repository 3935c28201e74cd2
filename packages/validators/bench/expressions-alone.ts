import { EMAIL, PHONE } from "./zod-schema.js";

// The floor under any exact validator of these bodies: each identifier's own check and
// nothing else: no object, no array rules, no cross-field rules, no result. Where that check
// is a regular expression, a validator can only approach this column, and zod's distance
// from it is the most any validator can gain over zod on that row. One loop per field, so
// each call site sees one check (a shared loop would pay for a polymorphic call).

interface IdentifierLists {
  external_id?: string[];
  email?: string[];
  phone?: string[];
}

/** Runs only the per-identifier checks of a body's identifier lists. Not a validator. */
export function expressionsAlone(body: unknown): boolean {
  const { external_id, email, phone } = body as IdentifierLists;
  let ok = true;
  if (external_id !== undefined)
    for (let i = 0; i < external_id.length; i++) {
      const value = external_id[i] as string;
      if (value.length < 1 || value.length > 512) ok = false;
    }
  if (email !== undefined)
    for (let i = 0; i < email.length; i++) if (!EMAIL.test(email[i] as string)) ok = false;
  if (phone !== undefined)
    for (let i = 0; i < phone.length; i++) if (!PHONE.test(phone[i] as string)) ok = false;
  return ok;
}
