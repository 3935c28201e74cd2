import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { InputError } from "../errors.js";
import { ExitCode, type ExitCodeValue } from "../exit-codes.js";
import { describeFsError } from "../files/fs-error.js";
import { type CliIo, writeLine } from "../io.js";
import { type BodyIssue, bodyIssues, maxBodyBytes, tooLarge } from "./body-issues.js";

export type { BodyIssue } from "./body-issues.js";

/** Options of `braze-subscriptions validate`. */
export interface ValidateCommandOptions {
  /** `--json`: print `{"valid":bool,"errors":[{path,code,message}]}` on stdout. @default false */
  json?: boolean;
}

/**
 * `braze-subscriptions validate <body.json|->`: checks a request body of either write (the
 * one-group body, or the multi-group body with `subscription_groups`) with the validators
 * generated from the spec. Exit 0 when valid, 3 when not (a body that is not JSON, or larger
 * than the spec's `x-max-body-bytes`, is invalid too), 2 when the file cannot be read.
 */
export async function runValidate(
  file: string,
  options: ValidateCommandOptions,
  io: CliIo,
): Promise<ExitCodeValue> {
  const source = file === "-" ? "stdin" : file;
  const read = await readBody(file, io.stdin);
  let issues: BodyIssue[];
  if ("tooLarge" in read) issues = [tooLarge(maxBodyBytes)];
  else {
    try {
      issues = bodyIssues(JSON.parse(read.text), read.bytes);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      issues = [{ path: "", code: "invalid_json", message: `not JSON: ${error.message}` }];
    }
  }
  if (options.json) {
    writeLine(io.stdout, JSON.stringify({ valid: issues.length === 0, errors: issues }));
  } else if (issues.length === 0) {
    writeLine(io.stdout, `${source}: valid`);
  } else {
    writeLine(io.stdout, `${source}: ${issues.length} problem${issues.length === 1 ? "" : "s"}`);
    for (const issue of issues)
      writeLine(io.stdout, `  ${issue.path || "(body)"}: ${issue.message} [${issue.code}]`);
  }
  return issues.length === 0 ? ExitCode.ok : ExitCode.incomplete;
}

/**
 * Reads the body, at most one byte past the largest body Braze accepts: a body over it is
 * invalid whatever it holds, and reading on would let `/dev/zero` or a 1 GB log file grow one
 * string until V8 gives up (it took 4 s and 618 MB to say "Invalid string length"). A UTF-8
 * byte-order mark is dropped, as `set` drops it from its input.
 */
async function readBody(
  file: string,
  stdin: Readable,
): Promise<{ text: string; bytes: number } | { tooLarge: true }> {
  const stream = file === "-" ? stdin : createReadStream(file);
  const chunks: Buffer[] = [];
  let bytes = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      bytes += buffer.length;
      // Leaving the loop destroys the stream: nothing past the bound is read.
      if (bytes > maxBodyBytes) return { tooLarge: true };
      chunks.push(buffer);
    }
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${describeFsError(error)}`, { cause: error });
  }
  let body = Buffer.concat(chunks);
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3);
  return { text: body.toString("utf8"), bytes: body.length };
}
