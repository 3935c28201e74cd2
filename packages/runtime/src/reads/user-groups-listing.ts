import {
  type BrazeClient,
  type GetUserSubscriptionGroupsQuery,
  operationMetadata,
  type UserSubscriptionGroupsResponse,
} from "@braze-subscriptions/client";
import { field, optionChecker } from "@braze-subscriptions/option-checks";
import { queryValidators } from "@braze-subscriptions/validators";
import { apiErrorFor } from "../errors/api-errors.js";
import { redact, redactValue } from "../errors/redact.js";
import { BrazeValidationError } from "../errors/transport-errors.js";
import { attemptsOf } from "../http/attempts.js";
import type { Semaphore } from "../http/semaphore.js";
import { headerRecord } from "../http/send-body.js";
import { type CallOverrides, optionNames } from "../options/call-overrides.js";
import { linkedSignal } from "../signals/linked-signal.js";

const operation = operationMetadata.getUserSubscriptionGroups;

/** Braze's page size when no `limit` is sent (the spec's default, also its most). */
const PAGE_SIZE = operation.query.parameters.limit.default;

/**
 * Who to look up, as `GET /subscription/user/status` takes it (external ids, or an email, or
 * a phone), and `limit`: the page size (users per request; the spec's default and most when
 * left out). `offset` is the listing's own.
 */
export type UserGroupsQuery = Omit<GetUserSubscriptionGroupsQuery, "offset">;

/** One user profile with its subscription groups, as Braze answers it. */
export type UserGroupsUser = UserSubscriptionGroupsResponse["users"][number];

/** One page of the listing: one request's answer. */
export interface UserGroupsPage {
  /**
   * Braze's answer as it came: `users` with their groups, and `total_count` (how many users
   * the lookup finds over all pages) when sent.
   */
  data: UserSubscriptionGroupsResponse;
  /** Users before this page (the request's `offset`). */
  offset: number;
  /** Attempts the request took. */
  attempts: number;
}

/** Per-call options of {@link listUserGroups}; `timeoutMs` and `retry` override the runtime's. */
export interface ListUserGroupsOptions extends CallOverrides {
  /** Aborts the page being read (and waiting for the budget); the listing then throws. */
  signal?: AbortSignal;
  /**
   * The most users to read: the listing ends there, its last page asking only for what is
   * left (`limit`). @default no bound: every user the lookup finds
   */
  maxUsers?: number;
}

/** Every option of {@link ListUserGroupsOptions}; others are refused. */
export const listUserGroupsOptionNames = optionNames<ListUserGroupsOptions>({
  signal: true,
  maxUsers: true,
  timeoutMs: true,
  retry: true,
});

/**
 * Every user a lookup finds, page after page: `for await (const user of listing)`, or
 * `listing.pages()` for the pages themselves. A page is read only when the loop reaches it,
 * so leaving the loop early (`break`) spends no more of the read budget.
 */
export interface UserGroupsListing extends AsyncIterable<UserGroupsUser> {
  /** The same listing, one page (one request) at a time. */
  pages(): AsyncIterable<UserGroupsPage>;
}

/** What the listing reads with: a client on the reads' budget, the runtime's concurrency. */
export interface UserGroupsReader {
  client: BrazeClient;
  semaphore: Semaphore;
  apiKey: string;
}

/**
 * Lists the users of `query` with their subscription groups (`GET /subscription/user/status`),
 * moving `offset` on by the users each page brought until `total_count` are read, a page
 * comes back empty, or (without a `total_count`) after the first page. The query is checked
 * with the generated validator at once: a bad one throws `BrazeValidationError` before any
 * request. A page Braze refuses throws the `BrazeApiError` subclass of its status (after the
 * runtime's retries), with the key scrubbed from its body and headers.
 */
export function listUserGroups(
  reader: UserGroupsReader,
  query: UserGroupsQuery,
  options: ListUserGroupsOptions = {},
): UserGroupsListing {
  const checked = queryValidators[operation.operationId]?.({ ...query, offset: 0 });
  if (checked !== undefined && !checked.ok) {
    const list = checked.errors.map((issue) => `${issue.path || "(query)"} ${issue.message}`);
    throw new BrazeValidationError(
      redact(`listUserGroups: invalid query: ${list.join("; ")}`, reader.apiKey),
      checked.errors,
    );
  }
  // Infinity, as when it is not given: no bound.
  const maxUsers =
    options.maxUsers === Number.POSITIVE_INFINITY
      ? options.maxUsers
      : field.integer({ min: 1, default: Number.POSITIVE_INFINITY })(
          options.maxUsers,
          "maxUsers",
          optionChecker("listUserGroups"),
        );
  const pages = () => readPages(reader, { ...query }, maxUsers, options.signal);
  return {
    pages,
    async *[Symbol.asyncIterator]() {
      for await (const page of pages()) yield* page.data.users;
    },
  };
}

async function* readPages(
  reader: UserGroupsReader,
  query: UserGroupsQuery,
  maxUsers: number,
  signal: AbortSignal | undefined,
): AsyncGenerator<UserGroupsPage> {
  const pageSize = query.limit ?? PAGE_SIZE;
  for (let offset = 0; ; ) {
    // A last page asks only for what is left (a full page leaves `limit` as it was given).
    const left = maxUsers - offset;
    const limit = left < pageSize ? { limit: left } : {};
    const page = await readPage(reader, { ...query, ...limit, offset }, signal);
    const users = page.data.users.slice(0, left);
    yield users.length === page.data.users.length
      ? page
      : { ...page, data: { ...page.data, users } };
    const total = page.data.total_count;
    offset += users.length;
    // Without a count there is no telling that a next page exists; an empty page ends it too.
    if (total === undefined || offset >= total || offset >= maxUsers || users.length === 0) return;
  }
}

function readPage(
  { client, semaphore, apiKey }: UserGroupsReader,
  query: GetUserSubscriptionGroupsQuery,
  signal: AbortSignal | undefined,
): Promise<UserGroupsPage> {
  return semaphore.run(async () => {
    const link = linkedSignal(signal);
    const { data, error, response } = await client
      .GET(operation.path as "/subscription/user/status", {
        params: { query },
        signal: link.signal,
      })
      .finally(link.release);
    const attempts = attemptsOf(response);
    if (!response.ok || data === undefined) {
      throw apiErrorFor({
        status: response.status,
        headers: headerRecord(response.headers, apiKey),
        body: redactValue(error, apiKey),
        attempts,
      });
    }
    return { data, offset: query.offset ?? 0, attempts };
  }, signal);
}
