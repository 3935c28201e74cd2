// Prints the closing line CI counts ("N passed, N failed") from vitest's JSON report of the
// whole run. A test file that failed without a failing test (it did not load, or a hook threw)
// counts as one failure; a missing or unreadable report is a failure, never a silent zero.
import { readFileSync } from "node:fs";

const path = process.argv[2] ?? ".vitest-report.json";
try {
  const report = JSON.parse(readFileSync(path, "utf8"));
  const brokenFiles = (report.testResults ?? []).filter(
    (file) =>
      file.status === "failed" &&
      !(file.assertionResults ?? []).some((test) => test.status === "failed"),
  ).length;
  const failed = report.numFailedTests + brokenFiles;
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  console.log(
    `${report.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`,
  );
  process.exit(failed > 0 || report.numPassedTests === 0 ? 1 : 0);
} catch (error) {
  console.error(`ci-summary: cannot read ${path}: ${error.message}`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}
