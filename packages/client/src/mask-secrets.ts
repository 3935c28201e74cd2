/** What replaces a secret. */
const MASK = "[redacted]";

/** Free text: a shorter secret would mask ordinary words, and an API key is never that short. */
const DEFAULT_MIN_LENGTH = 8;

/** Options of {@link maskSecrets}. */
export interface MaskOptions {
  /**
   * Secrets shorter than this are left alone. A URL has no ordinary words to spare, so a text
   * that is one (a base URL, a target) is masked with `1`.
   * @default 8
   */
  minLength?: number;
}

/**
 * Replaces every occurrence of the given secrets with `[redacted]`, in each form a secret
 * takes once written out, mixed within one occurrence too: as is, percent-encoded (the URL
 * parser encodes `<`, `"` or `ü` but not `|`, `encodeURI` encodes both, and either may be in
 * upper or lower case), JSON- or script-escaped (`\"`, `\u003c`), CSV-quoted (`""`) and
 * shell-quoted (`'\''`). A text is masked once, after it is escaped or not at all: the masking
 * must follow it into whichever file or message it goes.
 *
 * @example
 * maskSecrets("http://proxy/sk%3C%C3%BC%3E%22x-2f4a/", ['sk<ü>"x-2f4a']); // "http://proxy/[redacted]/"
 */
export function maskSecrets(
  text: string,
  secrets: ReadonlyArray<string | undefined>,
  options: MaskOptions = {},
): string {
  const minLength = Math.max(1, options.minLength ?? DEFAULT_MIN_LENGTH);
  let out = text;
  for (const secret of secrets) {
    if (typeof secret !== "string" || secret.length < minLength) continue;
    const { pattern, markers } = formsOf(secret);
    // Most texts hold neither the secret nor any escape: no regular expression to run.
    if (!out.includes(secret) && !markers.some((marker) => out.includes(marker))) continue;
    out = out.replace(pattern, MASK);
  }
  return out;
}

interface SecretForms {
  /** Matches the secret in any of its forms (global). */
  pattern: RegExp;
  /** What any escaped form holds: a text without them can only hold the secret as is. */
  markers: string[];
}

// Built once per secret: a report masks every batch of lines with the same key.
const cache = new Map<string, SecretForms>();

function formsOf(secret: string): SecretForms {
  let forms = cache.get(secret);
  if (forms === undefined) {
    const markers = ["%", "\\"];
    if (secret.includes('"')) markers.push('""');
    if (secret.includes("'")) markers.push("'\\''");
    const source = Array.from(secret, (char) => `(?:${charForms(char).join("|")})`).join("");
    forms = { pattern: new RegExp(source, "g"), markers };
    cache.set(secret, forms);
  }
  return forms;
}

const JSON_SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "/": "\\/",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

/** One character's forms, as regular expressions, longest first (`\\` before `\`). */
function charForms(char: string): string[] {
  const forms: string[] = [];
  const short = JSON_SHORT_ESCAPES[char];
  if (short !== undefined) forms.push(escapeRegExp(short));
  if (char === "'") forms.push(escapeRegExp("'\\''"));
  if (char === '"') forms.push('""');
  // \uXXXX per UTF-16 unit: a character past U+FFFF is a surrogate pair.
  const units = Array.from({ length: char.length }, (_, i) => char.charCodeAt(i));
  forms.push(units.map((unit) => `\\\\u${anyCaseHex(unit, 4)}`).join(""));
  // %XX per UTF-8 byte.
  const bytes = new TextEncoder().encode(char);
  forms.push(Array.from(bytes, (byte) => `%${anyCaseHex(byte, 2)}`).join(""));
  forms.push(escapeRegExp(char));
  return forms;
}

/** `n` in hex, `width` digits, each letter in either case: `[eE]2`. */
function anyCaseHex(n: number, width: number): string {
  return Array.from(n.toString(16).padStart(width, "0"), (digit) =>
    /[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit,
  ).join("");
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
}
