import { readFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { validateSetSubscriptionStatusBody } from "@braze-subscriptions/validators";
import { InputError } from "../errors.js";
import { ExitCode, type ExitCodeValue } from "../exit-codes.js";
import { describeFsError } from "../files/fs-error.js";
import { type CliIo, writeLine } from "../io.js";

/** Options of `braze-subscriptions validate`. */
export interface ValidateCommandOptions {
  /** `--json`: print `{"valid":bool,"errors":[{path,code,message}]}` on stdout. @default false */
  json?: boolean;
}

/** One problem found in a body. */
export interface BodyIssue {
  /** JSON pointer of the offending value (`""` for the body itself). */
  path: string;
  code: string;
  message: string;
}

/**
 * `braze-subscriptions validate <body.json|->`: checks a request body with the validators
 * generated from the spec. Exit 0 when valid, 3 when not (a body that is not JSON is
 * invalid too), 2 when the file cannot be read.
 */
export async function runValidate(
  file: string,
  options: ValidateCommandOptions,
  io: CliIo,
): Promise<ExitCodeValue> {
  const source = file === "-" ? "stdin" : file;
  const raw = await readBody(file, io.stdin);
  let issues: BodyIssue[];
  try {
    const result = validateSetSubscriptionStatusBody(JSON.parse(raw));
    issues = result.ok
      ? []
      : result.errors.map(({ path, code, message }) => ({ path, code, message }));
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    issues = [{ path: "", code: "invalid_json", message: `not JSON: ${error.message}` }];
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

/** Reads the body; a UTF-8 byte-order mark is dropped, as `set` drops it from its input. */
async function readBody(file: string, stdin: Readable): Promise<string> {
  let body: string;
  if (file === "-") body = await text(stdin);
  else {
    try {
      body = await readFile(file, "utf8");
    } catch (error) {
      throw new InputError(`cannot read ${file}: ${describeFsError(error)}`, { cause: error });
    }
  }
  return body.replace(/^\uFEFF/, "");
}
