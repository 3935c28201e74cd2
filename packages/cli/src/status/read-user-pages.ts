import type { UserSubscriptionGroupsResponse } from "@braze-subscriptions/client";
import { BrazeApiError, type UserGroupsPage } from "@braze-subscriptions/runtime";

/** Every page read, as one answer. */
export interface UsersRead {
  ok: true;
  /** Braze's first answer with the users of every page read. */
  data: UserSubscriptionGroupsResponse;
  /** Why fewer than `total_count` users were read, if they were. */
  short?: "limit" | "empty_page";
}

/** The pages read, or the refusal that stopped the reading (at the page from `offset`). */
export type UserPages = UsersRead | { ok: false; status: number; message: string; offset: number };

/**
 * Reads the pages of the runtime's `listUserGroups` (each a request of the read budget; given
 * `maxUsers` too, so it ends there) into one answer. Profiles sharing an email come back as
 * separate users, so one address can have more than a page of them. A page Braze refuses
 * ends it with the refusal; other errors (the connection) are thrown.
 */
export async function readUserPages(
  pages: AsyncIterable<UserGroupsPage>,
  maxUsers: number,
): Promise<UserPages> {
  let first: UserSubscriptionGroupsResponse | undefined;
  const users: UserSubscriptionGroupsResponse["users"] = [];
  try {
    for await (const { data } of pages) {
      first ??= data;
      users.push(...data.users);
      const total = data.total_count ?? users.length;
      if (users.length >= total) break;
      if (users.length >= maxUsers) return done(first, users, "limit");
    }
  } catch (error) {
    if (!(error instanceof BrazeApiError)) throw error;
    return { ok: false, status: error.status, message: error.brazeMessage, offset: users.length };
  }
  // The listing ends on an empty page too: short of Braze's count.
  const data = first ?? { users: [] };
  const short = users.length < (data.total_count ?? 0) ? "empty_page" : undefined;
  return done(data, users, short);
}

function done(
  first: UserSubscriptionGroupsResponse,
  users: UserSubscriptionGroupsResponse["users"],
  short?: UsersRead["short"],
): UsersRead {
  return { ok: true, data: { ...first, users }, ...(short === undefined ? {} : { short }) };
}
