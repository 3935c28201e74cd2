import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The built bin: tests run what users run (turbo builds it before the tests). */
export const BIN = fileURLToPath(new URL("../../dist/bin.js", import.meta.url));

/** What a finished bin run printed and returned. */
export interface BinResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runBin}. */
export interface RunBinOptions {
  /** Extra environment (merged over a clean one without BRAZE_* variables). */
  env?: Record<string, string>;
  /** Written to stdin (a pipe), then stdin is closed. */
  stdin?: string | Buffer;
  /** A file given to the child as its stdin, as the shell's `< file` does (not a pipe). */
  stdinFile?: string;
  /** Called once the child started, e.g. to signal it mid-way. */
  onSpawn?: (child: ChildProcess) => void;
  /** A command that runs node in its turn, e.g. `["prlimit", "--fsize=16384"]`. */
  prefix?: string[];
}

/** Runs `node dist/bin.js …args` and resolves when it exits. */
export function runBin(args: readonly string[], options: RunBinOptions = {}): Promise<BinResult> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith("BRAZE_")) env[name] = value;
  }
  const stdinFd = options.stdinFile === undefined ? undefined : openSync(options.stdinFile, "r");
  const [command, ...before] = [...(options.prefix ?? []), process.execPath, BIN, ...args];
  const child = spawn(command as string, before, {
    env: { ...env, ...options.env },
    stdio: [stdinFd ?? "pipe", "pipe", "pipe"],
  });
  if (stdinFd !== undefined) closeSync(stdinFd); // the child has its own copy
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  if (options.stdin !== undefined) child.stdin?.end(options.stdin);
  else child.stdin?.end();
  options.onSpawn?.(child);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Starts a long-running bin command and resolves with the first stdout line (e.g. a URL). */
export async function startBin(
  args: readonly string[],
): Promise<{ child: ChildProcess; firstLine: string; exited: Promise<BinResult> }> {
  let onSpawn: ChildProcess | undefined;
  const exited = runBin(args, {
    onSpawn: (child) => {
      onSpawn = child;
    },
  });
  const child = onSpawn as unknown as ChildProcess;
  const firstLine = await new Promise<string>((resolve, reject) => {
    let buffered = "";
    child.stdout?.on("data", (chunk: string) => {
      buffered += chunk;
      const at = buffered.indexOf("\n");
      if (at >= 0) resolve(buffered.slice(0, at));
    });
    exited.then(
      (result) => reject(new Error(`exited early (${result.code}): ${result.stderr}`)),
      reject,
    );
  });
  return { child, firstLine, exited };
}
