/** One `tsc` error: which line of which file, and the error code (`TS2322`). */
export interface Diagnostic {
  file: string;
  line: number;
  code: string;
}

/** One `tsc` error in full: its first line's message, and the detail lines tsc indents under it. */
export interface DiagnosticWithMessage extends Diagnostic {
  column: number;
  message: string;
}

/** Parses tsc's plain output (`src/a.ts(12,7): error TS2322: …`) into diagnostics. */
export function parseTscOutput(output: string): Diagnostic[] {
  return parseTscErrors(output).map(({ file, line, code }) => ({ file, line, code }));
}

/**
 * Parses tsc's plain output (`--pretty false`) into diagnostics with their messages: what a
 * failing check shows a reader, who should not have to rerun tsc to learn what was wrong.
 */
export function parseTscErrors(output: string): DiagnosticWithMessage[] {
  const diagnostics: DiagnosticWithMessage[] = [];
  for (const text of output.split("\n")) {
    const match = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(text);
    const last = diagnostics[diagnostics.length - 1];
    if (match) {
      diagnostics.push({
        file: match[1] as string,
        line: Number(match[2]),
        column: Number(match[3]),
        code: match[4] as string,
        message: match[5] as string,
      });
    } else if (last !== undefined && text.startsWith(" ")) {
      // tsc elaborates an error (which property, which overload) on indented lines below it.
      last.message += `\n${text.trimEnd()}`;
    }
  }
  return diagnostics;
}

/** The diagnostics a source expects: every line ending with a `// expect TSxxxx` marker. */
export function expectedDiagnostics(file: string, source: string): Diagnostic[] {
  const expected: Diagnostic[] = [];
  source.split("\n").forEach((text, index) => {
    const match = /\/\/ expect (TS\d+)\s*$/.exec(text);
    if (match) expected.push({ file, line: index + 1, code: match[1] as string });
  });
  return expected;
}
