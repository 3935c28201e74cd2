import { ExitCode, type ExitCodeValue } from "./exit-codes.js";

/** Base class of every error the CLI raises on purpose; carries the exit code it maps to. */
export class CliError extends Error {
  override name = "CliError";
  /** The process exit code this error ends the command with. */
  readonly exitCode: ExitCodeValue;

  constructor(message: string, exitCode: ExitCodeValue, options?: { cause?: unknown }) {
    super(message, options);
    this.exitCode = exitCode;
  }
}

/**
 * A usage error (exit 2): a bad or missing flag, a missing API key, an unreadable input, a
 * checkpoint that belongs to another job. Printed as one line, never with a stack trace.
 */
export class UsageError extends CliError {
  override name = "UsageError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.usage, options);
  }
}

/** The input file is unreadable or its header names no usable column (exit 2). */
export class InputError extends UsageError {
  override name = "InputError";
}

/** The checkpoint file is unreadable, corrupt or written by another job (exit 2). */
export class CheckpointError extends UsageError {
  override name = "CheckpointError";
}

/**
 * The report or checkpoint could not be written while the job ran: the disk is full
 * (`ENOSPC`), a quota is exhausted (`EDQUOT`) or the file is too large (`EFBIG`). Exit 2, like
 * an output that cannot be written at the start; the message names the file and says whether
 * a rerun resumes.
 */
export class OutputError extends CliError {
  override name = "OutputError";
  /** The file that could not be written. */
  readonly path: string;

  constructor(message: string, path: string, options?: { cause?: unknown }) {
    super(message, ExitCode.usage, options);
    this.path = path;
  }
}
