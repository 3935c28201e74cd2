import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";

/**
 * The rule sets a job page is held to: WCAG 2.2 A and AA, and axe's best practices
 * (landmarks, heading order, a region for all content, focusable scroll areas).
 */
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

/** One rule axe found broken, with where (CSS selectors), for a readable failure. */
export interface Violation {
  rule: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core over the page as it is now, and returns what it found broken. */
export async function axeViolations(page: Page): Promise<Violation[]> {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return results.violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact ?? null,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(" ")),
  }));
}
