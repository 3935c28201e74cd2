import type { Locator, Page } from "playwright-core";

const TIMEOUT = 10_000;

/**
 * Waits until some visible element of the page shows `text` (as its whole text with `exact`);
 * fails with the text if none does.
 */
export async function expectVisible(
  scope: Page | Locator,
  text: string,
  { exact = false } = {},
): Promise<void> {
  try {
    await scope
      .getByText(text, { exact })
      .filter({ visible: true })
      .first()
      .waitFor({ state: "visible", timeout: TIMEOUT });
  } catch {
    throw new Error(`Not visible on the page: ${JSON.stringify(text)}`);
  }
}

/** Opens an operation from the sidebar: its tag's group, then the operation's entry. */
export async function openOperation(page: Page, tag: string, summary: string): Promise<void> {
  const link = page.getByRole("link", { name: summary }).first();
  if (!(await link.isVisible())) await page.getByText(tag, { exact: true }).first().click();
  await link.click();
  await page
    .getByRole("heading", { name: summary })
    .first()
    .waitFor({ state: "visible", timeout: TIMEOUT });
}

/** Picks an entry of one of Redoc's menus (code sample language, request example). */
export async function pickFromMenu(
  page: Page,
  menuButton: string | RegExp,
  item: string,
): Promise<void> {
  await page.getByRole("button", { name: menuButton }).filter({ visible: true }).first().click();
  await page.getByRole("menuitem", { name: item, exact: true }).click();
}

/** The text of every visible code block of the page. */
export async function visibleCode(page: Page): Promise<string[]> {
  const blocks = page.locator("pre").filter({ visible: true });
  return (await blocks.allInnerTexts()).map((text) => text.trim());
}
