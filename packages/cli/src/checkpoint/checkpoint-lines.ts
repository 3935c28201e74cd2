import type { FileHandle } from "node:fs/promises";

/** One line of a checkpoint file, without its newline. */
export interface CheckpointLine {
  text: string;
  /** Byte offset just after the line (after its newline, if it has one). */
  end: number;
  /** False for a last line without a newline (possibly torn by a crash). */
  terminated: boolean;
}

const CHUNK = 64 * 1024;

/**
 * Reads the lines of an open file from byte 0 up to `size` (its size when opened, so a file
 * that keeps growing is not read forever), holding one line at a time. A line longer than
 * `maxLineBytes(index)` ends the read with `onTooLong(index)`'s error: what is read from a
 * checkpoint stays bounded, whatever the file holds.
 */
export async function* checkpointLines(
  handle: FileHandle,
  size: number,
  maxLineBytes: (index: number) => number,
  onTooLong: (index: number) => Error,
): AsyncGenerator<CheckpointLine> {
  const buffer = Buffer.allocUnsafe(CHUNK);
  let parts: Buffer[] = [];
  let partBytes = 0;
  let index = 0;
  let position = 0;
  while (position < size) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK, size - position), position);
    if (bytesRead === 0) break; // truncated meanwhile
    let start = 0;
    for (let at = buffer.indexOf(0x0a, 0); at !== -1 && at < bytesRead; ) {
      parts.push(buffer.subarray(start, at));
      partBytes += at - start;
      if (partBytes > maxLineBytes(index)) throw onTooLong(index);
      yield {
        text: Buffer.concat(parts).toString("utf8"),
        end: position + at + 1,
        terminated: true,
      };
      parts = [];
      partBytes = 0;
      index += 1;
      start = at + 1;
      at = buffer.indexOf(0x0a, start);
    }
    if (start < bytesRead) {
      parts.push(Buffer.from(buffer.subarray(start, bytesRead)));
      partBytes += bytesRead - start;
      if (partBytes > maxLineBytes(index)) throw onTooLong(index);
    }
    position += bytesRead;
  }
  if (partBytes > 0) {
    yield { text: Buffer.concat(parts).toString("utf8"), end: position, terminated: false };
  }
}
