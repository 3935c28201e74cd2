/** One `tsc` error: which line of which file, and the error code (`TS2322`). */
export interface Diagnostic {
  file: string;
  line: number;
  code: string;
}

/** Parses tsc's plain output (`src/a.ts(12,7): error TS2322: …`) into diagnostics. */
export function parseTscOutput(output: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const match of output.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+):/gm)) {
    diagnostics.push({
      file: match[1] as string,
      line: Number(match[2]),
      code: match[3] as string,
    });
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
