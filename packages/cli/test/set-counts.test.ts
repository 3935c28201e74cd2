import type { JobStop, Progress } from "@braze-subscriptions/runtime";
import { describe, expect, it } from "vitest";
import type { ReportLine } from "../src/report/report-line.js";
import { SetCounts } from "../src/set/set-counts.js";

const line = (outcome: ReportLine["outcome"], extra: Partial<ReportLine> = {}): ReportLine => ({
  line: 1,
  id: "a@example.com",
  type: "email",
  outcome,
  error: null,
  ...extra,
});

const progress = (over: Partial<Progress>): Progress => ({
  total: 0,
  valid: 0,
  invalid: 0,
  duplicates: 0,
  succeeded: 0,
  failed: 0,
  notSent: 0,
  requests: 0,
  retries: 0,
  inFlight: 0,
  rateLimited: 0,
  ...over,
});

describe("SetCounts", () => {
  it("counts rows from the report lines and requests from the runtime's progress", () => {
    const counts = new SetCounts();
    counts.add(line("succeeded"));
    counts.add(line("succeeded", { resumed: true }));
    counts.add(line("failed", { error: { code: "http_401", message: "key refused" } }));
    counts.add(line("failed", { error: { code: "timeout", message: "later" } }));
    counts.add(line("not_sent"));
    counts.add(line("invalid"));
    counts.add(line("duplicate"));
    counts.add(line("unchanged"));
    // The runtime's progress runs ahead of the rows taken: its row counts are not used.
    counts.progress(progress({ succeeded: 40, total: 90, requests: 3, retries: 2 }));

    expect(counts.decided).toBe(8);
    expect(counts.resumed).toBe(1);
    expect(counts.firstFailure).toBe("http_401: key refused");
    expect(counts.snapshot(100)).toEqual({
      done: 8,
      total: 100,
      succeeded: 2,
      failed: 2,
      invalid: 1,
      duplicates: 1,
      requests: 3,
    });
    expect(counts.summary(1234, true)).toEqual({
      total: 8,
      valid: 5,
      invalid: 1,
      duplicates: 1,
      succeeded: 2,
      failed: 2,
      notSent: 1,
      requests: 3,
      retries: 2,
      elapsedMs: 1234,
      unchanged: 1,
    });
    expect(counts.summary(0, false)).not.toHaveProperty("unchanged");
  });

  it("carries the runtime's stop into the summary", () => {
    const counts = new SetCounts();
    const stopped: JobStop = {
      reason: "limit",
      error: { code: "limit_reached", message: "the limit of 10 was reached" },
    };
    counts.progress(progress({ stopped }));
    expect(counts.summary(0, false).stopped).toBe(stopped);
  });
});
