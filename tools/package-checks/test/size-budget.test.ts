import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { run } from "../src/run-process.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

interface SizeReport {
  name: string;
  passed: boolean;
  size: number;
  sizeLimit: number;
}

it("keeps client + runtime, bundled for the browser, within the size budget of .size-limit.json", async () => {
  // size-limit exits non-zero over budget; its JSON report says by how much either way.
  const { stdout, stderr } = await run("node_modules/.bin/size-limit", ["--json"], {
    cwd: packageDir,
  });
  const reports = JSON.parse(stdout.slice(stdout.indexOf("["))) as SizeReport[];
  expect(stderr).not.toMatch(/error/i);
  expect(reports.length).toBeGreaterThan(0);
  for (const report of reports) {
    console.log(`${report.name}: ${report.size} B of ${report.sizeLimit} B`);
    expect({ name: report.name, size: report.size, passed: report.passed }).toEqual({
      name: report.name,
      size: expect.any(Number),
      passed: true,
    });
    expect(report.size).toBeLessThanOrEqual(report.sizeLimit);
  }
});
