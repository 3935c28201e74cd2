import { describe, expect, it } from "vitest";
import { SystematicFailureDetector } from "../src/fail-fast/systematic-failure-detector.js";
import type { SendVerdict } from "../src/http/send-verdict.js";
import type { FailureInfo } from "../src/vocabulary/outcome.js";

const ok: SendVerdict = { ok: true, status: 201, attempts: 1 };
const refused = (message: string, status = 400): SendVerdict => ({
  ok: false,
  attempts: 1,
  fatal: status === 401 || status === 403 || status === 404,
  error: { status, code: `http_${status}`, message },
});
const transient: SendVerdict = {
  ok: false,
  attempts: 8,
  fatal: false,
  error: {
    status: 503,
    code: "retries_exhausted",
    message: "busy (HTTP 503, gave up after 8 attempts)",
  },
};
const timeout: SendVerdict = {
  ok: false,
  attempts: 1,
  fatal: false,
  error: { code: "timeout", message: "No answer" },
};

/** Feeds results in order; returns the index (0-based) of the one that made it systematic. */
function stopsAt(consecutive: number, results: SendVerdict[]): number | undefined {
  const detector = new SystematicFailureDetector(consecutive);
  const at = results.findIndex((result) => detector.record(result) !== undefined);
  return at < 0 ? undefined : at;
}

const loginPage: SendVerdict = {
  ok: false,
  attempts: 2,
  fatal: false,
  error: {
    status: 200,
    code: "unexpected_response",
    message: "Unexpected answer (HTTP 200, text/html): the API documents no such answer",
  },
};
const redirect: SendVerdict = {
  ok: false,
  attempts: 1,
  fatal: true,
  error: { status: 302, code: "unexpected_response", message: "a redirect to sso.example" },
};
const bad = refused("Invalid subscription group");
const other = refused("Invalid email");

describe("SystematicFailureDetector", () => {
  it.each<[string, { consecutive: number; results: SendVerdict[]; want: number | undefined }]>([
    ["a 401 at once", { consecutive: 10, results: [refused("Invalid key", 401)], want: 0 }],
    ["a 403 after successes", { consecutive: 10, results: [ok, ok, refused("no", 403)], want: 2 }],
    ["a 404 at once", { consecutive: 10, results: [refused("Not found", 404)], want: 0 }],
    ["a redirect at once", { consecutive: 10, results: [ok, redirect], want: 1 }],
    [
      "the same wrong 2xx (a login page) on the first two requests",
      { consecutive: 10, results: [loginPage, loginPage], want: 1 },
    ],
    [
      "a wrong 2xx between successes: never",
      { consecutive: 10, results: [ok, loginPage, ok, loginPage], want: undefined },
    ],
    [
      "the first request's refusal repeated by the next",
      { consecutive: 10, results: [bad, bad], want: 1 },
    ],
    [
      "one first refusal, then a success: never",
      { consecutive: 10, results: [bad, ok, bad, ok], want: undefined },
    ],
    [
      "two first refusals with different messages: not yet",
      { consecutive: 10, results: [bad, other, ok], want: undefined },
    ],
    [
      "a different status, same message, is a different answer",
      {
        consecutive: 10,
        results: [bad, refused("Invalid subscription group", 413), ok],
        want: undefined,
      },
    ],
    [
      "after a success, K identical refusals",
      { consecutive: 3, results: [ok, bad, bad, bad], want: 3 },
    ],
    [
      "after a success, K − 1 identical refusals: not",
      { consecutive: 3, results: [ok, bad, bad, ok, bad, bad], want: undefined },
    ],
    [
      "a success breaks the streak",
      { consecutive: 3, results: [ok, bad, bad, ok, bad, bad, bad], want: 6 },
    ],
    [
      "a different answer breaks the streak",
      { consecutive: 3, results: [ok, bad, bad, other, bad, bad, bad], want: 6 },
    ],
    [
      "retries exhausted break the streak and never count",
      {
        consecutive: 3,
        results: [ok, bad, bad, transient, bad, bad, transient, transient, transient],
        want: undefined,
      },
    ],
    [
      "a timeout is not a refusal",
      { consecutive: 2, results: [timeout, timeout, timeout], want: undefined },
    ],
    [
      "one bad request in every 20 never stops (K=10)",
      {
        consecutive: 10,
        results: Array.from({ length: 2000 }, (_, i) => (i % 20 === 7 ? other : ok)),
        want: undefined,
      },
    ],
    ["consecutive 1: the first refusal stops", { consecutive: 1, results: [bad], want: 0 }],
  ])("%s", (_name, { consecutive, results, want }) => {
    expect(stopsAt(consecutive, results)).toBe(want);
  });

  it("reports the rule, the repeated error and the streak", () => {
    const detector = new SystematicFailureDetector(3);
    expect(detector.proven).toBe(false);
    detector.record(ok);
    expect(detector.proven).toBe(true);
    detector.record(bad);
    detector.record(bad);
    expect(detector.record(bad)).toEqual({
      rule: "consecutive",
      requests: 3,
      error: (bad as { error: FailureInfo }).error,
    });
    const fresh = new SystematicFailureDetector(3);
    fresh.record(bad);
    expect(fresh.record(bad)).toMatchObject({ rule: "first_requests", requests: 2 });
  });
});
