import {
  operationMetadata,
  type UserSubscriptionGroupsResponse,
} from "@braze-subscriptions/client";

const read = operationMetadata.getUserSubscriptionGroups;

/** Braze's page size when no `limit` is sent (the spec's default, also its most). */
const PAGE_SIZE = read.query.parameters.limit.default;

/** One page asked for: `offset`, and `limit` when fewer than a page are wanted. */
export interface PageQuery {
  offset: number;
  limit?: number;
}

/** A page's answer: Braze's body, or why there is none (the HTTP status and its message). */
export type PageAnswer =
  | { ok: true; data: UserSubscriptionGroupsResponse }
  | { ok: false; status: number; message: string };

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
 * Reads the pages of `GET /subscription/user/status` one after another (each a request of
 * the read budget), `offset` moving on by the users each page brought, until `total_count`
 * users are read, `maxUsers` are, or a page comes back empty. Profiles sharing an email come
 * back as separate users, so one address can have more than a page of them.
 */
export async function readUserPages(
  readPage: (query: PageQuery) => Promise<PageAnswer>,
  maxUsers: number,
): Promise<UserPages> {
  let first: UserSubscriptionGroupsResponse | undefined;
  const users: UserSubscriptionGroupsResponse["users"] = [];
  for (;;) {
    const wanted = maxUsers - users.length;
    const query = { offset: users.length, ...(wanted < PAGE_SIZE ? { limit: wanted } : {}) };
    const answer = await readPage(query);
    if (!answer.ok) return { ...answer, offset: query.offset };
    first ??= answer.data;
    users.push(...answer.data.users);
    const total = answer.data.total_count;
    // Without a count there is no telling that a next page exists.
    if (total === undefined || users.length >= total) return done(first, users);
    if (users.length >= maxUsers) return done(first, users.slice(0, maxUsers), "limit");
    if (answer.data.users.length === 0) return done(first, users, "empty_page");
  }
}

function done(
  first: UserSubscriptionGroupsResponse,
  users: UserSubscriptionGroupsResponse["users"],
  short?: UsersRead["short"],
): UsersRead {
  return { ok: true, data: { ...first, users }, ...(short === undefined ? {} : { short }) };
}
