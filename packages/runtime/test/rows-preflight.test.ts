import { describe, expect, it } from "vitest";
import { preflightRows, ROWS_PREFLIGHT_GROUPS } from "../src/fail-fast/rows-preflight.js";
import type { PreflightCheck, PreflightJob } from "../src/index.js";

// The decision of a job of rows' preflight over the checks its reads give (the reads
// themselves are tested against the fake in set-rows-preflight.test.ts).

const refusedAlone: PreflightCheck = {
  outcome: "stopped",
  error: { status: 400, code: "http_400", message: "group refused" },
};
const keyRefused: PreflightCheck = {
  outcome: "stopped",
  error: { status: 401, code: "http_401", message: "key refused" },
};
const row = (group: string, id = `${group}-user`): PreflightJob => ({
  subscriptionGroupId: group,
  type: "external_id",
  id,
});

/** A read answering each group with its scripted check, recording the groups read. */
function scripted(checks: Record<string, PreflightCheck>) {
  const read: string[] = [];
  return {
    read,
    reader: async (job: PreflightJob) => {
      read.push(job.subscriptionGroupId);
      return checks[job.subscriptionGroupId] ?? { outcome: "passed" };
    },
  };
}

describe("preflightRows", () => {
  it("reads each group once, in order of first appearance, until one is not refused alone", async () => {
    const { read, reader } = scripted({ a: refusedAlone });
    const check = await preflightRows(reader, [row("a"), row("a", "x"), row("b"), row("c")]);
    expect(read).toEqual(["a", "b"]);
    expect(check).toEqual({
      outcome: "passed",
      refusedGroups: [{ subscriptionGroupId: "a", error: refusedAlone.error }],
    });
  });

  it("a read that cannot tell after a refusal: unchecked, still carrying the refused group", async () => {
    const unchecked: PreflightCheck = { outcome: "unchecked", status: 503, message: "busy" };
    const { reader } = scripted({ a: refusedAlone, b: unchecked });
    expect(await preflightRows(reader, [row("a"), row("b")])).toEqual({
      ...unchecked,
      refusedGroups: [{ subscriptionGroupId: "a", error: refusedAlone.error }],
    });
  });

  it("a refused key after a refused group stops the job (every group would meet it)", async () => {
    const { reader } = scripted({ a: refusedAlone, b: keyRefused });
    expect(await preflightRows(reader, [row("a"), row("b")])).toEqual(keyRefused);
  });

  it(`stops reading after ${ROWS_PREFLIGHT_GROUPS} refusals and stops the job with the first`, async () => {
    const groups = Array.from({ length: ROWS_PREFLIGHT_GROUPS + 2 }, (_, i) => `g${i}`);
    const checks = Object.fromEntries(groups.map((group) => [group, refusedAlone]));
    const { read, reader } = scripted(checks);
    expect(
      await preflightRows(
        reader,
        groups.map((group) => row(group)),
      ),
    ).toEqual({
      outcome: "stopped",
      error: refusedAlone.error,
    });
    expect(read).toEqual(groups.slice(0, ROWS_PREFLIGHT_GROUPS));
  });

  it("the only group refused stops the job; no row reads nothing", async () => {
    const { reader } = scripted({ a: refusedAlone });
    expect(await preflightRows(reader, [row("a"), row("a", "y")])).toEqual({
      outcome: "stopped",
      error: refusedAlone.error,
    });
    expect(await preflightRows(reader, [])).toBeUndefined();
  });
});
