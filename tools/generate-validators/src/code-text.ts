import type { Applicability } from "./type-sets.js";

// Helpers that build the text of generated TypeScript: expressions and statement lists as
// strings. Shared by the check and collect emitters; they know nothing of schemas.

/** A test that an object `o` in scope has the own property `name` with a defined value. */
export function ownPresence(name: string): string {
  const key = JSON.stringify(name);
  return `Object.hasOwn(o, ${key}) && o[${key}] !== undefined`;
}

/** Wraps a list of tests in parentheses, joined by an operator. */
export function group(tests: string[], operator: string): string {
  return tests.length === 1 ? (tests[0] as string) : `(${tests.join(operator)})`;
}

/** Negates a boolean expression, adding parentheses only where precedence needs them. */
export function negate(expr: string): string {
  if (expr.startsWith("!") && isAtomic(expr.slice(1))) return unwrap(expr.slice(1));
  return isAtomic(expr) ? `!${expr}` : `!(${expr})`;
}

/** Drops one pair of parentheses around a whole expression. */
export function unwrap(expr: string): string {
  return expr.startsWith("(") && isAtomic(expr) ? expr.slice(1, -1) : expr;
}

// An identifier, a call like `check_X(p0)`, or an expression wrapped in one pair of parentheses.
function isAtomic(expr: string): boolean {
  if (/^[A-Za-z_$][\w$.]*$/.test(expr)) return true;
  const open = expr.indexOf("(");
  if (open < 0 || (open > 0 && !/^[A-Za-z_$][\w$.]*$/.test(expr.slice(0, open)))) return false;
  let depth = 0;
  for (let i = open; i < expr.length; i++) {
    const c = expr[i];
    if (c === '"') {
      // Skip a JSON string literal: its parentheses do not count.
      for (i++; i < expr.length && expr[i] !== '"'; i++) if (expr[i] === "\\") i++;
    } else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i === expr.length - 1;
  }
  return false;
}

/**
 * Keywords of one type, either as-is (the schema's single type already guarantees it) or in
 * an `if` so they only apply to values of that type, as JSON Schema says.
 */
export function scoped(applies: Applicability, test: string, lines: string[]): string[] {
  if (lines.length === 0 || applies === "never") return [];
  return applies === "known" ? lines : [`if (${unwrap(test)}) {`, ...indent(lines), "}"];
}

/** Indents lines by two spaces. */
export function indent(lines: string[]): string[] {
  return lines.map((line) => (line === "" ? line : `  ${line}`));
}
