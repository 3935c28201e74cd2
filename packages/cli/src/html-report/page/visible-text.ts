/**
 * Characters that show as nothing, or that change how the text around them shows: controls
 * (NUL, tab, ESC…), default-ignorable ones (zero-width spaces and joiners, bidi marks and
 * overrides such as U+202E, which reversed the rest of its cell, soft hyphens, variation
 * selectors, tags), line and paragraph separators, unpaired surrogates and spaces other than
 * U+0020 (a no-break space looks like a space). A page kept as the record of a job must not
 * show two different identifiers alike, nor one as another.
 */
const INVISIBLE = /[\p{Cc}\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}\p{Cs}]|(?! )\p{Zs}/gu;

/** `\u202E`, `\u0000`, `\u{E0041}`: how the page writes an invisible character. */
export function escapeOf(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const hex = code.toString(16).toUpperCase();
  return code > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, "0")}`;
}

/** `text` with each invisible character written as its escape (for the table's text filter). */
export function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE, escapeOf);
}

/**
 * `text` as the page shows it: plain text, with each invisible character replaced by its
 * escape in a marked `<span class="invisible">` (so it cannot be taken for the same text
 * typed with a backslash). Only the page changes: the report keeps the characters as read.
 */
export function visibleText(text: string): Node {
  const fragment = document.createDocumentFragment();
  let from = 0;
  for (const match of text.matchAll(INVISIBLE)) {
    const at = match.index ?? 0;
    if (at > from) fragment.append(text.slice(from, at));
    const mark = document.createElement("span");
    mark.className = "invisible";
    mark.title = `invisible character U+${escapeOf(match[0]).replace(/^\\u\{?|\}$/g, "")}: the report holds the character itself`;
    mark.textContent = escapeOf(match[0]);
    fragment.append(mark);
    from = at + match[0].length;
  }
  if (from < text.length) fragment.append(text.slice(from));
  return fragment;
}
