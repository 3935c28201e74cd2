import { type FailureRows, SUCCESS_OUTCOMES } from "../job-page-data.js";
import { orderedOutcomes, outcomeColor, outcomeLabel } from "../outcome-labels.js";
import { formatCount, h, section } from "./dom.js";
import { settledStatus } from "./settled-status.js";
import { escapeInvisible, visibleText } from "./visible-text.js";

/** One row as the table shows it. */
interface Row {
  line: number;
  id: string;
  group: string;
  outcome: string;
  code: string;
  message: string;
}

type Column = keyof Row;

const COLUMNS: Array<[Column, string]> = [
  ["line", "Line"],
  ["id", "Identifier"],
  ["group", "Group"],
  ["outcome", "Outcome"],
  ["code", "Error code"],
  ["message", "Message"],
];

/**
 * The rows that did not succeed: filterable by outcome and by text, sortable by any column.
 * Cells are text nodes, so an identifier such as `<img src=x onerror=…>` shows as typed. The
 * group column shows only when a row names its group (a job of several groups).
 */
export function failuresTable(
  failures: FailureRows,
  counts: Record<string, number>,
  reportName: string | null,
): HTMLElement {
  const text = (index: number) => (index < 0 ? "" : (failures.strings[index] ?? ""));
  const rows: Row[] = failures.rows.map(([line, id, outcome, code, message, status, group]) => ({
    line,
    id: id ?? "(unreadable row)",
    group: text(group),
    outcome: text(outcome),
    code: text(code),
    message:
      status >= 0 && !text(message).includes(String(status))
        ? `${text(message)} (HTTP ${status})`
        : text(message),
  }));
  const totalRows = Object.values(failures.totals).reduce((sum, n) => sum + n, 0);
  const outcomes = orderedOutcomes(failures.totals);

  const outcomeFilter = h(
    "select",
    { id: "failures-outcome", "aria-label": "Outcome" },
    h("option", { value: "" }, "every outcome"),
    ...outcomes.map((name) =>
      h(
        "option",
        { value: name },
        `${outcomeLabel(name)} (${formatCount(failures.totals[name] ?? 0)})`,
      ),
    ),
  );
  const textFilter = h("input", {
    id: "failures-filter",
    type: "search",
    placeholder: "Filter: identifier, line, group, code or message",
    "aria-label": "Filter rows",
  });
  const status = settledStatus("failures-status");
  const body = h("tbody");
  let sortBy: Column = "line";
  let ascending = true;
  const withGroups = rows.some((row) => row.group !== "");
  const columns = COLUMNS.filter(([column]) => withGroups || column !== "group");
  const headers = columns.map(([column, title]) =>
    h(
      "th",
      { scope: "col", "data-column": column, "aria-sort": "none" },
      h("button", { type: "button", onclick: () => sortOn(column) }, title),
    ),
  );

  function sortOn(column: Column): void {
    ascending = sortBy === column ? !ascending : true;
    sortBy = column;
    render();
  }

  function render(): void {
    const wanted = outcomeFilter.value;
    const needle = textFilter.value.trim().toLowerCase();
    const shown = rows.filter(
      (row) =>
        (wanted === "" || row.outcome === wanted) &&
        (needle === "" ||
          `${row.line}\u0000${row.id}\u0000${row.group}\u0000${row.code}\u0000${row.message}\u0000${escapeInvisible(`${row.id}\u0000${row.message}`)}`
            .toLowerCase()
            .includes(needle)),
    );
    const sign = ascending ? 1 : -1;
    shown.sort((a, b) => {
      const x = a[sortBy];
      const y = b[sortBy];
      const order =
        typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return sign * (order || a.line - b.line);
    });
    body.replaceChildren(
      ...shown.map((row) =>
        h(
          "tr",
          { "data-outcome": row.outcome },
          h("td", { class: "num" }, String(row.line)),
          h("td", { class: "id" }, visibleText(row.id)),
          withGroups ? h("td", {}, visibleText(row.group)) : null,
          h(
            "td",
            {},
            h(
              "span",
              { class: "chip", style: `--outcome: ${outcomeColor(row.outcome)}` },
              outcomeLabel(row.outcome),
            ),
          ),
          h("td", {}, visibleText(row.code)),
          h("td", {}, visibleText(row.message)),
        ),
      ),
    );
    for (const th of headers) {
      th.setAttribute(
        "aria-sort",
        th.dataset.column === sortBy ? (ascending ? "ascending" : "descending") : "none",
      );
    }
    status.say(
      `Showing ${formatCount(shown.length)} of ${formatCount(rows.length)} rows listed here${filtersText(wanted, textFilter.value.trim())}.`,
    );
  }

  outcomeFilter.addEventListener("change", render);
  textFilter.addEventListener("input", render);
  render();
  // The line a page opens with is there at once (it is not yet in the document: nothing is said).
  status.flush();

  const capped = rows.length < totalRows;
  const note = h(
    "p",
    { id: "failures-note" },
    totalRows === 0
      ? nothingListed(counts)
      : `${formatCount(totalRows)} rows did not succeed. ${
          capped
            ? `This page lists the first ${formatCount(failures.capPerOutcome)} of each outcome (${formatCount(rows.length)} rows)`
            : `All ${formatCount(rows.length)} are listed`
        }${reportName ? `; the report ${reportName} has every row.` : "."}`,
  );
  if (totalRows === 0) return section("failures", "Rows that did not succeed", note);
  return section(
    "failures",
    "Rows that did not succeed",
    note,
    h("div", { class: "controls" }, outcomeFilter, textFilter),
    status.element,
    // Focusable, so a keyboard scrolls it (arrows, Page Down); named, so a screen reader says
    // what it scrolls through.
    h(
      "div",
      {
        class: "table-wrap",
        tabindex: 0,
        role: "region",
        "aria-label": "Rows that did not succeed, scrollable",
      },
      h("table", {}, h("thead", {}, h("tr", {}, ...headers)), body),
    ),
  );
}

/**
 * The filters in force, for the status line: a page printed while filtered must say that its
 * table is not every row (empty when no filter is set).
 */
function filtersText(outcome: string, text: string): string {
  const parts = [
    outcome === "" ? null : `outcome ${outcomeLabel(outcome)}`,
    text === "" ? null : `text "${text}"`,
  ].filter((part): part is string => part !== null);
  return parts.length === 0 ? "" : ` (filtered by ${parts.join(" and ")})`;
}

/**
 * What the table says when it lists no row, from the job's counts: "Every row succeeded" only
 * when some did and all did. A job of no rows said it, and so did a dry run, whose valid rows
 * are all `not_sent` with no line to list.
 */
function nothingListed(outcomes: Record<string, number>): string {
  const names = orderedOutcomes(outcomes).filter((name) => (outcomes[name] ?? 0) > 0);
  if (names.length === 0) return "There were no rows: the job decided no identifier.";
  const others = names.filter((name) => !SUCCESS_OUTCOMES.has(name));
  if (others.length === 0) return "Every row succeeded.";
  const counted = others.map((name) => `${formatCount(outcomes[name] ?? 0)} ${outcomeLabel(name)}`);
  return `No row to list: none was invalid or failed. Counted above, with no row listed: ${counted.join(", ")}.`;
}
