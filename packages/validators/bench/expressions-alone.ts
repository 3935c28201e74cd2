import { isE164Phone, isEmail, isExternalId } from "../src/index.js";

// The floor under any exact validator of these bodies: each identifier's own check and
// nothing else: no object, no array rules, no cross-field rules, no result. The checks are
// the fastest exact ones we have found (`isEmail`, `isE164Phone`, `isExternalId`, generated
// from the same schemas; see the README for what else was tried), so a validator can only
// approach this column, and zod's distance from it bounds what any validator can gain over
// zod on that row. One loop per field, so each call site sees one check (a shared loop
// would pay for a polymorphic call).

interface IdentifierLists {
  external_id?: unknown[];
  email?: unknown[];
  phone?: unknown[];
}

/** Runs only the per-identifier checks of a body's identifier lists. Not a validator. */
export function expressionsAlone(body: unknown): boolean {
  const { external_id, email, phone } = body as IdentifierLists;
  let ok = true;
  if (external_id !== undefined)
    for (let i = 0; i < external_id.length; i++) if (!isExternalId(external_id[i])) ok = false;
  if (email !== undefined)
    for (let i = 0; i < email.length; i++) if (!isEmail(email[i])) ok = false;
  if (phone !== undefined)
    for (let i = 0; i < phone.length; i++) if (!isE164Phone(phone[i])) ok = false;
  return ok;
}
