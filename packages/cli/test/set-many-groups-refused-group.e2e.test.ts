import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { operationMetadata } from "@braze-subscriptions/client";
import { expect, it } from "vitest";
import { ExitCode } from "../src/exit-codes.js";
import { useFakeJob } from "./support/fake-job.js";
import { type ReportLine, readNdjson } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";

// README (Many groups in one job): Braze refuses a whole multi-group request when one of its
// groups is unknown, without saying which. A file that fits one request used to fail every
// row on every rerun; the refused request is now sent again one group per request, so only
// the unknown group's rows fail.

const KEY = "refused-group-key-41ab";
const CAP = operationMetadata.setSubscriptionStatusV2.requestBody.extensions[
  "x-max-identifiers"
] as number;
const job = useFakeJob(KEY);

it("a file of one request's rows over 3 groups, one unknown: only its rows fail, with Braze's message (exit 3)", async () => {
  const input = join(job.dir, "opt-outs.csv");
  const groups = ["g-news", "g-offers", "g-typo"];
  const rows = Array.from(
    { length: CAP },
    (_, i) => `p${i}@example.com,${groups[i % groups.length]},unsubscribed`,
  );
  await writeFile(input, `email,group,state\n${rows.join("\n")}\n`);
  job.fake.setFaults({ unknownGroups: ["g-typo"] });
  try {
    const report = join(job.dir, "opt-outs.report.ndjson");
    const result = await runBin(["set", "--input", input, "--report", report, "--quiet"], {
      env: job.env(),
    });
    expect(result.code).toBe(ExitCode.incomplete);
    const lines = await readNdjson<ReportLine & { group?: string }>(report);
    expect(lines).toHaveLength(CAP);
    for (const line of lines) {
      if (line.group === "g-typo") {
        expect(line.outcome).toBe("failed");
        expect(line.error).toMatchObject({
          status: 400,
          code: "http_400",
          message: expect.stringMatching(/not a subscription group/),
        });
      } else {
        expect(line.outcome).toBe("succeeded");
      }
    }
    // The packed request, then one per group of it.
    const writes = job.fake.requests.filter((request) => request.method === "POST");
    expect(writes).toHaveLength(1 + groups.length);
    expect(job.fake.state.get("g-news", { email: "p0@example.com" })).toBe("unsubscribed");
  } finally {
    job.fake.setFaults(undefined);
  }
});
