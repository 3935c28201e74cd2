import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { useFakeJob } from "./support/fake-job.js";
import { type ReportLine, readNdjson } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";

// README (Many groups in one job): the preflight read is made for the group of the first row
// the job sends. A first row the job never sends (a state cell that is no state, no state at
// all, a group id longer than the spec allows) must not decide it: its group was read, Braze
// refused it, and the whole job stopped (exit 4, every row `not_sent`) over a row that was
// `invalid` anyway, e.g. a template's sample row `ann@example.com,<group id>,<state>`.

const KEY = "many-groups-preflight-key-3c9d";
const job = useFakeJob(KEY);
const writes = () => job.fake.requests.filter((r) => r.method === "POST");
const reads = () => job.fake.requests.filter((r) => r.method === "GET");

/** Far longer than any group id the spec allows (the row is `invalid`, code `maxLength`). */
const TOO_LONG_GROUP = "g".repeat(2000);

afterEach(() => job.fake.setFaults(undefined));

describe("a multi-group job whose first row is never sent", () => {
  it.each([
    ["a state cell that is no state", "ann@example.com,typo-group,<state>", "enum"],
    ["no state, and no --state", "ann@example.com,typo-group,", "missing_state"],
    [
      "a group id longer than the spec allows",
      `ann@example.com,${TOO_LONG_GROUP},unsubscribed`,
      "maxLength",
    ],
  ])(
    "%s: the preflight reads the group of a row it sends, and the job goes on",
    async (_, first, code) => {
      job.fake.setFaults({ unknownGroups: ["typo-group", TOO_LONG_GROUP] });
      const input = join(job.dir, `${code}.csv`);
      const report = join(job.dir, `${code}.report.ndjson`);
      await writeFile(
        input,
        `email,group,state\n${first}\nbob@example.com,g-1,unsubscribed\ncid@example.com,g-2,subscribed\n`,
      );
      const result = await runBin(
        ["set", "--quiet", "--json", "--input", input, "--report", report],
        { env: job.env() },
      );
      const lines = await readNdjson<ReportLine & { group?: string }>(report);
      expect(lines.map((line) => [line.line, line.outcome, line.error?.code ?? null])).toEqual([
        [2, "invalid", code],
        [3, "succeeded", null],
        [4, "succeeded", null],
      ]);
      expect(result.code).toBe(3);
      expect(job.fake.state.get("g-1", { email: "bob@example.com" })).toBe("unsubscribed");
      expect(job.fake.state.get("g-2", { email: "cid@example.com" })).toBe("subscribed");
      // One read, of the first row sent (g-1, answered 200); one write.
      expect(reads().map((r) => r.status)).toEqual([200]);
      expect(writes()).toHaveLength(1);
    },
  );
});
