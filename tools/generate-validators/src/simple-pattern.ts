/**
 * Compiles the simplest kind of `pattern` into a scan of character codes: anchored (`^…$`),
 * a sequence of ASCII characters or positive character classes (`\d`, `\w`, `[a-z_]`), each
 * with an optional greedy quantifier, like `^\+[1-9]\d{1,14}$`. Such a scan runs about twice
 * as fast as `RegExp#test` on short strings. Anything else returns `undefined` and keeps its
 * regular expression.
 *
 * A greedy scan equals the regular expression only when no backtracking could change the
 * outcome: every repeated atom's class must share no character with the atoms that may follow
 * it (up to the next mandatory one). Patterns that fail this check keep their expression.
 * Only ASCII is involved, so the `u` flag changes nothing: an astral character or a lone
 * surrogate is simply not in any class, for the scan as for the expression.
 */
export function compileSimplePattern(source: string, name: string): string | undefined {
  const atoms = parse(source);
  if (!atoms || !greedyIsExact(atoms)) return undefined;
  const lines = [
    `// ${source}, as a scan: no backtracking can change the outcome of this pattern.`,
    `function ${name}(s: string): boolean {`,
    "  const n = s.length;",
    "  let i = 0;",
  ];
  for (const atom of atoms) lines.push(...emitAtom(atom).map((l) => `  ${l}`));
  lines.push("  return i === n;", "}");
  return lines.join("\n");
}

/** Inclusive ranges of character codes, all ASCII. */
type CharClass = Array<[number, number]>;

interface Atom {
  chars: CharClass;
  min: number;
  max: number;
}

const DIGIT: CharClass = [[48, 57]];
const WORD: CharClass = [
  [48, 57],
  [65, 90],
  [95, 95],
  [97, 122],
];
// Characters that may be escaped to mean themselves (u mode allows no other identity escape).
const SYNTAX = new Set("^$\\.*+?()[]{}|/-");
const META = "^$\\.*+?()[]{}|";

function parse(source: string): Atom[] | undefined {
  if (!source.startsWith("^") || !source.endsWith("$")) return undefined;
  const atoms: Atom[] = [];
  const end = source.length - 1;
  let i = 1;
  while (i < end) {
    let chars: CharClass | undefined;
    const c = source[i] as string;
    if (c === "\\") {
      chars = escapeClass(source[i + 1]);
      i += 2;
    } else if (c === "[") {
      const parsed = parseClass(source, i + 1);
      if (!parsed) return undefined;
      chars = parsed.chars;
      i = parsed.next;
    } else if (isPlain(c)) {
      chars = [[c.charCodeAt(0), c.charCodeAt(0)]];
      i++;
    }
    if (!chars || i > end) return undefined;
    const quantifier = parseQuantifier(source, i, end);
    if (!quantifier) return undefined;
    i = quantifier.next;
    atoms.push({ chars, min: quantifier.min, max: quantifier.max });
  }
  // `…\$` ends with an escaped dollar, not the anchor: the loop then runs past `end`.
  return i === end ? atoms : undefined;
}

function isPlain(c: string): boolean {
  const code = c.charCodeAt(0);
  return code > 32 && code < 127 && !META.includes(c);
}

function escapeClass(c: string | undefined): CharClass | undefined {
  if (c === "d") return DIGIT;
  if (c === "w") return WORD;
  if (c !== undefined && SYNTAX.has(c)) return [[c.charCodeAt(0), c.charCodeAt(0)]];
  return undefined;
}

function parseClass(source: string, start: number): { chars: CharClass; next: number } | undefined {
  if (source[start] === "^") return undefined;
  const chars: CharClass = [];
  let i = start;
  // One class member: a character code, or a whole class for `\d`/`\w`.
  const member = (): number | CharClass | undefined => {
    const c = source[i];
    if (c === undefined || c === "]") return undefined;
    if (c === "\\") {
      const e = escapeClass(source[i + 1]);
      i += 2;
      const only = e?.length === 1 ? e[0] : undefined;
      return only && only[0] === only[1] ? only[0] : e;
    }
    i++;
    const code = c.charCodeAt(0);
    return code > 32 && code < 127 && c !== "[" ? code : undefined;
  };
  while (source[i] !== "]") {
    const low = member();
    if (low === undefined) return undefined;
    if (typeof low !== "number") {
      chars.push(...low);
    } else if (source[i] === "-" && source[i + 1] !== "]") {
      i++;
      const high = member();
      if (typeof high !== "number" || high < low) return undefined;
      chars.push([low, high]);
    } else {
      chars.push([low, low]);
    }
  }
  return chars.length > 0 ? { chars, next: i + 1 } : undefined;
}

function parseQuantifier(
  source: string,
  i: number,
  end: number,
): { min: number; max: number; next: number } | undefined {
  const c = i < end ? source[i] : undefined;
  let q: { min: number; max: number; next: number };
  if (c === "?") q = { min: 0, max: 1, next: i + 1 };
  else if (c === "*") q = { min: 0, max: Number.POSITIVE_INFINITY, next: i + 1 };
  else if (c === "+") q = { min: 1, max: Number.POSITIVE_INFINITY, next: i + 1 };
  else if (c === "{") {
    const match = /^\{(\d{1,6})(,(\d{0,6}))?\}/.exec(source.slice(i, end));
    if (!match) return undefined;
    const min = Number(match[1]);
    const max =
      match[2] === undefined ? min : match[3] === "" ? Number.POSITIVE_INFINITY : Number(match[3]);
    if (max < min) return undefined;
    q = { min, max, next: i + match[0].length };
  } else {
    return { min: 1, max: 1, next: i };
  }
  // A lazy quantifier (`+?`) changes which match is found; keep the expression.
  return q.next < end && source[q.next] === "?" ? undefined : q;
}

function greedyIsExact(atoms: Atom[]): boolean {
  for (let i = 0; i < atoms.length; i++) {
    const atom = atoms[i] as Atom;
    if (atom.min === atom.max) continue;
    for (const next of atoms.slice(i + 1)) {
      if (overlaps(atom.chars, next.chars)) return false;
      if (next.min > 0) break;
    }
  }
  return true;
}

function overlaps(a: CharClass, b: CharClass): boolean {
  return a.some(([lo, hi]) => b.some(([lo2, hi2]) => lo <= hi2 && lo2 <= hi));
}

/** `true` when the character code `c` is outside the class. */
function outside(chars: CharClass): string {
  const parts = chars.map(([lo, hi]) => (lo === hi ? `c !== ${lo}` : `c < ${lo} || c > ${hi}`));
  return parts.length === 1
    ? (parts[0] as string)
    : parts.map((p) => (p.includes("||") ? `(${p})` : p)).join(" && ");
}

function emitAtom({ chars, min, max }: Atom): string[] {
  if (min === 1 && max === 1) {
    return [
      "if (i >= n) return false;",
      "{",
      "  const c = s.charCodeAt(i++);",
      `  if (${outside(chars)}) return false;`,
      "}",
    ];
  }
  const lines = ["{"];
  if (min > 0) lines.push(`  if (n - i < ${min}) return false;`, "  const start = i;");
  lines.push(
    `  const stop = ${max === Number.POSITIVE_INFINITY ? "n" : `Math.min(n, i + ${max})`};`,
    "  while (i < stop) {",
    "    const c = s.charCodeAt(i);",
    `    if (${outside(chars)}) break;`,
    "    i++;",
    "  }",
  );
  if (min > 0) lines.push(`  if (i - start < ${min}) return false;`);
  lines.push("}");
  return lines;
}
