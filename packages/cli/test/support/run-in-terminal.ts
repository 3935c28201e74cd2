import { spawn } from "node:child_process";
import { BIN } from "./run-bin.js";

/** What a bin run in a pseudo-terminal printed (stdout and stderr share the terminal). */
export interface TerminalResult {
  code: number | null;
  output: string;
}

const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;

/**
 * Runs the built bin with stdin, stdout and stderr on a real pseudo-terminal, through
 * util-linux's `script` (in Debian's essential `bsdutils`, so on every CI machine), and types
 * `answer` once `prompt` appears. `script -e` exits with the bin's code.
 */
export function runInTerminal(
  args: readonly string[],
  options: { env: Record<string, string>; prompt?: string; answer?: string },
): Promise<TerminalResult> {
  const command = [process.execPath, BIN, ...args].map(quote).join(" ");
  const child = spawn("script", ["-qec", command, "/dev/null"], {
    env: { ...process.env, ...options.env, TERM: "dumb" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  let answered = false;
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
    if (
      !answered &&
      options.prompt &&
      options.answer !== undefined &&
      output.includes(options.prompt)
    ) {
      answered = true;
      child.stdin.write(options.answer);
    }
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  // stdin stays open until the bin exits: at its end `script` would hand the terminal an EOF.
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => {
      child.stdin.destroy();
      resolve({ code, output });
    });
  });
}
