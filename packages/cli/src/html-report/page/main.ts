import "uplot/dist/uPlot.min.css";
import "./page.css";
import type { JobPageData } from "../job-page-data.js";
import { h } from "./dom.js";
import { failuresTable } from "./failures-table.js";
import { jobSection } from "./job-section.js";
import { outcomesSection } from "./outcomes-section.js";
import { runStatus } from "./run-status.js";
import { timelineSection } from "./timeline-section.js";
import { visibleText } from "./visible-text.js";

/** The id of the `<script type="application/json">` block the CLI writes the job into. */
const DATA_ID = "job-data";

/** Builds the page from the embedded job data (see `render-page.ts`). */
function main(): void {
  const app = document.getElementById("app");
  const block = document.getElementById(DATA_ID);
  if (!app || !block) throw new Error("the page has no #app or job data");
  const data = JSON.parse(block.textContent ?? "null") as JobPageData;
  if (data?.version !== 1) throw new Error(`unsupported job data version ${String(data?.version)}`);
  const reportName =
    data.job.report === null ? null : (data.job.report.split(/[\\/]/).pop() ?? null);
  app.replaceChildren(
    h(
      "header",
      {},
      h("h1", {}, `braze-subscriptions ${data.job.kind}`),
      h("p", { class: "subtitle" }, visibleText(data.job.groups.join(", "))),
    ),
    runStatus(data.job) ?? "",
    jobSection(data.job),
    outcomesSection(data.outcomes, data.resumed),
    timelineSection(data.timeline, data.job),
    failuresTable(data.failures, data.outcomes, reportName),
  );
  document.body.dataset.ready = "true";
}

main();
