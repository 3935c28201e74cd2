/** Attributes of {@link h}: strings become attributes, functions become listeners. */
type Attributes = Record<string, string | number | boolean | ((event: Event) => void) | undefined>;

/**
 * Creates an element. Children that are strings become text nodes, never markup: every
 * identifier and message in the page comes from a user's file or a server, so nothing is
 * ever parsed as HTML (`innerHTML` is not used anywhere in the page).
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Array<Node | string | null | undefined>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    element.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return element;
}

/** `1,234,567`. */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/**
 * `n` of `total` as a percentage, never rounded to a whole that it is not: 59,998 matches of
 * 60,000 read "100.0%" beside 2 that differ, on the page that proves opt-outs landed. Shares
 * under 1 % or over 99 % get two decimals, and what still rounds to 0 or 100 says so
 * (`<0.01%`, `>99.99%`).
 */
export function formatShare(n: number, total: number): string {
  if (total <= 0 || n <= 0) return "0.0%";
  if (n >= total) return "100.0%";
  const share = (100 * n) / total;
  if (share >= 1 && share <= 99) return `${share.toFixed(1)}%`;
  const text = share.toFixed(2);
  if (text === "0.00") return "<0.01%";
  if (text === "100.00") return ">99.99%";
  return `${text}%`;
}

/** `12.5 MB`, `900 B`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = "B";
  for (const next of units) {
    if (value < 1000) break;
    value /= 1000;
    unit = next;
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${unit}`;
}

/** `2 h 3 min 4 s`, `850 ms`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1000);
  const parts: string[] = [];
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (hours) parts.push(`${hours} h`);
  if (minutes) parts.push(`${minutes} min`);
  if (seconds % 60 || parts.length === 0) parts.push(`${seconds % 60} s`);
  return parts.join(" ");
}

/** A section with a heading. */
export function section(id: string, title: string, ...children: Array<Node | null>): HTMLElement {
  return h(
    "section",
    { id, "aria-labelledby": `${id}-title` },
    h("h2", { id: `${id}-title` }, title),
    ...children,
  );
}
