/**
 * The delimiters a header is sniffed for: the comma of RFC 4180, the semicolon of Excel in
 * locales whose decimal separator is a comma (German, French, …), and the tab of "text
 * (tab-delimited)" exports and many CRMs. In this order, which also breaks ties.
 */
export const SNIFFED_DELIMITERS = [",", ";", "\t"] as const;

/**
 * The delimiter of a CSV from its header line: the one of {@link SNIFFED_DELIMITERS} that
 * occurs most often outside quotes; a comma when none occurs (a one-column file).
 */
export function sniffDelimiter(header: string): string {
  const counts = new Map<string, number>(SNIFFED_DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of header) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best: string = SNIFFED_DELIMITERS[0];
  for (const [delimiter, count] of counts) if (count > (counts.get(best) ?? 0)) best = delimiter;
  return best;
}

/**
 * Reads `--delimiter`: one character (`,` `;` `|` …), or `tab` / `\t` for a tab (a literal tab
 * is hard to type in a shell). A quote or a line break cannot delimit fields.
 */
export function parseDelimiter(value: string): string {
  const named = value === "tab" || value === "\\t" ? "\t" : value;
  if ([...named].length !== 1 || ['"', "\r", "\n"].includes(named)) {
    throw new TypeError(
      `--delimiter must be one character such as , ; | or the word tab, got ${JSON.stringify(value)}`,
    );
  }
  return named;
}
