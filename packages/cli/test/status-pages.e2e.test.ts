import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { closedAfterAll } from "./support/closed-after-all.js";
import { runBin } from "./support/run-bin.js";

// Braze pages `GET /subscription/user/status` (`limit` users from `offset`, `total_count` in
// every answer), and profiles sharing an email come back as separate users: an address can
// have more than a page of them. The fake keeps one profile per identifier, so these tests
// answer from a server of their own that holds `profiles` users for one address.

const KEY = "status-pages-key-4d3c2b1a";
const EMAIL = "shared@example.com";

interface PagedServer {
  url: string;
  /** The `offset` and `limit` of each read, as sent (`limit` null when not sent). */
  reads: { offset: string | null; limit: string | null }[];
}

const servers = closedAfterAll();

/**
 * Answers with users `offset …` of `profiles` (at most `limit`, 100 when not sent, as
 * Braze), counting `totalCount` of them; `refuseFrom` answers `refuseWith` (400) from that offset on.
 */
async function pagedServer(
  profiles: number,
  options: { totalCount?: number; refuseFrom?: number; refuseWith?: number } = {},
): Promise<PagedServer> {
  const reads: PagedServer["reads"] = [];
  const server = createServer((req, res) => {
    const query = new URL(req.url ?? "/", "http://x").searchParams;
    reads.push({ offset: query.get("offset"), limit: query.get("limit") });
    const offset = Number(query.get("offset") ?? 0);
    const limit = Number(query.get("limit") ?? 100);
    if (options.refuseFrom !== undefined && offset >= options.refuseFrom) {
      const status = options.refuseWith ?? 400;
      res.writeHead(status, { "content-type": "application/json" });
      res.end(status === 400 ? '{"message":"Invalid offset"}' : '{"message":"Internal error"}');
      return;
    }
    const users = [];
    for (let i = offset; i < Math.min(profiles, offset + limit); i++) {
      users.push({
        external_id: `user-${i + 1}`,
        email: EMAIL,
        subscription_groups: [{ id: "news", status: "Unsubscribed" }],
      });
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({ users, total_count: options.totalCount ?? profiles, message: "success" }),
    );
  });
  servers.keep(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, reads };
}

const run = (server: PagedServer, ...flags: string[]) =>
  runBin(["status", EMAIL, ...flags], {
    env: { BRAZE_API_KEY: KEY, BRAZE_REST_URL: server.url },
  });

describe("status <identifier> over several pages", () => {
  it("reads every page, the offset moving on by the users each brought", async () => {
    const server = await pagedServer(250);
    const table = await run(server);
    expect(table.code).toBe(0);
    expect(table.stdout.match(/^user /gm)).toHaveLength(250);
    expect(table.stdout).toContain("user user-250 · shared@example.com");
    expect(table.stdout).not.toMatch(/users shown/);
    expect(server.reads).toEqual([
      { offset: "0", limit: null },
      { offset: "100", limit: null },
      { offset: "200", limit: null },
    ]);

    const json = await run(server, "--json");
    const answer = JSON.parse(json.stdout);
    expect(answer.users).toHaveLength(250);
    expect(answer.users.map((u: { external_id: string }) => u.external_id)).toEqual(
      Array.from({ length: 250 }, (_, i) => `user-${i + 1}`),
    );
    expect(answer).toMatchObject({ total_count: 250, message: "success" });
  });

  it("stops at --limit users, asking the last page for only what is left, and says how to read them all", async () => {
    const server = await pagedServer(250);
    const result = await run(server, "--limit", "120");
    expect(result.code).toBe(0);
    expect(result.stdout.match(/^user /gm)).toHaveLength(120);
    expect(result.stdout).toContain("(120 of 250 users shown: --limit 250 reads them all)");
    expect(server.reads).toEqual([
      { offset: "0", limit: null },
      { offset: "100", limit: "20" },
    ]);
  });

  it("stops at the default of 1,000 users: ten reads, however many Braze counts", async () => {
    const server = await pagedServer(1_500);
    const result = await run(server);
    expect(result.stdout).toContain("(1,000 of 1,500 users shown: --limit 1500 reads them all)");
    expect(server.reads).toHaveLength(10);
  });

  it("stops at an empty page where Braze counted more, and says so", async () => {
    const server = await pagedServer(150, { totalCount: 400 });
    const result = await run(server);
    expect(result.code).toBe(0);
    expect(result.stdout.match(/^user /gm)).toHaveLength(150);
    expect(result.stdout).toContain("(150 of 400 users shown: Braze's next page was empty)");
    expect(server.reads.map((r) => r.offset)).toEqual(["0", "100", "150"]);
  });

  it("exits 3 naming the page Braze refused, and prints no partial table", async () => {
    const server = await pagedServer(250, { refuseFrom: 100 });
    const result = await run(server);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/HTTP 400 on the page from user 101: Invalid offset/);
    expect(result.stderr).not.toContain(KEY);
  });

  it("exits 3 when the first page is refused with a 400, naming it, nothing printed on stdout", async () => {
    const server = await pagedServer(50, { refuseFrom: 0 });
    const result = await run(server);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("status: Braze answered HTTP 400: Invalid offset\n");
    expect(server.reads).toHaveLength(1);
  });

  it("exits 3 when the first page keeps getting a 500: retried --max-retries times, then named", async () => {
    const server = await pagedServer(50, { refuseFrom: 0, refuseWith: 500 });
    // (Without the flag, the runtime's 8 attempts and their backoff took about 25 s here.)
    const result = await run(server, "--max-retries", "2");
    expect(result.code).toBe(3);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe("status: Braze answered HTTP 500: Internal error\n");
    expect(server.reads).toHaveLength(3);
  });

  it("refuses a --limit below 1 before any read", async () => {
    const server = await pagedServer(10);
    const result = await run(server, "--limit", "0");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--limit must be an integer ≥ 1, got "0"/);
    expect(server.reads).toHaveLength(0);
  });
});
