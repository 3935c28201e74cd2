import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

/**
 * The text of each page of a PDF, its items joined by spaces (pdf.js, the library browsers
 * use to show PDFs): what an auditor reads on a printed job page.
 */
export async function pdfPages(pdf: Uint8Array): Promise<string[]> {
  // pdf.js takes ownership of the buffer it is given: a copy leaves the caller's intact.
  const document = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false }).promise;
  try {
    const pages: string[] = [];
    for (let number = 1; number <= document.numPages; number += 1) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      pages.push(
        // Joined as laid out: pdf.js gives the spaces between words as items of their own, and
        // a ligature ("fi") as an item between its word's halves.
        content.items
          .map((item) => ("str" in item ? `${item.str}${item.hasEOL ? " " : ""}` : ""))
          .join("")
          .replace(/\s+/g, " "),
      );
    }
    return pages;
  } finally {
    await document.destroy();
  }
}
