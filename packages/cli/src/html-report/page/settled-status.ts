import { h } from "./dom.js";

/**
 * How long the text must stay unchanged before the status line is written: a keystroke
 * follows the last within this at a steady typing pace, so a word typed is said once.
 */
export const SETTLE_MS = 700;

/** A status line written once what it says has settled (see {@link settledStatus}). */
export interface SettledStatus {
  /** The `role="status"` line. */
  element: HTMLElement;
  /** What the line is to say; written once nothing newer came for {@link SETTLE_MS}. */
  say(text: string): void;
  /** Writes what was last said now (for a page built, or about to be printed). */
  flush(): void;
}

/**
 * A live region (`role="status"`) that is written only once its text stops changing: a screen
 * reader speaks every change of one, and the table's filter changed it at each keystroke, so
 * "broken" typed was read out six times. Only the line waits; whoever changes its text does
 * not (the table is filtered at once). Printing writes it at once too: a page printed while
 * filtered must say so (`beforeprint`, and the print media query for Chromium's own PDF).
 */
export function settledStatus(id: string): SettledStatus {
  const element = h("p", { id, role: "status" });
  let pending: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    // Written only when it differs: a live region rewritten with the same words is said again.
    if (pending !== null && pending !== element.textContent) element.textContent = pending;
    pending = null;
  };
  window.addEventListener("beforeprint", flush);
  window.matchMedia?.("print").addEventListener?.("change", flush);
  return {
    element,
    say(text) {
      pending = text;
      clearTimeout(timer);
      timer = setTimeout(flush, SETTLE_MS);
    },
    flush,
  };
}
