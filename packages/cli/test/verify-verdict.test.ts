import { describe, expect, it } from "vitest";
import { emptySummary, summaryText, type VerifySummary } from "../src/verify/verify-summary.js";

const options = { settleMs: 0, report: undefined, subscriptionGroupId: "g", state: "unsubscribed" };

function verdict(
  counts: Partial<VerifySummary>,
  firstFailure?: { code: string; message: string; status?: number },
) {
  const summary = { ...emptySummary(), ...counts };
  summary.total =
    summary.matches +
    summary.differs +
    summary.unknown +
    summary.invalid +
    summary.failed +
    summary.duplicates;
  return summaryText(summary, "in.csv", { ...options, firstFailure }, undefined, undefined).split(
    "\n",
  )[0];
}

// Lines that could not be read say nothing of their state: counting them as "not
// unsubscribed" read, to an ops person proving opt-outs landed, as opt-outs missing.
describe("verify's verdict", () => {
  it("every line matching", () => {
    expect(verdict({ matches: 5, duplicates: 1 })).toBe(
      "verify: every line of in.csv is unsubscribed in group g",
    );
  });

  it("lines whose state differs or is unknown", () => {
    expect(verdict({ matches: 5, differs: 2, unknown: 1 })).toBe(
      "verify: 3 of 8 lines of in.csv are not unsubscribed in group g",
    );
  });

  it("lines that could not be read are told apart, with the first one's reason", () => {
    const failure = { code: "http_503", message: "Service Unavailable", status: 503 };
    expect(verdict({ failed: 2 }, failure)).toBe(
      "verify: 2 of 2 lines of in.csv could not be read (HTTP 503: Service Unavailable): rerun to verify them",
    );
    expect(verdict({ matches: 5, differs: 1, failed: 2 }, failure)).toBe(
      "verify: 1 of 8 lines of in.csv are not unsubscribed in group g; 2 more could not be read (HTTP 503: Service Unavailable): rerun to verify them",
    );
    expect(
      verdict({ matches: 1, failed: 1 }, { code: "timeout", message: "no answer within 30s" }),
    ).toBe(
      "verify: 1 of 2 lines of in.csv could not be read (no answer within 30s): rerun to verify them",
    );
  });

  it("a refused key, permission or URL names its likely cause instead of advising a rerun", () => {
    expect(
      verdict(
        { invalid: 150, failed: 5 },
        { code: "http_401", message: "Invalid API key", status: 401 },
      ),
    ).toBe(
      "verify: 150 of 155 lines of in.csv are not unsubscribed in group g (150 of them invalid: not read); 5 more could not be read (HTTP 401: Invalid API key): the API key was refused: a wrong key, or a key of another instance or workspace; fix it, then rerun",
    );
  });
});
